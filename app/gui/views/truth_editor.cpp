#include "truth_editor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "given_truth.hpp"
#include "ground_truth.hpp"
#include "palette.hpp"

namespace flowscope::gui {

namespace {

const ImU32 kGrab = IM_COL32(255, 214, 90, 255);  // amber: what the mouse would take

float distance(ImVec2 a, ImVec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Distance from p to the segment [a, b].
float segmentDistance(ImVec2 p, ImVec2 a, ImVec2 b) {
    const float dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy;
    const float t = length2 > 0.0f ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0f, 1.0f) : 0.0f;
    return distance(p, ImVec2(a.x + t * dx, a.y + t * dy));
}

double wrap(double x) {
    const double y = x - std::floor(x);
    return y < 1.0 ? y : 0.0;
}

double largestAmplitude(const ParticleSet& truth) {
    double a = 0.0;
    for (int j = 0; j < truth.count(); ++j) a = std::max(a, std::abs(truth.w[j]));
    return a > 0.0 ? a : 1.0;
}

// The ring drawTruth draws around a 2-D spike (its radius grows with sqrt |a|).
float spikeRing(const ParticleSet& truth, int j) {
    return ImGui::GetFontSize() * (0.6f + 0.9f * static_cast<float>(std::sqrt(std::abs(truth.w[j]) / largestAmplitude(truth))));
}

bool homogeneousPlane(const Embedding& e) { return e.kind == EmbeddingKind::Plane && e.homogeneous; }

}  // namespace

Eigen::Vector3d TruthEditor::handleOf(const ParticleSet& truth, int j, const Embedding& e) {
    switch (e.kind) {
        case EmbeddingKind::Spikes1D: return {truth.theta(0, j), truth.w[j], 0.0};
        case EmbeddingKind::Torus2D: return {truth.theta(0, j), truth.theta(1, j), 0.0};
        default: {
            const Eigen::Vector3d d = e.direction(truth.theta.col(j));
            return e.homogeneous ? Eigen::Vector3d(d * std::abs(truth.w[j])) : d;
        }
    }
}

namespace {

Eigen::Vector3d handleAt(const ParticleSet& truth, int j, const Embedding& e) { return TruthEditor::handleOf(truth, j, e); }

std::string describe(const ParticleSet& truth, int j, const Embedding& e) {
    char text[160];
    if (e.kind == EmbeddingKind::Spikes1D)
        std::snprintf(text, sizeof text, "spike %d: a = %.3g at \xce\xb8 = %.3f", j + 1, truth.w[j], truth.theta(0, j));
    else if (e.kind == EmbeddingKind::Torus2D)
        std::snprintf(text, sizeof text, "spike %d: a = %.3g at (%.3f, %.3f)", j + 1, truth.w[j], truth.theta(0, j), truth.theta(1, j));
    else
        std::snprintf(text, sizeof text, "teacher unit %d: a = %.3g, \xce\xb8* = (%.3f, %.3f)", j + 1, truth.w[j], truth.theta(0, j),
                      truth.theta(1, j));
    return text;
}

const char* hint(TruthPart part) {
    switch (part) {
        case TruthPart::Head: return "drag: move it and set its amplitude";
        case TruthPart::Stem: return "drag: move it";
        case TruthPart::Ring: return "drag the ring: scale its amplitude";
        case TruthPart::Mark: return "drag: turn it and set |a|";
        case TruthPart::Ray: return "drag: turn it";
        default: return "";
    }
}

}  // namespace

bool TruthEditor::editable(const Embedding& e) {
    return e.kind == EmbeddingKind::Spikes1D || e.kind == EmbeddingKind::Torus2D ||
           (e.kind == EmbeddingKind::Plane && e.basis.rows() == 2 && e.basis.cols() == 2);
}

bool TruthEditor::inFlight(const Snapshot& s) const { return pending_.has_value() || s.commandsApplied < postedAt_; }

TruthSettings TruthEditor::latest(const Snapshot& s) const { return pending_ ? *pending_ : s.scenario.truth; }

// The run's own truth is shown again once our edits are applied; another problem (a
// preset, a loaded file) starts a history of its own.
void TruthEditor::follow(const Snapshot& s) {
    const std::string key = s.scenario.name + "/" + choiceName(s.scenario.problem) + "/" + std::to_string(s.scenario.positionDim());
    if (key != scenarioKey_) {
        scenarioKey_ = key;
        undo_.clear(), redo_.clear();
        pending_.reset();
        drag_ = {};
    }
    if (!inFlight(s) && !dragging()) haveWorking_ = false;
}

const ParticleSet& TruthEditor::shown(const Snapshot& s) const {
    static const ParticleSet none;
    if (haveWorking_) return working_;
    return s.problem ? s.problem->truth() : none;
}

TruthHandle TruthEditor::hit(const ParticleSet& truth, const Embedding& e, const ViewMap& map, ImVec2 mouse) const {
    const float font = ImGui::GetFontSize();
    const float reach = font * 0.6f;  // a generous target at any UI scale
    TruthHandle best;
    float bestDistance = 1e30f;
    auto offer = [&](int j, TruthPart part, float d, float within) {
        if (d <= within && d < bestDistance) bestDistance = d, best = {j, part};
    };
    for (int j = 0; j < truth.count(); ++j) {
        const ImVec2 at = map.toScreen(handleAt(truth, j, e));
        switch (e.kind) {
            case EmbeddingKind::Spikes1D: {
                offer(j, TruthPart::Head, distance(mouse, at), reach);
                const ImVec2 base = map.toScreen({truth.theta(0, j), 0.0, 0.0});
                offer(j, TruthPart::Stem, segmentDistance(mouse, base, at) + font * 0.2f, font * 0.45f);
                break;
            }
            case EmbeddingKind::Torus2D:
            case EmbeddingKind::Plane: {
                if (homogeneousPlane(e)) {
                    offer(j, TruthPart::Mark, distance(mouse, at), reach);
                    const double n = e.direction(truth.theta.col(j)).norm();
                    if (n < 1e-12) break;
                    const Eigen::Vector3d far = e.direction(truth.theta.col(j)) / n * (std::abs(truth.w[j]) * 4.0 + 1.0);
                    offer(j, TruthPart::Ray, segmentDistance(mouse, map.toScreen(Eigen::Vector3d::Zero()), map.toScreen(far)) + font * 0.2f,
                          font * 0.45f);
                } else {
                    const float r = e.kind == EmbeddingKind::Torus2D ? spikeRing(truth, j) : font * 0.8f;
                    const float d = distance(mouse, at);
                    offer(j, TruthPart::Ring, std::abs(d - r), font * 0.3f);
                    if (d < r - font * 0.3f) offer(j, TruthPart::Stem, d, r);
                }
                break;
            }
            default: break;
        }
    }
    return best;
}

void TruthEditor::edit(const Snapshot& s, ParticleSet truth) {
    TruthSettings settings = latest(s);
    settings.given = truthRows(truth);
    settings.count = truth.count();
    pending_ = settings;
    working_ = std::move(truth);
    haveWorking_ = true;
    edited_ = true;
}

void TruthEditor::restore(const Snapshot& s, const TruthSettings& settings) {
    Scenario scenario = s.scenario;
    scenario.truth = settings;
    try {
        working_ = groundTruth(scenario);  // what the engine will draw or take
    } catch (const std::exception&) {
        return;  // a truth this problem cannot hold: the engine would refuse it too
    }
    haveWorking_ = true;
    pending_ = settings;
}

bool TruthEditor::input(const Snapshot& s, const Embedding& e, const ViewMap& map, bool hovered) {
    follow(s);
    if (!s.problem || !editable(e) || s.past) {
        hover_ = drag_ = {};
        overView_ = false;
        return false;
    }
    const ImGuiIO& io = ImGui::GetIO();
    if (dragging()) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
        const int j = drag_.unit;
        ParticleSet truth = dragStart_;
        const Eigen::Vector2d to = map.toWorld(io.MousePos) + grabOffset_;
        const double sign = truth.w[j] < 0.0 ? -1.0 : 1.0;
        switch (drag_.part) {
            case TruthPart::Head: truth.theta(0, j) = wrap(to.x()), truth.w[j] = to.y(); break;
            case TruthPart::Stem:
                truth.theta(0, j) = e.periodic ? wrap(to.x()) : to.x();
                if (truth.dim() > 1) truth.theta(1, j) = e.periodic ? wrap(to.y()) : to.y();
                break;
            case TruthPart::Ring: {  // the amplitude scales with the ring's area
                const ImVec2 centre = map.toScreen(handleAt(dragStart_, j, e));
                const double ratio = distance(io.MousePos, centre) / std::max(1.0f, distance(grabMouse_, centre));
                truth.w[j] = dragStart_.w[j] * std::max(ratio * ratio, 1e-3);
                break;
            }
            case TruthPart::Mark:
            case TruthPart::Ray: {
                const double n = to.norm();
                if (n < 1e-9 || truth.dim() < 2) break;
                truth.theta(0, j) = to.x() / n, truth.theta(1, j) = to.y() / n;  // a unit of the plane
                if (drag_.part == TruthPart::Mark) truth.w[j] = sign * n;
                break;
            }
            default: break;
        }
        edit(s, std::move(truth));
        if (!io.MouseDown[ImGuiMouseButton_Left]) drag_ = {};  // released: the last position stays
        return true;
    }
    overView_ = hovered;
    hover_ = hovered ? hit(shown(s), e, map, io.MousePos) : TruthHandle{};
    if (!hovered) return false;
    if (hover_.unit >= 0) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            undo_.push_back(latest(s)), redo_.clear();
            drag_ = hover_;
            dragStart_ = shown(s);
            grabMouse_ = io.MousePos;
            const Eigen::Vector3d at = handleAt(dragStart_, drag_.unit, e);
            grabOffset_ = Eigen::Vector2d::Zero();  // a ray turns to the pointer itself
            if (drag_.part != TruthPart::Ray) grabOffset_ = Eigen::Vector2d(at.x(), at.y()) - map.toWorld(io.MousePos);
        }
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Right)) rightPressed_ = hover_.unit;
        if (ImGui::IsMouseReleased(ImGuiMouseButton_Right) && rightPressed_ == hover_.unit &&
            std::abs(io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Right]) < ImGui::GetFontSize() * ImGui::GetFontSize())
            removeHovered(s);
        return true;
    }
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Right)) rightPressed_ = -1;
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {  // a new unit where the mouse is
        ParticleSet truth = shown(s);
        if (truth.count() >= kMaxTruthUnits) return true;
        const Eigen::Vector2d at = map.toWorld(io.MousePos);
        const double typical = largestAmplitude(truth);
        Eigen::VectorXd theta = Eigen::VectorXd::Zero(truth.dim());
        double w = typical;
        if (e.kind == EmbeddingKind::Spikes1D) {
            theta[0] = wrap(at.x());
            if (std::abs(at.y()) > 0.05 * typical) w = at.y();
        } else if (e.kind == EmbeddingKind::Torus2D) {
            theta << wrap(at.x()), wrap(at.y());
        } else if (homogeneousPlane(e)) {
            if (at.norm() < 1e-9 || theta.size() < 2) return true;
            theta.head<2>() = at / at.norm();
            w = at.norm();
        } else {  // the view's two coordinates; any further ones stay 0
            for (Eigen::Index k = 0; k < std::min<Eigen::Index>(2, theta.size()); ++k) theta[k] = at[k];
        }
        ParticleSet added(1, truth.dim());
        added.w[0] = w;
        added.theta.col(0) = theta;
        truth.append(added);
        undo_.push_back(latest(s)), redo_.clear();
        edit(s, std::move(truth));
        return true;
    }
    return false;
}

