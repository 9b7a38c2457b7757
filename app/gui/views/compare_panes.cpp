#include "compare_panes.hpp"

#include <algorithm>
#include <string>

#include "plot.hpp"
#include "widget_rects.hpp"

namespace flowscope::gui {

namespace {

bool sameView(const View2D& a, const View2D& b) {
    return a.centerX == b.centerX && a.centerY == b.centerY && a.pixelsPerUnitX == b.pixelsPerUnitX &&
           a.pixelsPerUnitY == b.pixelsPerUnitY;
}

// A value as the title shows it: JSON text without a string's quotes.
std::string bare(const std::string& value) {
    return value.size() >= 2 && value.front() == '"' && value.back() == '"' ? value.substr(1, value.size() - 2) : value;
}

}  // namespace

// The run's differing values, as much of them as fits: its label ("particles.count = 3",
// or a comparison's own "m = 3"), then the keys' last parts ("count = 3"), then the values
// alone ("3"); the whole label is in the title's tooltip and the loss plot's legend.
std::vector<std::string> paneTitleForms(const ComparedRun& run) {
    std::vector<std::string> forms{run.label};
    std::string shortKeys, values;
    for (const auto& [key, value] : run.settings) {
        const std::size_t dot = key.rfind('.');
        const std::string sep = values.empty() ? "" : ", ";
        shortKeys += sep + (dot == std::string::npos ? key : key.substr(dot + 1)) + " = " + bare(value);
        values += sep + bare(value);
    }
    if (!run.settings.empty()) forms.push_back(shortKeys), forms.push_back(values);
    return forms;
}

std::string paneTitle(const ComparedRun& run, float width) {
    const std::vector<std::string> forms = paneTitleForms(run);
    for (const std::string& f : forms)
        if (ImGui::CalcTextSize(f.c_str()).x <= width) return f;
    return fitText(forms.back(), width);
}

// One legend for all the panes, above them: the marks mean the same in every pane, and a
// legend in each would take a third of a pane on a projector. A mark some pane names
// otherwise (its trails on 1 particle in 4 where another has them all) is listed once, in
// the words of the first pane (up to a comma: the rest is the pane's detail).
std::vector<LegendEntry> ComparePanes::sharedLegend() const {
    std::vector<LegendEntry> shared;
    const auto head = [](const std::string& label) { return label.substr(0, label.find(',')); };
    for (const auto& pane : panes_)
        for (const LegendEntry& e : pane->view.legendEntries())
            if (std::none_of(shared.begin(), shared.end(), [&](const LegendEntry& s) { return head(s.label) == head(e.label); }))
                shared.push_back(e);
    return shared;
}

// The run with the most particles leads the shared axes: its fit (the bulk of its cloud and
// the truth) holds the few of the others too, while a few particles' fit would cut the many off.
std::size_t ComparePanes::widest(const CompareSession& session) {
    std::size_t lead = 0;
    for (std::size_t i = 0; i < session.size(); ++i)
        if (session.comparison().runs[i].scenario.particleCount > session.comparison().runs[lead].scenario.particleCount) lead = i;
    return lead;
}

void ComparePanes::open(const CompareSession& session) {
    panes_.clear();
    for (std::size_t i = 0; i < session.size(); ++i) {
        auto pane = std::make_unique<Pane>();
        pane->view.initialize();
        pane->predictor.initialize();
        panes_.push_back(std::move(pane));
    }
    lead_ = widest(session);
}

void ComparePanes::remove(std::size_t i, const CompareSession& session) {
    if (i >= panes_.size()) return;
    panes_.erase(panes_.begin() + std::ptrdiff_t(i));
    lead_ = widest(session);
}

void ComparePanes::fit(const CompareSession* session) {
    if (session) lead_ = widest(*session);
    for (auto& pane : panes_) pane->view.fit();
}

void ComparePanes::update(CompareSession& session, const ParticleViewOptions& options, bool throttlePredictor, bool recordTrail) {
    for (std::size_t i = 0; i < panes_.size() && i < session.size(); ++i) {
        Pane& pane = *panes_[i];
        // The view options are the single view's (the panel sets them); each pane keeps
        // only whether it follows its particles.
        const bool follow = pane.view.options.follow;
        pane.view.options = options;
        pane.view.options.follow = follow;
        pane.view.options.legend = false;  // the panes' one legend is drawn above them
        // The panes share the single view's trail budget: as many paths on screen in all, each
        // pane's smaller picture no more crowded, and the frame time no larger for more runs.
        pane.view.options.trailParticles = std::max(250, options.trailParticles / static_cast<int>(panes_.size()));
        pane.predictor.throttle = throttlePredictor;
        pane.view.density().synchronous = !throttlePredictor;  // as the single view's: only scripted runs and clips wait
        ComparedRun& run = session.run(i);
        pane.view.update(run.snapshot, run.pathFrames, recordTrail);
    }
}

PaneClicks ComparePanes::draw(CompareSession& session, const ScreenRect& rect, ImFont* heading) {
    PaneClicks clicks;
    const std::size_t n = std::min(panes_.size(), session.size());
    if (n == 0) return clicks;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float gap = style.ItemSpacing.x;
    const float width = (rect.width() - gap * float(n - 1)) / float(n);
    WidgetRects& rects = widgetRects();
    // The shared legend in a row of its own above the panes, never on a pane's particles.
    const std::vector<LegendEntry> legend = sharedLegend();
    const float legendX = rect.min.x + style.WindowPadding.x * 0.5f;
    const LegendFlow flow = flowLegend(legend, rect.max.x - legendX);
    rects.add("compare.legend", "compare", drawLegend(ImGui::GetWindowDrawList(), ImVec2(legendX, rect.min.y), legend, flow));
    const float top = rect.min.y + (legend.empty() ? 0.0f : flow.height + style.ItemSpacing.y * 0.5f);
    lead_ = std::min(lead_, n - 1);
    // The lead pane first: the others take its view in the same frame.
    std::vector<std::size_t> order{lead_};
    for (std::size_t i = 0; i < n; ++i)
        if (i != lead_) order.push_back(i);
    std::size_t moved = lead_;
    for (std::size_t i : order) {
        Pane& pane = *panes_[i];
        const ComparedRun& run = session.run(i);
        const float x = rect.min.x + float(i) * (width + gap);
        const ScreenRect paneRect{ImVec2(x, top), ImVec2(x + width, rect.max.y)};
        const std::string id = "compare.pane." + std::to_string(i);
        ImGui::SetCursorScreenPos(paneRect.min);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(style.WindowPadding.x * 0.5f, style.WindowPadding.y * 0.5f));
        ImGui::BeginChild(id.c_str(), ImVec2(paneRect.width(), paneRect.height()), true,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNavInputs);
        ImGui::PopStyleVar();
        rects.add(id, "compare", paneRect);
        // The title: the run's differing values in its colour, then its two buttons at the right
        // ("Single" for "Single view" when a narrow pane needs the room for the title).
        const auto buttonsWidth = [&](const char* single) {
            return ImGui::CalcTextSize(single).x + ImGui::CalcTextSize("\xc3\x97").x + style.FramePadding.x * 4 + style.ItemSpacing.x;
        };
        const float inner = ImGui::GetContentRegionAvail().x;
        const float fullButtons = buttonsWidth("Single view"), shortButtons = buttonsWidth("Single");
        if (heading) ImGui::PushFont(heading);
        // "Single view" in full while the title keeps its keys ("count = 3"), else "Single".
        const std::vector<std::string> forms = paneTitleForms(run);
        const std::string& keyed = forms[std::min<std::size_t>(1, forms.size() - 1)];
        const bool roomy = inner - fullButtons - style.ItemSpacing.x >= ImGui::CalcTextSize(keyed.c_str()).x;
        const char* single = roomy ? "Single view" : "Single";
        const float buttons = roomy ? fullButtons : shortButtons;
        const float room = inner - buttons - style.ItemSpacing.x;
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, run.color);
        const std::string title = paneTitle(run, room);
        ImGui::TextUnformatted(title.c_str());
        ImGui::PopStyleColor();
        if (heading) ImGui::PopFont();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", run.label.c_str());
        rects.add(id + ".title", id, {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - buttons);
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Button(single)) clicks.promote = static_cast<int>(i);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("continue this run alone in the single view (the others close)");
        ImGui::SameLine();
        if (ImGui::Button("\xc3\x97")) clicks.remove = static_cast<int>(i);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("remove this run from the comparison");
        ImGui::PopID();

