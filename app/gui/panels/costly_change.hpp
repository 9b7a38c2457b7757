#pragma once
// Changes that would make steps slow are asked about before they are applied: a particle
// count, a preset or any key whose step would take over a second on this machine (from
// the engine's estimate, step_cost.hpp) opens a question with the estimate ("about 4 min
// per step") and the change waits for Apply. Smaller changes apply at once.
#include <functional>
#include <string>

#include "app_state.hpp"

namespace flowscope::gui {

// Above this estimate a change asks first.
constexpr double kAskAboveSecondsPerStep = 1.0;

// Applies `apply` now when a step of `candidate` is estimated under the limit, else keeps
// it for the question; `what` names the change ("m = 100000").
void applyOrAsk(AppState& state, const Scenario& candidate, const std::string& what,
                std::function<void(AppState&)> apply);
// The same for a change whose step is estimated already (the runs of a comparison, whose
// steps add up: they share the machine).
void applyOrAsk(AppState& state, double secondsPerStep, const std::string& what, std::function<void(AppState&)> apply);
// The question, when one is waiting (call once per frame).
void drawCostlyChangeQuestion(AppState& state);
// Answers it as the buttons do (scripted runs); false when nothing was asked.
bool answerCostlyChange(AppState& state, bool apply);

}  // namespace flowscope::gui
