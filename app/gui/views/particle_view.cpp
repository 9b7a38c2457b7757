#include "particle_view.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "palette.hpp"
#include "widget_rects.hpp"

namespace flowscope::gui {

namespace {

// The range the view should show of one coordinate: all of it for a few particles,
// else from the 2nd to the 98th percentile, widened by half its span on each side (so
// the bulk fills most of the view and the stragglers just beyond it are still seen).
std::pair<double, double> robustRange(std::vector<double> v) {
    v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
    if (v.empty()) return {1.0, -1.0};
    if (v.size() < 50) {
        const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
        return {*lo, *hi};
    }
    auto at = [&](double q) {
        auto it = v.begin() + static_cast<std::ptrdiff_t>(q * (v.size() - 1));
        std::nth_element(v.begin(), it, v.end());
        return *it;
    };
    const double lo = at(0.02), hi = at(0.98);
    const auto [mn, mx] = std::minmax_element(v.begin(), v.end());
    const double pad = 0.5 * (hi - lo);
    return {std::max(*mn, lo - pad), std::min(*mx, hi + pad)};
}

void setColors(const GlProgram& program) {
    program.set("uPositive", palette::positive.r, palette::positive.g, palette::positive.b);
    program.set("uNegative", palette::negative.r, palette::negative.g, palette::negative.b);
}

}  // namespace

void ParticleView::initialize() {
    particleProgram_.load("particles.vert", "particles.frag");
    trailProgram_.load("trails.vert", "trails.frag");
    particleVertices_.create({3, 1});
    trailVertices_.create({3, 1, 1});
    density_.initialize();
}

void ParticleView::update(const Snapshot& snapshot, std::vector<PathFrame>& frames, bool recordTrail) {
    const ParticleSet& p = snapshot.particles;
    // Only a new snapshot changes anything: a paused run costs no re-upload.
    if (snapshot.serial == serial_ && !recordTrail && frames.empty()) return;
    serial_ = snapshot.serial;
    trailsDirty_ = true;
    embedding_ = chooseEmbedding(snapshot);
    hasTruth_ = snapshot.problem && snapshot.problem->truth().count() > 0;
    if (snapshot.generation != generation_ || p.count() != count_) {
        if (snapshot.generation != generation_) snapFit_ = options.follow = true;
        generation_ = snapshot.generation;
        count_ = p.count();
        trails_.clear();
    }
    // At most kDrawnParticles discs: beyond, every stride-th particle (the same ones from
    // frame to frame). A million discs would only be noise on screen, and would cost a
    // software renderer seconds per frame (measured: 4 s at 10^6 in a 1600x1000 window).
    drawnStride_ = std::max(1, (p.count() + kDrawnParticles - 1) / kDrawnParticles);
    const int drawn = (p.count() + drawnStride_ - 1) / drawnStride_;
    particleData_.resize(static_cast<std::size_t>(drawn) * 4);
    weightRef_ = 0.0;
    for (int k = 0; k < drawn; ++k) {
        const int i = k * drawnStride_;
        const Eigen::Vector3d x = embedding_.place(p.w[i], p.theta.col(i));
        float* v = particleData_.data() + 4 * static_cast<std::size_t>(k);
        v[0] = static_cast<float>(x.x()), v[1] = static_cast<float>(x.y()), v[2] = static_cast<float>(x.z());
        v[3] = static_cast<float>(p.w[i]);
        if (std::isfinite(p.w[i])) weightRef_ = std::max(weightRef_, std::abs(p.w[i]));
    }
    particleVertices_.upload(particleData_);
    trails_.configure(options.trailParticles, options.trailLength, options.wholePaths);
    std::size_t later = 0;
    for (PathFrame& frame : frames) {
        if (frame.generation > snapshot.generation) frames[later++] = std::move(frame);
        else if (frame.generation == snapshot.generation && frame.count == p.count() && options.trails)
            framesUsable_ = trails_.record(frame, embedding_);
    }
    frames.resize(later);
    // Until the solver's frames come (or when they cannot serve this trail), the snapshots.
    // (An earlier moment shown by the timeline is no new sample.)
    if (!framesUsable_ && recordTrail && options.trails && p.count() > 0 && !snapshot.past)
        trails_.record(p, embedding_, snapshot.current.time);
}

ImVec2 ParticleView::screenOf(const Eigen::Vector3d& p) const {
    const Eigen::Vector3d q = rotation_ * p;
    return view_.toScreen(q.x(), q.y(), data_);
}

ViewMap ParticleView::viewMap() const {
    return {[this](const Eigen::Vector3d& p) { return screenOf(p); },
            [this](ImVec2 pixel) { return view_.toWorld(pixel, data_); }, data_};
}

std::pair<ImVec2, ImVec2> ParticleView::truthDragPath(const Snapshot& snapshot, int unit, const Eigen::Vector2d& by) const {
    const ParticleSet& truth = truthEditor_.shown(snapshot);
    if (unit < 0 || unit >= truth.count()) return {ImVec2(-FLT_MAX, -FLT_MAX), ImVec2(-FLT_MAX, -FLT_MAX)};
    const Eigen::Vector3d at = TruthEditor::handleOf(truth, unit, embedding_);
    return {screenOf(at), screenOf(at + Eigen::Vector3d(by.x(), by.y(), 0.0))};
}

// `editing`: the truth editor has the mouse (a unit under it or dragged), so no pan or fit.
void ParticleView::handleInput(bool hovered, bool editing) {
    const ImGuiIO& io = ImGui::GetIO();
    if (!hovered) return;
    if (io.MouseWheel != 0.0f) {
        view_.zoomAt(io.MousePos, data_, std::pow(1.15, io.MouseWheel));
        options.follow = false;
    }
    if (editing) return;
    const bool turn = embedding_.threeD() && ImGui::IsMouseDragging(ImGuiMouseButton_Left);
    if (turn) orbit_.drag(io.MouseDelta);
    const bool pan = (!embedding_.threeD() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) ||
                     ImGui::IsMouseDragging(ImGuiMouseButton_Right) || ImGui::IsMouseDragging(ImGuiMouseButton_Middle);
    if (pan) {
        view_.pan(io.MouseDelta);
        options.follow = false;
    }
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) fit();
}