        // The particles over the predictor, most of the height to the particles; a short pane
        // (a small window, a large UI scale) shows the particles alone.
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const bool predictor = avail.y >= ImGui::GetFontSize() * 26.0f;
        const float predictorHeight = predictor ? avail.y * 0.36f : 0.0f;
        const float particleHeight = predictor ? std::max(avail.y - predictorHeight - style.ItemSpacing.y, 10.0f) : avail.y;
        const View2D shared = panes_[lead_]->view.view();
        if (i != lead_) pane.view.shareView(shared);
        pane.view.draw(run.snapshot, ImVec2(avail.x, particleHeight));
        // A pan or zoom in this pane: from the next frame on the others take its view.
        if (i != lead_ && !sameView(pane.view.view(), shared)) moved = i;
        rects.add(id + ".particles", id, pane.view.rect());
        rects.add(id + ".area", id, pane.view.area());
        if (predictor) {
            const ImVec2 at = ImGui::GetCursorScreenPos();
            pane.predictor.draw(run.snapshot, ImVec2(avail.x, predictorHeight));
            rects.add(id + ".predictor", id, {at, ImVec2(at.x + avail.x, at.y + predictorHeight)});
        }
        ImGui::EndChild();
    }
    if (moved != lead_) {
        panes_[moved]->view.options.follow = false;
        lead_ = moved;
    }
    return clicks;
}

}  // namespace flowscope::gui
