#pragma once
// The control column (scenario, run, dynamics, view, every scenario key), the banners
// for refused values and divergence, and the status line.
#include <functional>
#include <string>
#include <vector>

#include "app_state.hpp"
#include "camera.hpp"

namespace flowscope::gui {

// `viewOptions` draws the views' own options in the View section.
void drawControls(AppState& state, const std::function<void(HeldEdit&)>& viewOptions = {});
// Banners float over the top of `views` in a window of their own.
void drawBanners(AppState& state, const ScreenRect& views);
// How the runs shown play (log time, steps per second, as fast as possible).
void paceControls(AppState& state);
// The View section's buttons: Fit view and Screenshot, then Record clip (Stop recording).
void viewButtons(AppState& state);
void drawStatusLine(AppState& state, float framesPerSecond);
std::vector<std::string> statusItems(const AppState& state, float framesPerSecond);

}  // namespace flowscope::gui