// Where a network's teacher units are marked (the rings of drawTruth), in view
// coordinates: at |a_j| theta*_j for a homogeneous unit, at theta*_j otherwise.
std::vector<Eigen::Vector3d> ParticleView::teacherMarks(const Snapshot& snapshot) const {
    std::vector<Eigen::Vector3d> marks;
    if (!snapshot.problem || embedding_.kind == EmbeddingKind::Spikes1D || embedding_.kind == EmbeddingKind::Torus2D) return marks;
    const ParticleSet& truth = snapshot.problem->truth();
    for (int j = 0; j < truth.count(); ++j) {
        const Eigen::Vector3d d = embedding_.direction(truth.theta.col(j));
        marks.push_back(embedding_.homogeneous ? Eigen::Vector3d(d * std::abs(truth.w[j])) : d);
    }
    return marks;
}

// The box the view should show: the particles and the truth (so a teacher unit no
// particle found is still in view), or the torus square.
void ParticleView::fitTo(const Snapshot& snapshot, bool snap) {
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    auto add = [&](const Eigen::Vector3d& p) {
        const Eigen::Vector3d q = rotation_ * p;
        if (!q.allFinite()) return;
        x0 = std::min(x0, q.x()), x1 = std::max(x1, q.x()), y0 = std::min(y0, q.y()), y1 = std::max(y1, q.y());
    };
    const ParticleSet* truth = snapshot.problem ? &snapshot.problem->truth() : nullptr;
    switch (embedding_.kind) {
        case EmbeddingKind::Spikes1D: {
            x0 = 0.0, x1 = 1.0, y0 = 0.0, y1 = 0.0;
            for (std::size_t i = 3; i < particleData_.size(); i += 4)
                y0 = std::min<double>(y0, particleData_[i - 2]), y1 = std::max<double>(y1, particleData_[i - 2]);
            if (truth)
                for (int j = 0; j < truth->count(); ++j) y0 = std::min(y0, truth->w[j]), y1 = std::max(y1, truth->w[j]);
            const double pad = 0.08 * std::max(y1 - y0, 1e-6);
            y0 -= pad, y1 += pad;
            break;
        }
        case EmbeddingKind::Torus2D: x0 = y0 = 0.0, x1 = y1 = 1.0; break;
        case EmbeddingKind::Space: {
            // A sphere around the origin that holds (nearly) everything, so turning never clips.
            std::vector<double> radii;
            radii.reserve(particleData_.size() / 4);
            for (std::size_t i = 0; i + 3 < particleData_.size() + 1; i += 4)
                radii.push_back(std::sqrt(double(particleData_[i]) * particleData_[i] + double(particleData_[i + 1]) * particleData_[i + 1] +
                                          double(particleData_[i + 2]) * particleData_[i + 2]));
            double r = robustRange(radii).second;
            if (options.truth)
                for (const Eigen::Vector3d& t : teacherMarks(snapshot))
                    if (t.allFinite()) r = std::max(r, t.norm());
            r *= 1.1;
            if (!std::isfinite(r) || r <= 0.0) r = 1.0;
            depthRadius_ = r;
            x0 = y0 = -r, x1 = y1 = r;
            break;
        }
        default: {
            // The bulk of the particles, not the few heaviest: in high dimension a handful of
            // units carry most of the weight and would squash everyone else into the origin.
            std::vector<double> xs, ys;
            xs.reserve(particleData_.size() / 4), ys.reserve(particleData_.size() / 4);
            for (std::size_t i = 0; i + 3 < particleData_.size() + 1; i += 4) {
                const Eigen::Vector3d q = rotation_ * Eigen::Vector3d(particleData_[i], particleData_[i + 1], particleData_[i + 2]);
                if (q.allFinite()) xs.push_back(q.x()), ys.push_back(q.y());
            }
            const auto [lx, hx] = robustRange(xs);
            const auto [ly, hy] = robustRange(ys);
            add(Eigen::Vector3d::Zero());
            if (lx <= hx) add(Eigen::Vector3d(lx, ly, 0.0)), add(Eigen::Vector3d(hx, hy, 0.0));
            if (options.truth)
                for (const Eigen::Vector3d& t : teacherMarks(snapshot)) add(t);
            if (x1 < x0) x0 = y0 = -1.0, x1 = y1 = 1.0;
            break;
        }
    }
    View2D target = view_;
    target.equalAspect = embedding_.equalAspect();
    target.fit(x0, x1, y0, y1, data_, ImGui::GetFontSize() * 1.2f);
    if (snap) {
        view_ = target;
        return;
    }
    // Ease towards the fit so a growing cloud does not make the view jump.
    const double k = 0.15;
    view_.centerX += k * (target.centerX - view_.centerX);
    view_.centerY += k * (target.centerY - view_.centerY);
    view_.pixelsPerUnitX *= std::pow(target.pixelsPerUnitX / view_.pixelsPerUnitX, k);
    view_.pixelsPerUnitY *= std::pow(target.pixelsPerUnitY / view_.pixelsPerUnitY, k);
    // Rounding in the easing must not tilt a network's teacher rays: one unit on both axes.
    if (target.equalAspect) view_.pixelsPerUnitX = view_.pixelsPerUnitY = std::sqrt(view_.pixelsPerUnitX * view_.pixelsPerUnitY);
}