void TruthEditor::removeHovered(const Snapshot& s) {
    const int j = hover_.unit;
    const ParticleSet truth = shown(s);
    if (j < 0 || j >= truth.count() || truth.count() <= 1 || dragging()) return;
    ParticleSet kept(truth.count() - 1, truth.dim());
    for (int k = 0, out = 0; k < truth.count(); ++k)
        if (k != j) kept.w[out] = truth.w[k], kept.theta.col(out++) = truth.theta.col(k);
    undo_.push_back(latest(s)), redo_.clear();
    edit(s, std::move(kept));
    hover_ = {};
    rightPressed_ = -1;
}

void TruthEditor::undo(const Snapshot& s) { travel(undo_, redo_, s); }
void TruthEditor::redo(const Snapshot& s) { travel(redo_, undo_, s); }

// Undo and redo are one move between the two stacks: the latest truth goes on `to`, the
// top of `from` comes back.
void TruthEditor::travel(std::vector<TruthSettings>& from, std::vector<TruthSettings>& to, const Snapshot& s) {
    if (from.empty() || dragging()) return;
    to.push_back(latest(s));
    const TruthSettings back = from.back();
    from.pop_back();
    restore(s, back);
}

void TruthEditor::post(Engine& engine, const Snapshot& s) {
    if (!pending_) return;
    if (dragging() && s.commandsApplied < postedAt_) return;  // one command in flight at a time
    engine.setTruth(*pending_);
    postedAt_ = engine.commandsPosted();
    pending_.reset();
}

