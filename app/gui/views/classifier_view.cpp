#include "classifier_view.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "axes.hpp"
#include "data_csv.hpp"
#include "input_error.hpp"
#include "palette.hpp"
#include "two_layer_network.hpp"
#include "widget_rects.hpp"

namespace flowscope::gui {

using Clock = std::chrono::steady_clock;

namespace {

const TwoLayerNetwork* networkOf(const Snapshot& s) { return dynamic_cast<const TwoLayerNetwork*>(s.problem.get()); }

// At most this many samples are drawn: beyond it dots only hide the map.
constexpr Eigen::Index kMaxShown = 4000;

Dataset thinned(const Dataset& d) {
    if (d.size() <= kMaxShown) return d;
    std::vector<Eigen::Index> every;
    for (Eigen::Index k = 0; k < d.size(); k += (d.size() + kMaxShown - 1) / kMaxShown) every.push_back(k);
    Dataset out;
    gatherSamples(d, every, out);
    return out;
}

}  // namespace

bool showsClassifier(const Snapshot& s) {
    return s.problem && s.scenario.usesGivenData() && s.scenario.network.inputDim == 2 && networkOf(s) != nullptr;
}

std::vector<Eigen::Vector2d> zeroLevelSegments(const Eigen::VectorXd& v, int res, double lo, double hi) {
    std::vector<Eigen::Vector2d> out;
    const double cell = (hi - lo) / res;
    auto at = [&](int r, int c) { return v[r * res + c]; };
    auto point = [&](int r, int c) { return Eigen::Vector2d(lo + (c + 0.5) * cell, lo + (r + 0.5) * cell); };
    // Where f crosses 0 on the edge from a to b (values fa and fb of opposite signs).
    auto cross = [](const Eigen::Vector2d& a, const Eigen::Vector2d& b, double fa, double fb) {
        return Eigen::Vector2d(a + (b - a) * (fa / (fa - fb)));
    };
    for (int r = 0; r + 1 < res; ++r)
        for (int c = 0; c + 1 < res; ++c) {
            // Corners counter-clockwise from the bottom left; edges between successive corners.
            const Eigen::Vector2d p[4] = {point(r, c), point(r, c + 1), point(r + 1, c + 1), point(r + 1, c)};
            const double f[4] = {at(r, c), at(r, c + 1), at(r + 1, c + 1), at(r + 1, c)};
            std::vector<Eigen::Vector2d> hits;
            for (int e = 0; e < 4; ++e) {
                const int n = (e + 1) % 4;
                if ((f[e] >= 0.0) != (f[n] >= 0.0)) hits.push_back(cross(p[e], p[n], f[e], f[n]));
            }
            // Two crossings: one segment; four (a saddle): pair them by the centre's sign.
            if (hits.size() == 2) {
                out.push_back(hits[0]);
                out.push_back(hits[1]);
            } else if (hits.size() == 4) {
                const bool centre = (f[0] + f[1] + f[2] + f[3]) >= 0.0;
                const bool first = f[0] >= 0.0;
                out.push_back(hits[0]);
                out.push_back(hits[centre == first ? 1 : 3]);
                out.push_back(hits[2]);
                out.push_back(hits[centre == first ? 3 : 1]);
            }
        }
    return out;
}

void ClassifierView::initialize() { painter_.initialize(); }

void ClassifierView::recompute(const Snapshot& s) {
    const auto start = Clock::now();
    const TwoLayerNetwork& network = *networkOf(s);
    if (s.generation != generation_) {
        generation_ = s.generation;
        train_ = thinned(network.trainingSet());
        test_ = thinned(network.testSet());
        // A square around every sample, with a margin: the boundary shows beyond the data too.
        double lo = -1.0, hi = 1.0;
        for (const Dataset* d : {&network.trainingSet(), &network.testSet()})
            if (d->size() > 0) {
                lo = std::min(lo, d->inputs.minCoeff());
                hi = std::max(hi, d->inputs.maxCoeff());
            }
        const double pad = 0.1 * (hi - lo);
        lo_ = lo - pad, hi_ = hi + pad;
    }
    const int m = std::max(1, s.particles.count());
    resolution_ = std::clamp(static_cast<int>(std::sqrt(4e6 / m)), 32, 160);
    Eigen::MatrixXd points(2, resolution_ * resolution_);
    for (int r = 0; r < resolution_; ++r)
        for (int c = 0; c < resolution_; ++c) {
            points(0, r * resolution_ + c) = lo_ + (hi_ - lo_) * (c + 0.5) / resolution_;
            points(1, r * resolution_ + c) = lo_ + (hi_ - lo_) * (r + 0.5) / resolution_;
        }
    const Eigen::VectorXd f = network.predict(s.particles, s.scenario.dynamics.outputScale, points);
    range_ = std::max(f.cwiseAbs().maxCoeff(), 1e-9);
    if (!std::isfinite(range_)) range_ = 1.0;
    std::vector<float> values(static_cast<std::size_t>(f.size()));
    for (Eigen::Index i = 0; i < f.size(); ++i) values[std::size_t(i)] = std::isfinite(f[i]) ? float(f[i]) : 0.0f;
    values_.upload(resolution_, resolution_, values);
    boundary_ = zeroLevelSegments(f, resolution_, lo_, hi_);
    computeSeconds_ = std::chrono::duration<double>(Clock::now() - start).count();
}

std::optional<ClassifierView::Click> ClassifierView::draw(const Snapshot& s, ImVec2 size, bool throttle, bool contours) {
    const auto now = Clock::now();
    if (s.generation != generation_ || (s.serial != serial_ && (now >= nextCompute_ || !throttle))) {
        serial_ = s.serial;
        recompute(s);
        nextCompute_ = now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(std::max(0.1, 20.0 * computeSeconds_)));
    }
    // The header: which class a click adds.
    const float top = ImGui::GetCursorPosY();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("click adds:");
    ImGui::SameLine();
    if (ImGui::RadioButton("class +1", newLabel > 0.0)) newLabel = 1.0;
    ImGui::SameLine();
    if (ImGui::RadioButton("class \xe2\x88\x92" "1", newLabel < 0.0)) newLabel = -1.0;
    widgetRects().add("predictor.classes", "predictor", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    const float used = ImGui::GetCursorPosY() - top;
    size.y -= used;

    const float font = ImGui::GetFontSize();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float left = font * 2.4f, bottom = font * 1.5f, titleSpace = font * 1.35f;
    const float side = std::floor(std::max(20.0f, std::min(size.x - left - font, size.y - bottom - titleSpace)));
    ImGui::InvisibleButton("##classifier", ImVec2(std::max(1.0f, size.x), std::max(1.0f, size.y)));
    const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
    const ImVec2 min(origin.x + left + std::max(0.0f, 0.5f * (size.x - left - side - font)), origin.y + titleSpace);
    const ImVec2 max(min.x + side, min.y + side);
    ImDrawList* draw = ImGui::GetWindowDrawList();

    // The heat map, through the predictor view's colour map.
    const int pixels = std::max(16, static_cast<int>(side * ImGui::GetIO().DisplayFramebufferScale.x));
    painter_.paint(image_, values_, pixels, range_, contours);
    draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(image_.texture())), min, max, ImVec2(0, 1), ImVec2(1, 0));
    const AxisScale x{lo_, hi_, min.x, max.x, false}, y{lo_, hi_, max.y, min.y, false};
    drawAxes(draw, min, max, x, y, {}, 4, 4, true);
    draw->PushClipRect(min, max, true);
    // The decision boundary f = 0, white and wide enough for a projector.
    for (std::size_t k = 0; k + 1 < boundary_.size(); k += 2)
        draw->AddLine(ImVec2(x.toPixel(boundary_[k][0]), y.toPixel(boundary_[k][1])),
                      ImVec2(x.toPixel(boundary_[k + 1][0]), y.toPixel(boundary_[k + 1][1])), IM_COL32(255, 255, 255, 255),
                      std::max(2.0f, 0.16f * font));
    // Samples: training dots filled, test samples as rings, both ringed in black so a dot
    // stays visible on its own class's colour.
    const float radius = std::max(2.0f, 0.22f * font);
    for (int part = 0; part < 2; ++part) {
        const Dataset& d = part == 0 ? train_ : test_;
        for (Eigen::Index k = 0; k < d.size(); ++k) {
            const ImVec2 c(x.toPixel(d.inputs(0, k)), y.toPixel(d.inputs(1, k)));
            const ImU32 color = palette::signColor(d.labels[k]);
            if (part == 0) {
                draw->AddCircleFilled(c, radius + 1.2f, IM_COL32(0, 0, 0, 200));
                draw->AddCircleFilled(c, radius, color);
            } else {
                draw->AddCircle(c, radius + 1.0f, IM_COL32(0, 0, 0, 220), 0, 3.2f);
                draw->AddCircle(c, radius + 1.0f, color, 0, 1.8f);
            }
        }
    }
    draw->PopClipRect();
    const std::string title = "decision function f(x\xe2\x82\x81, x\xe2\x82\x82), boundary f = 0";
    draw->AddText(ImVec2(min.x, min.y - font * 1.25f), palette::text, title.c_str());
    widgetRects().add("predictor.classifier", "predictor", {ImVec2(min.x - left, min.y - titleSpace), ImVec2(max.x, max.y + bottom)});
    if (!clicked) return std::nullopt;
    const ImVec2 mouse = ImGui::GetMousePos();
    if (mouse.x < min.x || mouse.x > max.x || mouse.y < min.y || mouse.y > max.y) return std::nullopt;
    return Click{x.fromPixel(mouse.x), y.fromPixel(mouse.y), newLabel};
}

std::string writeDataWithSample(const Snapshot& s, const ClassifierView::Click& click) {
    const TwoLayerNetwork& network = *networkOf(s);
    const Dataset& train = network.trainingSet();
    const Dataset& test = network.testSet();
    Dataset all;
    all.inputs.resize(2, train.size() + test.size() + 1);
    all.labels.resize(all.inputs.cols());
    all.inputs << train.inputs, test.inputs, Eigen::Vector2d(click.x0, click.x1);
    all.labels << train.labels, test.labels, click.label;
    // A new name for every change: the scenario's data.file then differs, and the run takes it.
    static int drawn = 0;
    const auto path = std::filesystem::temp_directory_path() /
                      ("flowscope-drawn-" + std::to_string(::getpid()) + "-" + std::to_string(++drawn) + ".csv");
    std::ofstream out(path);
    writeDataCsv(out, all);
    if (!out) throw EnvironmentError(path.string() + ": cannot write the drawn data");
    return path.string();
}

}  // namespace flowscope::gui