void ParticleView::render(const Snapshot& snapshot) {
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    const int width = std::max(1, static_cast<int>(data_.width() * scale.x));
    const int height = std::max(1, static_cast<int>(data_.height() * scale.y));
    const palette::Rgb background = palette::viewBackground();
    target_.begin(width, height, background.r, background.g, background.b, 1.0f);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

    // The same map as View2D::toScreen, with y up in the render target.
    Eigen::Matrix3f rotation = rotation_.cast<float>();
    const float centerX = static_cast<float>(view_.centerX), centerY = static_cast<float>(view_.centerY);
    const float unitX = static_cast<float>(view_.pixelsPerUnitX * scale.x), unitY = static_cast<float>(view_.pixelsPerUnitY * scale.y);
    auto common = [&](const GlProgram& program) {
        program.use();
        program.setMatrix3("uRotation", rotation.data());
        program.set("uCenter", centerX, centerY);
        program.set("uPixelsPerUnit", unitX, unitY);
        program.set("uViewport", static_cast<float>(width), static_cast<float>(height));
        program.set("uDepth", embedding_.threeD() ? static_cast<float>(depthRadius_) : 0.0f);
        setColors(program);
    };
    const float font = ImGui::GetFontSize() * scale.y;
    ViewFrame frame{view_.centerX, view_.centerY, unitX, unitY, width, height, rotation_, std::max(2.0f, std::round(font * 0.16f))};
    density_.render(snapshot, embedding_, frame);
    // Discs and trails of single particles fade where the density says it better.
    const int m = std::max(1, snapshot.particles.count());
    const float opacity = discOpacity(density_.shown(), m);
    discOpacity_ = opacity;
    if (options.trails && trails_.samples() >= 2 && opacity > 0.01f) {
        if (trailsDirty_) {
            // At an earlier moment (the timeline), the paths as they were then.
            trails_.vertices(snapshot.particles, embedding_, trailData_,
                             snapshot.past ? snapshot.current.time : std::numeric_limits<double>::infinity());
            trailVertices_.upload(trailData_);
            trailsDirty_ = false;
        }
        common(trailProgram_);
        trailProgram_.set("uOpacity", (trails_.tracked() > 1000 ? 0.55f : 0.9f) * opacity);
        GLfloat range[2] = {1.0f, 1.0f};
        glGetFloatv(GL_ALIASED_LINE_WIDTH_RANGE, range);
        glLineWidth(std::clamp(font * 0.14f, 1.0f, range[1]));
        trailVertices_.draw(GL_LINES);
        glLineWidth(1.0f);
    }
    if (opacity <= 0.01f) {
        target_.end();
        return;
    }
    common(particleProgram_);
    particleProgram_.set("uOpacity", opacity);
    const float crowd = std::clamp(std::sqrt(2000.0f / m), 0.3f, 1.0f);  // smaller discs in a crowd
    particleProgram_.set("uWeightRef", static_cast<float>(weightRef_ > 0.0 ? weightRef_ : 1.0));
    particleProgram_.set("uRadius", font * 0.12f * crowd * options.particleSize + 1.0f,
                         font * 0.5f * crowd * options.particleSize + 1.5f);
    glEnable(GL_PROGRAM_POINT_SIZE);
    particleVertices_.draw(GL_POINTS);
    glDisable(GL_PROGRAM_POINT_SIZE);
    target_.end();
}