void TruthEditor::drawFeedback(const Snapshot& s, const Embedding& e, const ViewMap& map, ImDrawList* draw) const {
    const TruthHandle& h = dragging() ? drag_ : hover_;
    const ParticleSet& truth = shown(s);
    const float font = ImGui::GetFontSize();
    if (h.unit < 0 && overView_ && !edited_) {  // a newcomer learns that the truth can be taken
        const char* text = e.kind == EmbeddingKind::Plane ? "drag a teacher unit's ring or ray \xc2\xb7 double-click adds one"
                                                          : "drag a true spike to move it \xc2\xb7 double-click adds one";
        draw->AddText(ImVec2(map.area.min.x + font * 0.4f, map.area.max.y - font * 1.3f), palette::dimText, text);
    }
    if (h.unit < 0 || h.unit >= truth.count() || !editable(e)) return;
    const float thick = std::max(2.0f, font * 0.16f);
    const ImVec2 at = map.toScreen(handleAt(truth, h.unit, e));
    switch (h.part) {
        case TruthPart::Head:
        case TruthPart::Mark: draw->AddCircle(at, font * 0.75f, kGrab, 32, thick); break;
        case TruthPart::Ring:
            draw->AddCircle(at, e.kind == EmbeddingKind::Torus2D ? spikeRing(truth, h.unit) : font * 0.8f, kGrab, 48, thick);
            break;
        case TruthPart::Stem:
            if (e.kind == EmbeddingKind::Spikes1D) draw->AddLine(map.toScreen({truth.theta(0, h.unit), 0.0, 0.0}), at, kGrab, thick * 1.6f);
            else draw->AddCircleFilled(at, font * 0.35f, kGrab, 24);
            break;
        case TruthPart::Ray: {
            const Eigen::Vector3d d = e.direction(truth.theta.col(h.unit));
            if (d.norm() > 1e-12)
                draw->AddLine(map.toScreen(Eigen::Vector3d::Zero()), map.toScreen(d / d.norm() * (std::abs(truth.w[h.unit]) * 4.0 + 1.0)),
                              kGrab, thick * 1.4f);
            break;
        }
        default: break;
    }
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(describe(truth, h.unit, e).c_str());
    ImGui::TextDisabled("%s", hint(h.part));
    if (!dragging()) ImGui::TextDisabled("right-click or Delete: remove  \xc2\xb7  Ctrl+Z: undo");
    ImGui::EndTooltip();
}

}  // namespace flowscope::gui
