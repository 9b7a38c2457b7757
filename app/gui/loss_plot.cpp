#include "loss_plot.hpp"

#include <cmath>

#include "palette.hpp"
#include "widget_rects.hpp"

namespace flowscope::gui {

void drawLossPlot(const Snapshot& snapshot, LossPlotOptions& options, ImVec2 size) {
    const auto& history = snapshot.history;
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

    // The header: the title, and the x axis toggles right-aligned on the same row if
    // both fit, else the toggles on a row of their own below the title.
    const char* title = "Loss curves (log scale)";
    const float font = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 start = ImGui::GetCursorPos();
    auto radioWidth = [&](const char* label) { return ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x; };
    const float togglesWidth = ImGui::CalcTextSize("x axis:").x + radioWidth("step") + radioWidth("flow time") + 2 * style.ItemSpacing.x;
    const float titleWidth = ImGui::CalcTextSize(title).x;
    const bool oneRow = titleWidth + font + togglesWidth <= size.x;
    const float rowHeight = ImGui::GetFrameHeight();
    ImGui::AlignTextToFramePadding();
    const std::string shownTitle = fitText(title, size.x);
    ImGui::TextUnformatted(shownTitle.c_str());
    const ScreenRect titleBox{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    const ImVec2 togglesAt = oneRow ? ImVec2(start.x + size.x - togglesWidth, start.y) : ImVec2(start.x, start.y + rowHeight + style.ItemSpacing.y);
    ImGui::SetCursorPos(togglesAt);
    ImGui::BeginGroup();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("x axis:");
    ImGui::SameLine();
    if (ImGui::RadioButton("step", !options.versusTime)) options.versusTime = false;
    ImGui::SameLine();
    if (ImGui::RadioButton("flow time", options.versusTime)) options.versusTime = true;
    ImGui::EndGroup();
    const ScreenRect togglesBox{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    const float header = (oneRow ? rowHeight : 2 * rowHeight + style.ItemSpacing.y) + style.ItemSpacing.y;
    ImGui::SetCursorPos(ImVec2(start.x, start.y + header));

    PlotConfig config;
    config.labels = {options.versusTime ? "flow time t" : "step", ""};
    config.logY = true;
    config.name = "loss";
    drawPlot("loss", ImVec2(size.x, size.y - header), config, series);
    WidgetRects& rects = widgetRects();
    rects.add("loss.title", "loss", titleBox);
    rects.add("loss.toggles", "loss", togglesBox);
}

}  // namespace flowscope::gui
