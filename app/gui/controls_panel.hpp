#pragma once
// The control column (scenario, run, dynamics, view, every scenario key), the banners
// for refused values and divergence, the status line, and the keyboard shortcuts.
#include "app_state.hpp"

namespace flowscope::gui {

void drawControls(AppState& state);
void drawBanners(AppState& state);
void drawStatusLine(AppState& state, float framesPerSecond);
void handleShortcuts(AppState& state);

// Shortcut list shown in the panel and in docs/gui.md.
struct Shortcut {
    const char* keys;
    const char* action;
};
const Shortcut* shortcuts(int& count);

}  // namespace flowscope::gui