void ParticleView::draw(const Snapshot& snapshot, ImVec2 size) {
    const float font = ImGui::GetFontSize();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("particle-view", size,
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight | ImGuiButtonFlags_MouseButtonMiddle);
    const bool hovered = ImGui::IsItemHovered();
    rect_ = {origin, ImVec2(origin.x + size.x, origin.y + size.y)};
    widgetRects().add("particles.view", "particles", rect_);
    // The legend in the top margin, right of the y axis name: above the particles,
    // never on them (it wraps onto more rows on a narrow view).
    const bool flat = !embedding_.threeD();
    const float left = flat ? std::max(tickWidth_ + font * 1.0f, font * 2.0f) : font * 0.3f;
    const float legendX = rect_.min.x + left + (flat ? ImGui::CalcTextSize(embedding_.yLabel.c_str()).x + font * 1.2f : 0.0f);
    const std::vector<LegendEntry> legend = options.legend ? legendEntries() : std::vector<LegendEntry>{};
    const LegendFlow flow = flowLegend(legend, rect_.max.x - legendX);
    widgetRects().add("particles.view.legend", "particles.view", drawLegend(draw, ImVec2(legendX, rect_.min.y), legend, flow));
    const float top = std::max(flat ? font * 1.5f : font * 0.3f, flow.height + font * 0.3f);
    if (flat)  // room for the y tick labels on the left, the x ticks and name below
        data_ = {ImVec2(rect_.min.x + left, rect_.min.y + top), ImVec2(rect_.max.x - font * 0.8f, rect_.max.y - font * 2.6f)};
    else
        data_ = {ImVec2(rect_.min.x + left, rect_.min.y + top), ImVec2(rect_.max.x - font * 0.3f, rect_.max.y - font * 0.3f)};
    // The density's colour scale takes a column right of the particles.
    const float scaleRoom = density_.scaleWidth(snapshot.particles.count(), embedding_.kind);
    data_.max.x -= scaleRoom;
    if (data_.width() < 10 || data_.height() < 10) return;

    const bool editing = options.truth && truthEditor_.input(snapshot, embedding_, viewMap(), hovered && data_.contains(ImGui::GetIO().MousePos));
    if (truthEditor_.dragging()) options.follow = false;  // the view holds still under the hand
    handleInput(hovered, editing);
    rotation_ = embedding_.threeD() ? orbit_.rotation() : Eigen::Matrix3d::Identity();
    if (!shared_ && (options.follow || snapFit_)) fitTo(snapshot, snapFit_);
    snapFit_ = shared_ = false;
    render(snapshot);

    draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(target_.texture())), data_.min, data_.max,
                   ImVec2(0, 1), ImVec2(1, 0));
    draw->PushClipRect(data_.min, data_.max, true);
    if (options.truth) drawTruth(snapshot, draw);
    if (options.truth) truthEditor_.drawFeedback(snapshot, embedding_, viewMap(), draw);
    drawHover(snapshot, draw);
    drawHighlight(draw);
    draw->PopClipRect();
    drawFrame(draw);
    density_.drawScale(draw, {ImVec2(data_.max.x, data_.min.y), ImVec2(data_.max.x + scaleRoom, data_.max.y)});
}

