#pragma once
// Compare mode's controls: how a comparison starts from the single view (the "Compare
// with..." dialog: a key and its values, from the current run; the built-in comparisons,
// one click each), and the control column and status line while runs are compared.
#include <functional>

#include "app_state.hpp"

namespace flowscope::gui {

class CompareSession;

// The single view's Compare section: "Compare with..." and a button per built-in comparison.
void drawCompareLauncher(AppState& state);
// The "Compare with..." dialog, when asked for (AppState::compareRequests.dialog); call every frame.
void drawCompareDialog(AppState& state);
// The control column while comparing: the runs, play / step / reset / pace for all, lockstep,
// the view options (`viewOptions`, as in the single view), and the way back.
void drawComparePanel(AppState& state, CompareSession& session, const std::function<void(HeldEdit&)>& viewOptions);
void drawCompareStatusLine(AppState& state, const CompareSession& session, float framesPerSecond);

}  // namespace flowscope::gui
