#include "loss_plot.hpp"

#include <cmath>

#include "palette.hpp"

namespace flowscope::gui {

void drawLossPlot(const Snapshot& snapshot, LossPlotOptions& options, ImVec2 size) {
    const auto& history = snapshot.history;
    const ImVec2 start = ImGui::GetCursorPos();
    std::vector<PlotSeries> series;
    auto add = [&](bool shown, const char* label, ImU32 color, double HistoryPoint::*field) {
        if (!shown) return;
        // The objective is drawn widest: with no penalty the excess lies right on it.
        PlotSeries s{label, color, {}, {}, false, field == &HistoryPoint::objective ? 4.5f : 2.6f};
        s.x.reserve(history.size());
        s.y.reserve(history.size());
        bool any = false;
        for (const HistoryPoint& h : history) {
            s.x.push_back(options.versusTime ? h.time : static_cast<double>(h.step));
            s.y.push_back(h.*field);
            any = any || (std::isfinite(h.*field) && h.*field > 0.0);
        }
        if (any) series.push_back(std::move(s));
    };
    add(options.objective, "objective F", palette::objective, &HistoryPoint::objective);
    add(options.loss, "loss R (data fit)", palette::loss, &HistoryPoint::loss);
    add(options.excess, "excess F \xe2\x88\x92 F*", palette::excess, &HistoryPoint::excess);
    add(options.gradNorm, "velocity norm", palette::gradNorm, &HistoryPoint::gradNorm);
    PlotConfig config;
    config.title = "Loss curves (log scale)";
    config.labels = {options.versusTime ? "flow time t" : "step", ""};
    config.logY = true;
    drawPlot("loss", size, config, series);

    // Toggles in the plot's title row, right-aligned.
    const ImVec2 end = ImGui::GetCursorPos();
    const float font = ImGui::GetFontSize();
    ImGui::SetCursorPos(ImVec2(start.x + size.x - font * 17.5f, start.y));
    ImGui::TextUnformatted("x axis:");
    ImGui::SameLine();
    if (ImGui::RadioButton("step", !options.versusTime)) options.versusTime = false;
    ImGui::SameLine();
    if (ImGui::RadioButton("flow time", options.versusTime)) options.versusTime = true;
    ImGui::SetCursorPos(end);
}

}  // namespace flowscope::gui
