#pragma once
// The control column (scenario, run, dynamics, view, every scenario key), the banners
// for refused values and divergence, and the status line.
#include <string>
#include <vector>

#include "app_state.hpp"

namespace flowscope::gui {

void drawControls(AppState& state);
// Banners float over the top of `views` in a window of their own.
void drawBanners(AppState& state, const ScreenRect& views);
void drawStatusLine(AppState& state, float framesPerSecond);
std::vector<std::string> statusItems(const AppState& state, float framesPerSecond);

}  // namespace flowscope::gui
