#include "loss_plot.hpp"

#include <cmath>

#include "palette.hpp"
#include "widget_rects.hpp"
#include "window_layout.hpp"

namespace flowscope::gui {

PlotFrame drawLossPlot(const Snapshot& snapshot, LossPlotOptions& options, ImVec2 size) {
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
    // Networks on given data: the held-out loss, and (classification) the error rates
    // 1 - accuracy, which a log axis shows as well as a loss. Absent elsewhere (all NaN).
    add(options.data, "test loss", palette::testLoss, &HistoryPoint::testLoss);
    auto addError = [&](const char* label, ImU32 color, double HistoryPoint::*accuracy) {
        if (!options.data) return;
        PlotSeries s{label, color, {}, {}, false, 2.0f};
        bool any = false;
        for (const HistoryPoint& h : history) {
            s.x.push_back(options.versusTime ? h.time : static_cast<double>(h.step));
            s.y.push_back(1.0 - h.*accuracy);
            any = any || std::isfinite(h.*accuracy);
        }
        if (any) series.push_back(std::move(s));
    };
    addError("error 1 \xe2\x88\x92 accuracy", palette::accuracy, &HistoryPoint::accuracy);
    addError("test error", palette::testAccuracy, &HistoryPoint::testAccuracy);

    // The header: the title, then the x axis choice on the same row if it fits, else
    // wrapping onto the rows below.
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 start = ImGui::GetCursorPos();
    auto radioWidth = [&](const char* label) { return ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x; };
    ImGui::AlignTextToFramePadding();
    const std::string title = fitText("Loss curves (log scale)", size.x);
    ImGui::TextUnformatted(title.c_str());
    const ScreenRect titleBox{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    const float togglesWidth = ImGui::CalcTextSize("x:").x + radioWidth("step") + radioWidth("flow time") + 2 * style.ItemSpacing.x;
    if (titleBox.width() + style.ItemSpacing.x * 3 + togglesWidth <= size.x) ImGui::SameLine(0.0f, style.ItemSpacing.x * 3);
    ImGui::BeginGroup();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("x:");
    ImGui::SameLine();
    if (ImGui::RadioButton("step", !options.versusTime)) options.versusTime = false;
    sameLineIfRoom(radioWidth("flow time"));
    if (ImGui::RadioButton("flow time", options.versusTime)) options.versusTime = true;
    ImGui::EndGroup();
    const ScreenRect togglesBox{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    const float header = ImGui::GetCursorPosY() - start.y;

    PlotConfig config;
    config.labels = {options.versusTime ? "flow time t" : "step", ""};
    config.logY = true;
    config.name = "loss";
    const PlotFrame frame = drawPlot("loss", ImVec2(size.x, size.y - header), config, series);
    WidgetRects& rects = widgetRects();
    rects.add("loss.title", "loss", titleBox);
    rects.add("loss.toggles", "loss", togglesBox);
    return frame;
}

}  // namespace flowscope::gui
