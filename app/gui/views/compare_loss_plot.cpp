#include "compare_loss_plot.hpp"

#include <algorithm>
#include <cmath>

#include "compare_panes.hpp"
#include "widget_rects.hpp"
#include "window_layout.hpp"

namespace flowscope::gui {

namespace {

struct Metric {
    const char* name;
    const char* label;
};
constexpr Metric kMetrics[] = {{"excess", "excess F \xe2\x88\x92 F*"},
                               {"objective", "objective F"},
                               {"loss", "loss R"},
                               {"grad_norm", "velocity norm"}};

}  // namespace

void drawPlotCursor(const PlotFrame& frame, double x, const std::vector<std::pair<double, ImU32>>& dots) {
    if (!std::isfinite(x) || (frame.x.log && x <= 0.0)) return;
    const float px = frame.x.toPixel(x);
    if (px < frame.min.x - 0.5f || px > frame.max.x + 0.5f) return;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();
    draw->AddLine(ImVec2(px, frame.min.y), ImVec2(px, frame.max.y), IM_COL32(255, 255, 255, 200), std::max(1.5f, font * 0.1f));
    for (const auto& [y, color] : dots) {
        if (!std::isfinite(y) || (frame.y.log && y <= 0.0)) continue;
        const float py = std::clamp(frame.y.toPixel(y), frame.min.y, frame.max.y);
        draw->AddCircleFilled(ImVec2(px, py), font * 0.32f, color, 16);
        draw->AddCircle(ImVec2(px, py), font * 0.32f, IM_COL32(14, 15, 19, 255), 16, 1.5f);
    }
}

int drawCompareLossPlot(const CompareSession& session, CompareLossOptions& options, ImVec2 size) {
    if (options.metric.empty()) options.metric = session.comparison().claim ? session.comparison().claim->metric : "excess";
    const Metric* metric = &kMetrics[0];
    for (const Metric& m : kMetrics)
        if (options.metric == m.name) metric = &m;

    // The header: the metric picker and the log-time toggle, then the title if it fits beside
    // them (the picker names what is plotted, so a small window drops the title first).
    const ImGuiStyle& style = ImGui::GetStyle();
    const float start = ImGui::GetCursorPosY();
    WidgetRects& rects = widgetRects();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
    ImGui::PushID("compare-metric");
    if (ImGui::BeginCombo("##metric", metric->label)) {
        for (const Metric& m : kMetrics)
            if (ImGui::Selectable(m.label, &m == metric)) options.metric = m.name;
        ImGui::EndCombo();
    }
    ImGui::PopID();
    rects.add("compare.loss.metric", "compare.loss", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    sameLineIfRoom(ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize("log t").x);
    ImGui::Checkbox("log t", &options.logTime);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("flow time on a log scale: the first moments, where the runs part, as wide as the end");
    rects.add("compare.loss.log_time", "compare.loss", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    const char* titleText = "Loss curves of the runs, each in its colour";
    if (ImGui::GetContentRegionAvail().x - ImGui::GetItemRectMax().x + ImGui::GetWindowPos().x >
        ImGui::CalcTextSize(titleText).x + style.ItemSpacing.x * 4) {
        ImGui::SameLine(0.0f, style.ItemSpacing.x * 3);
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", titleText);
        rects.add("compare.loss.title", "compare.loss", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    }
    const float header = ImGui::GetCursorPosY() - start;

    std::vector<PlotSeries> series;
    std::vector<std::pair<double, ImU32>> dots;
    for (std::size_t r = 0; r < session.size(); ++r) {
        const ComparedRun& run = session.run(r);
        PlotSeries s{run.label, run.color, {}, {}, false, 3.2f};
        bool any = false;
        for (const HistoryPoint& h : run.snapshot.history) {
            const double v = claimMetric(h, options.metric);
            s.x.push_back(h.time);
            s.y.push_back(v);
            any = any || (std::isfinite(v) && v > 0.0);
        }
        if (!any) continue;
        series.push_back(std::move(s));
        dots.emplace_back(claimMetric(run.snapshot.current, options.metric), run.color);
    }
    // The legend on one row if the keys' short names make it fit ("count = 3" for
    // "particles.count = 3": the pane titles and the tooltips say the rest), so the curves
    // keep their height on a projector.
    const auto rows = [&] {
        std::vector<LegendEntry> entries;
        for (const PlotSeries& s : series) entries.push_back({s.label, s.color});
        return flowLegend(entries, size.x - ImGui::GetFontSize() * 0.6f).height / (ImGui::GetFontSize() * 1.25f);
    };
    if (rows() > 1.5f)
        for (PlotSeries& s : series)
            for (std::size_t r = 0; r < session.size(); ++r)
                if (session.run(r).label == s.label) {
                    const std::vector<std::string> forms = paneTitleForms(session.run(r));
                    s.label = forms[std::min<std::size_t>(1, forms.size() - 1)];
                    break;
                }
    PlotConfig config;
    // The picker above names the metric; the x axis is named where there is room for it.
    config.labels = {size.y - header > ImGui::GetFontSize() * 10.0f ? "flow time t" : "", ""};
    config.logY = true;
    config.logX = options.logTime;
    config.name = "compare.loss";
    const PlotFrame frame = drawPlot("compare-loss", ImVec2(size.x, size.y - header), config, series);
    // The moment a scrub shows (the runs' own is the curves' end).
    if (!series.empty() && session.past()) drawPlotCursor(frame, session.shownTime(), dots);
    return static_cast<int>(series.size());
}

}  // namespace flowscope::gui
