#pragma once
// A network's own data in the window: "Load data..." (a path field; a CSV dropped onto the
// window goes the same way), and the samples drawn by clicking in the predictor view. A file
// the run cannot read is refused by the engine like any bad value: its one-line message
// appears and the run goes on as it was.
#include <string>

#include "app_state.hpp"
#include "classifier_view.hpp"

namespace flowscope::gui {

// The Problem section's data rows (networks only): the path field, Load and Clear.
void dataSection(AppState& state);
// Loads a data CSV as data.file: network.input_dim follows the file's header, a population
// risk becomes empirical. Same inputs: the particles keep flowing; otherwise a new start.
void loadDataFile(AppState& state, const std::string& path);
// Adds a clicked sample: the run's data plus it, written to a new CSV and loaded as data.file.
void addDrawnSample(AppState& state, const ClassifierView::Click& click);

}  // namespace flowscope::gui
