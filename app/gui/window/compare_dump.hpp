#pragma once
// Compare mode in the state dump (state_dump.hpp): the comparison and, for each run, its
// label and differing keys, where it is (step, flow time, objective and the rest), whether
// it shows its past, its timeline and curve, and its first particles.
#include <nlohmann/json.hpp>

#include "compare_session.hpp"

namespace flowscope::gui {

// `curves`: the curves the overlaid loss plot drew.
nlohmann::json compareDump(const CompareSession& session, int curves);

}  // namespace flowscope::gui
