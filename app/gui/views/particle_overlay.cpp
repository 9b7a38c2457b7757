// The particle view's marks drawn with ImGui on top of the rendered particles: the
// ground truth, the axes, the legend and the hover readout.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "axes.hpp"
#include "palette.hpp"
#include "particle_view.hpp"
#include "widget_rects.hpp"

namespace flowscope::gui {

namespace {

// Width of the window around a true spike whose particle mass counts as "gathered".
constexpr double gatherRadius = 0.02;

void ring(ImDrawList* draw, ImVec2 c, float r, ImU32 color, float thickness) {
    draw->AddCircle(c, r, IM_COL32(0, 0, 0, 200), 32, thickness + 2.0f);
    draw->AddCircle(c, r, color, 32, thickness);
}

}  // namespace

void ParticleView::drawTruth(const Snapshot& snapshot, ImDrawList* draw) const {
    if (!snapshot.problem) return;
    const ParticleSet& truth = truthEditor_.shown(snapshot);  // an edit shows before the engine has it
    const float font = ImGui::GetFontSize();
    const float thick = std::max(2.0f, font * 0.14f);
    double amplitudeMax = 0.0;
    for (int j = 0; j < truth.count(); ++j) amplitudeMax = std::max(amplitudeMax, std::abs(truth.w[j]));
    switch (embedding_.kind) {
        case EmbeddingKind::Spikes1D: {
            const ParticleSet& p = snapshot.particles;
            draw->AddLine(screenOf({-10.0, 0.0, 0.0}), screenOf({10.0, 0.0, 0.0}), palette::axis, 1.5f);
            for (int j = 0; j < truth.count(); ++j) {
                const double x = truth.theta(0, j), a = truth.w[j];
                const ImVec2 base = screenOf({x, 0.0, 0.0}), top = screenOf({x, a, 0.0});
                draw->AddLine(base, top, palette::truth, thick);
                draw->AddCircleFilled(top, thick * 2.2f, palette::signColor(a), 20);
                draw->AddCircle(top, thick * 2.2f, palette::truth, 20, 2.0f);
                // The mass the particles gathered within gatherRadius of the spike.
                double mass = 0.0;
                for (int i = 0; i < p.count(); ++i)
                    if (std::abs(torusDelta(p.theta(0, i), x)) < gatherRadius) mass += p.w[i] * embedding_.massScale;
                const ImVec2 bar = screenOf({x, mass, 0.0});
                draw->AddLine(ImVec2(bar.x - font * 0.9f, bar.y), ImVec2(bar.x + font * 0.9f, bar.y), palette::objective, thick * 1.4f);
            }
            break;
        }
        case EmbeddingKind::Torus2D: {
            draw->AddRect(screenOf({0.0, 1.0, 0.0}), screenOf({1.0, 0.0, 0.0}), palette::grid, 0.0f, 0, 2.0f);
            for (int j = 0; j < truth.count(); ++j) {
                const ImVec2 c = screenOf({truth.theta(0, j), truth.theta(1, j), 0.0});
                const float r = font * (0.6f + 0.9f * static_cast<float>(std::sqrt(std::abs(truth.w[j]) / std::max(amplitudeMax, 1e-12))));
                ring(draw, c, r, palette::signColor(truth.w[j]), thick);
                draw->AddLine(ImVec2(c.x - r * 0.45f, c.y), ImVec2(c.x + r * 0.45f, c.y), palette::truth, 2.0f);
                draw->AddLine(ImVec2(c.x, c.y - r * 0.45f), ImVec2(c.x, c.y + r * 0.45f), palette::truth, 2.0f);
            }
            break;
        }
        default: {
            for (int j = 0; j < truth.count(); ++j) {
                const Eigen::Vector3d d = embedding_.direction(truth.theta.col(j));
                const ImU32 color = palette::signColor(truth.w[j], 0.85f);
                if (embedding_.homogeneous) {
                    // A teacher unit is a direction: a ray from the origin, long enough to leave the view.
                    const double n = d.norm();
                    if (n < 1e-12) continue;
                    const double reach = 4.0 * std::max(data_.width() / view_.pixelsPerUnitX, data_.height() / view_.pixelsPerUnitY);
                    draw->AddLine(screenOf(Eigen::Vector3d::Zero()), screenOf(d / n * reach), color, thick);
                    // A mark at the unit's own size |a_j| along its direction.
                    ring(draw, screenOf(d * std::abs(truth.w[j])), font * 0.45f, palette::truth, 2.0f);
                } else {
                    ring(draw, screenOf(d), font * 0.8f, color, thick);
                    const ImVec2 c = screenOf(d);
                    draw->AddCircleFilled(c, 3.0f, palette::truth);
                }
            }
            draw->AddCircleFilled(screenOf(Eigen::Vector3d::Zero()), 3.5f, palette::truth);
            break;
        }
    }
}

void ParticleView::drawFrame(ImDrawList* draw) {
    const float font = ImGui::GetFontSize();
    if (embedding_.threeD()) {
        // Three short axes from the origin in the corner, turned with the scene.
        const ImVec2 corner(data_.min.x + font * 3.0f, data_.max.y - font * 3.0f);
        const char* names[3] = {"\xce\xb8\xe2\x82\x81", "\xce\xb8\xe2\x82\x82", embedding_.zLabel.c_str()};
        for (int a = 0; a < 3; ++a) {
            const Eigen::Vector3d q = rotation_ * Eigen::Vector3d::Unit(a);
            const ImVec2 tip(corner.x + static_cast<float>(q.x()) * font * 2.2f, corner.y - static_cast<float>(q.y()) * font * 2.2f);
            draw->AddLine(corner, tip, palette::axis, 2.0f);
            draw->AddText(ImVec2(tip.x + 3, tip.y - font * 0.5f), palette::text, a == 2 ? "z" : names[a]);
        }
        draw->AddRect(data_.min, data_.max, palette::grid);
        widgetRects().add("particles.view.area", "particles.view", data_);
        return;
    }
    const Eigen::Vector2d lo = view_.toWorld(ImVec2(data_.min.x, data_.max.y), data_);
    const Eigen::Vector2d hi = view_.toWorld(ImVec2(data_.max.x, data_.min.y), data_);
    const AxisScale x{lo.x(), hi.x(), data_.min.x, data_.max.x, false};
    const AxisScale y{lo.y(), hi.y(), data_.max.y, data_.min.y, false};
    drawAxes(draw, data_.min, data_.max, x, y, {embedding_.xLabel, embedding_.yLabel}, 6, 5, true, "particles.view");
    tickWidth_ = tickLabelWidth(y, 5);
}

std::vector<LegendEntry> ParticleView::legendEntries() const {
    std::vector<LegendEntry> entries;
    const bool singles = discOpacity_ > 0.01f;  // discs and trails are drawn (not faded out for the density)
    if (singles) entries = {{"w > 0", palette::signColor(1.0), true}, {"w < 0", palette::signColor(-1.0), true}};
    if (options.truth && hasTruth_) {
        if (embedding_.kind == EmbeddingKind::Spikes1D) {
            entries.push_back({"true spike a\xe2\xb1\xbc", palette::truth});
            entries.push_back({"mass gathered (\xc2\xb1" "0.02)", palette::objective});
        } else if (embedding_.kind == EmbeddingKind::Torus2D) {
            entries.push_back({"true spike", palette::truth});
        } else {
            entries.push_back({embedding_.homogeneous ? "teacher unit (ray: direction)" : "teacher unit", palette::truth});
        }
    }
    if (const auto density = density_.legendEntry()) entries.push_back(*density);
    if (singles && options.trails && trails_.samples() > 1) {
        // Names the same length and unit as the trail-length control.
        char text[96];
        const char* of = trails_.stride() > 1 ? ", 1 particle in " : "";
        char which[24] = "";
        if (trails_.stride() > 1) std::snprintf(which, sizeof which, "%d", trails_.stride());
        if (trails_.wholeRun()) std::snprintf(text, sizeof text, "trails: whole run%s%s", of, which);
        else std::snprintf(text, sizeof text, "trails: last %d samples%s%s", trails_.length(), of, which);
        entries.push_back({text, palette::dimText});
    }
    return entries;
}

void ParticleView::drawHover(const Snapshot& snapshot, ImDrawList* draw) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (!data_.contains(mouse) || !ImGui::IsItemHovered() || ImGui::IsMouseDragging(ImGuiMouseButton_Left)) return;
    if (options.truth && (truthEditor_.hovered().unit >= 0 || truthEditor_.dragging())) return;  // the truth's readout instead
    const ParticleSet& p = snapshot.particles;
    const float radius = ImGui::GetFontSize() * 0.8f;
    int best = -1;
    float bestDistance = radius * radius;
    int bestDrawn = -1;  // among the drawn particles: particle bestDrawn * drawnStride_
    for (int k = 0; k * drawnStride_ < p.count() && 4 * static_cast<std::size_t>(k) + 3 < particleData_.size(); ++k) {
        const float* v = particleData_.data() + 4 * static_cast<std::size_t>(k);
        const ImVec2 s = screenOf(Eigen::Vector3d(v[0], v[1], v[2]));
        const float d = (s.x - mouse.x) * (s.x - mouse.x) + (s.y - mouse.y) * (s.y - mouse.y);
        if (d < bestDistance) bestDistance = d, bestDrawn = k;
    }
    if (bestDrawn < 0) return;
    best = bestDrawn * drawnStride_;
    const float* v = particleData_.data() + 4 * static_cast<std::size_t>(bestDrawn);
    const ImVec2 s = screenOf(Eigen::Vector3d(v[0], v[1], v[2]));
    draw->AddCircle(s, radius, IM_COL32(255, 255, 255, 230), 24, 2.0f);
    ImGui::BeginTooltip();
    ImGui::Text("particle %d of %d", best, p.count());
    ImGui::Text("w = %s", formatValue(p.w[best]).c_str());
    std::string theta = "\xce\xb8 = (";
    for (int k = 0; k < p.dim() && k < 4; ++k) theta += (k ? ", " : "") + formatValue(p.theta(k, best));
    theta += p.dim() > 4 ? ", \xe2\x80\xa6)" : ")";
    ImGui::TextUnformatted(theta.c_str());
    const ParticleSet& vel = snapshot.velocities;
    if (vel.count() == p.count()) {
        ImGui::Text("velocity: dw/dt = %s,  |d\xce\xb8/dt| = %s", formatValue(vel.w[best]).c_str(),
                    formatValue(vel.theta.col(best).norm()).c_str());
    }
    ImGui::EndTooltip();
}

}  // namespace flowscope::gui
