#pragma once
// The live loss curves: objective, excess objective and velocity norm (and, on given data,
// test loss and error rates) against the step or the flow time, on a logarithmic axis, from the snapshot's bounded history.
#include <nlohmann/json.hpp>

#include "engine.hpp"
#include "plot.hpp"

namespace flowscope::gui {

struct LossPlotOptions {
    bool versusTime = false;
    bool objective = true, loss = true, excess = true, gradNorm = true;
    bool data = true;  // test loss and error rates, where the run has them

    // As kept between sessions (settings_store.hpp): the x axis.
    nlohmann::json saved() const { return {{"versus_time", versusTime}}; }
    void restore(const nlohmann::json& saved) {
        if (saved.is_object() && saved.contains("versus_time") && saved["versus_time"].is_boolean())
            versusTime = saved["versus_time"].get<bool>();
    }
};

// Draws the header toggles and the plot at the cursor, filling `size`; returns the plot's
// frame (for a cursor drawn on top).
PlotFrame drawLossPlot(const Snapshot& snapshot, LossPlotOptions& options, ImVec2 size);

}  // namespace flowscope::gui