void ParticleView::drawHighlight(ImDrawList* draw) const {
    if (!highlight_ || embedding_.threeD()) return;
    const ImVec2 center = screenOf(Eigen::Vector3d(highlight_->x, highlight_->y, 0.0));
    const ImVec2 edge = screenOf(Eigen::Vector3d(highlight_->x + highlight_->radius, highlight_->y, 0.0));
    const float radius = std::max(std::abs(edge.x - center.x), ImGui::GetFontSize());
    const float thickness = ImGui::GetFontSize() * 0.18f;
    draw->AddCircle(center, radius, IM_COL32(255, 214, 90, 230), 64, thickness);
    if (!highlight_->label.empty())
        draw->AddText(ImVec2(center.x + radius * 0.75f, center.y - radius * 0.75f - ImGui::GetFontSize()), IM_COL32(255, 214, 90, 255),
                      highlight_->label.c_str());
}

void ParticleView::drawToggles() {
    // Trails: off, the recent past (fading), or whole paths from the start as in the paper.
    const char* trailKinds[] = {"no trails", "recent trails", "whole paths"};
    int kind = !options.trails ? 0 : options.wholePaths ? 2 : 1;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
    if (ImGui::Combo("##trails", &kind, trailKinds, 3)) options.trails = kind > 0, options.wholePaths = kind == 2;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("whole paths: every particle's trajectory since the start of the run, as in the paper's figures");
    ImGui::SameLine();
    ImGui::Checkbox("truth", &options.truth);
    ImGui::SameLine();
    density_.drawToggle();
}

void ParticleView::drawSliders(HeldEdit& held) {
    int trailLength = 0;
    if (steeringSlider(held, "trail length", ImGuiDataType_S32, options.trailLength, trailLength, 8, 600, "%d samples",
                       ImGuiSliderFlags_Logarithmic))
        options.trailLength = trailLength;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("positions kept per particle: each of the first steps, then 24 per decade of flow time%s",
                          options.wholePaths ? "; whole paths are thinned to fit" : "");
    float size = 0.0f;
    if (steeringSlider(held, "particle size", ImGuiDataType_Float, options.particleSize, size, 0.3f, 3.0f, "%.2f", 0))
        options.particleSize = size;
}

nlohmann::json ParticleView::savedOptions() const {
    return {{"trails", options.trails}, {"whole_paths", options.wholePaths}, {"truth", options.truth},
            {"trail_length", options.trailLength}, {"particle_size", options.particleSize},
            {"density", DensityMap::choiceName(density_.choice)}};
}

void ParticleView::restoreOptions(const nlohmann::json& saved) {
    if (!saved.is_object()) return;
    auto flag = [&](const char* key, bool& field) {
        if (saved.contains(key) && saved[key].is_boolean()) field = saved[key].get<bool>();
    };
    flag("trails", options.trails);
    flag("whole_paths", options.wholePaths);
    flag("truth", options.truth);
    if (saved.contains("trail_length") && saved["trail_length"].is_number_integer())
        options.trailLength = std::clamp(saved["trail_length"].get<int>(), 8, 600);
    if (saved.contains("density") && saved["density"].is_string())
        density_.choice = DensityMap::choiceNamed(saved["density"].get<std::string>()).value_or(density_.choice);
    if (saved.contains("particle_size") && saved["particle_size"].is_number())
        options.particleSize = std::clamp(saved["particle_size"].get<float>(), 0.3f, 3.0f);
}

}  // namespace flowscope::gui
