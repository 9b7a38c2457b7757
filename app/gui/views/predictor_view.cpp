#include "predictor_view.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "deconvolution.hpp"
#include "palette.hpp"
#include "widget_rects.hpp"

namespace flowscope::gui {

using Clock = std::chrono::steady_clock;

namespace {

// Points of a res x res grid over [lo, hi]^2, row 0 at the bottom (the texture's order).
Eigen::MatrixXd gridPoints(int res, double lo, double hi) {
    Eigen::MatrixXd points(2, res * res);
    for (int r = 0; r < res; ++r)
        for (int c = 0; c < res; ++c) {
            points(0, r * res + c) = lo + (hi - lo) * (c + 0.5) / res;
            points(1, r * res + c) = lo + (hi - lo) * (r + 0.5) / res;
        }
    return points;
}

std::vector<float> toFloats(const Eigen::VectorXd& v) {
    std::vector<float> out(static_cast<std::size_t>(v.size()));
    for (Eigen::Index i = 0; i < v.size(); ++i) out[static_cast<std::size_t>(i)] = std::isfinite(v[i]) ? static_cast<float>(v[i]) : 0.0f;
    return out;
}

}  // namespace

void PredictorView::initialize() {
    painter_.initialize();
    classifier_.initialize();
}

// On the GUI thread: what to evaluate, and a job holding copies of it (the particles, the
// points, the problem) for the worker.
std::function<PredictorValues()> PredictorView::jobFor(const Snapshot& s) {
    const bool deconv = s.scenario.isDeconvolution();
    const int inputDim = deconv ? s.scenario.deconvolution.dimension : s.scenario.network.inputDim;
    const Mode mode = inputDim == 1 && deconv ? Mode::Curve : inputDim == 2 ? Mode::HeatMaps : Mode::Scatter;
    const bool newRun = s.generation != generation_;
    generation_ = s.generation;
    const int m = std::max(1, s.particles.count());
    Eigen::MatrixXd points;
    if (mode == Mode::Curve) {
        const int n = 400;
        points.resize(1, n);
        for (int i = 0; i < n; ++i) points(0, i) = static_cast<double>(i) / (n - 1);
    } else if (mode == Mode::HeatMaps) {
        // Cost per grid point ~ m; keep one evaluation near 4e6 operations.
        const int res = std::clamp(static_cast<int>(std::sqrt(4e6 / m)), 24, 160);
        points = deconv ? gridPoints(res, 0.0, 1.0) : gridPoints(res, -3.0, 3.0);
    } else {
        if (newRun || inputs_.rows() != inputDim) {
            std::mt19937_64 rng(12345);
            std::normal_distribution<double> normal;
            inputs_.resize(inputDim, 300);
            for (Eigen::Index i = 0; i < inputs_.size(); ++i) inputs_.data()[i] = normal(rng);
        }
        points = inputs_;
    }
    return [problem = s.problem, particles = s.particles, scale = s.scenario.dynamics.outputScale, points = std::move(points), mode,
            deconv, generation = s.generation, serial = s.serial] {
        const auto start = Clock::now();
        PredictorValues v;
        v.problem = problem, v.points = points, v.mode = static_cast<int>(mode), v.deconvolution = deconv;
        v.generation = generation, v.serial = serial;
        v.teacher = problem->predictTruth(points);
        v.student = problem->predict(particles, scale, points);
        v.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        return v;
    };
}

// On the GUI thread: the worker's values as curves, dots or heat maps.
void PredictorView::accept(const PredictorValues& v) {
    mode_ = static_cast<Mode>(v.mode);
    computeSeconds_ = v.seconds;
    series_.clear();
    config_ = PlotConfig{};
    const Eigen::VectorXd& truth = v.teacher;
    const Eigen::VectorXd& fit = v.student;
    const Eigen::Index n = v.points.cols();
    if (mode_ == Mode::Curve) {
        std::vector<double> x(v.points.data(), v.points.data() + n);
        if (const auto* d = dynamic_cast<const Deconvolution*>(v.problem.get())) {
            const Eigen::MatrixXd at = d->samplePoints();
            const Eigen::VectorXd& y = d->observations();
            series_.push_back({"observations y\xe2\x82\x96", IM_COL32(200, 205, 215, 255),
                               std::vector<double>(at.data(), at.data() + at.size()), std::vector<double>(y.data(), y.data() + y.size()), true, 2.2f});
        }
        series_.push_back({"true signal", palette::truth, x, std::vector<double>(truth.data(), truth.data() + n), false, 1.8f});
        series_.push_back({"reconstruction f", palette::objective, x, std::vector<double>(fit.data(), fit.data() + n), false, 3.0f});
        config_.title = "Signal: observations, truth, reconstruction";
        config_.labels = {"x", "signal"};
        config_.xMin = 0.0, config_.xMax = 1.0;
    } else if (mode_ == Mode::HeatMaps) {
        resolution_ = static_cast<int>(std::lround(std::sqrt(double(n))));
        lo_ = v.deconvolution ? 0.0 : -3.0, hi_ = v.deconvolution ? 1.0 : 3.0;
        range_ = std::max(truth.cwiseAbs().maxCoeff(), 1e-9);
        studentValues_.upload(resolution_, resolution_, toFloats(fit));
        teacherValues_.upload(resolution_, resolution_, toFloats(truth));
        std::vector<float> bar(2 * 256);
        for (int i = 0; i < 256; ++i) bar[2 * i] = bar[2 * i + 1] = static_cast<float>(range_ * (2.0 * i / 255.0 - 1.0));
        barValues_.upload(2, 256, bar);
    } else {
        std::vector<double> t(truth.data(), truth.data() + truth.size());
        const auto [mn, mx] = std::minmax_element(t.begin(), t.end());
        series_.push_back({"y = x (perfect fit)", IM_COL32(255, 255, 255, 110), {*mn, *mx}, {*mn, *mx}, false, 1.5f});
        series_.push_back({"300 random inputs x", palette::objective, t, std::vector<double>(fit.data(), fit.data() + fit.size()), true, 2.4f});
        config_.title = "Student against teacher on random inputs";
        config_.labels = {"teacher f*(x)", "student f(x)"};
        config_.equalXY = true;
    }
    hasValues_ = true;
}

void PredictorView::drawHeatMaps(ImVec2 size) {
    const float font = ImGui::GetFontSize();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    // Margins: y tick labels on the left, a title above each map (which names the axes),
    // x tick labels below, the colour bar and its labels on the right. In a cramped panel
    // the maps go without tick labels (the plane is the same square in every preset).
    const float gap = font * 1.3f, top = font * 1.35f;
    const float barWidth = font * 1.0f, barSpace = font * 3.6f;
    const int count = heatMaps == HeatMapChoice::Both ? 2 : 1;
    float left = font * 2.4f, bottom = font * 1.5f;
    bool stacked = false;
    float side = 0.0f;
    for (int attempt = 0; attempt < 2; ++attempt) {
        // Side by side or one above the other: whichever gives the larger squares.
        const float besideSide = std::min((size.x - left - barSpace - (count - 1) * gap) / count, size.y - top - bottom);
        const float stackedSide = std::min(size.x - left - barSpace, (size.y - count * (top + bottom)) / count);
        stacked = count == 2 && stackedSide > besideSide;
        side = std::floor(std::max(20.0f, stacked ? stackedSide : besideSide));
        if (side >= 0.4f * std::min(size.x, size.y)) break;
        left = bottom = font * 0.3f;
    }
    const bool tickLabels = left > font;
    const int pixels = std::max(16, static_cast<int>(side * ImGui::GetIO().DisplayFramebufferScale.x));
    const char* titles[2] = {"student f(x\xe2\x82\x81, x\xe2\x82\x82)", "teacher f*(x\xe2\x82\x81, x\xe2\x82\x82)"};
    const RenderTarget* images[2] = {&studentImage_, &teacherImage_};
    const FloatTexture* values[2] = {&studentValues_, &teacherValues_};
    const int first = heatMaps == HeatMapChoice::Teacher ? 1 : 0;
    // Centre the block of maps in the panel.
    const float blockWidth = left + (stacked ? side : count * side + (count - 1) * gap) + barSpace;
    const float blockHeight = stacked ? count * (top + side + bottom) : top + side + bottom;
    const ImVec2 corner(origin.x + std::max(0.0f, 0.5f * (size.x - blockWidth)), origin.y + std::max(0.0f, 0.5f * (size.y - blockHeight)));
    ImVec2 barMin, barMax;
    for (int n = 0; n < count; ++n) {
        const int k = first + n;
        painter_.paint(k == 0 ? studentImage_ : teacherImage_, *values[k], pixels, range_, contours);
        const ImVec2 min = stacked ? ImVec2(corner.x + left, corner.y + top + n * (top + side + bottom))
                                   : ImVec2(corner.x + left + n * (side + gap), corner.y + top);
        const ImVec2 max(min.x + side, min.y + side);
        draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(images[k]->texture())), min, max, ImVec2(0, 1), ImVec2(1, 0));
        const AxisScale x{lo_, hi_, min.x, max.x, false}, y{lo_, hi_, max.y, min.y, false};
        const bool yLabels = tickLabels && (stacked || n == 0);  // side by side, one set of y labels is enough
        if (tickLabels) drawAxes(draw, min, max, x, y, {}, 4, 4, yLabels);
        else draw->AddRect(min, max, palette::axis, 0.0f, 0, 1.5f);
        const std::string title = fitText(titles[k], side);
        draw->AddText(ImVec2(min.x, min.y - font * 1.25f), palette::text, title.c_str());
        if (n == 0) barMin = ImVec2(max.x, min.y);
        barMax = max;
        widgetRects().add(k == 0 ? "predictor.student" : "predictor.teacher", "predictor",
                          {ImVec2(min.x - (yLabels ? left : 0.0f), min.y - top), ImVec2(max.x, max.y + bottom)});
        widgetRects().add(k == 0 ? "predictor.student.title" : "predictor.teacher.title", k == 0 ? "predictor.student" : "predictor.teacher",
                          textRect(ImVec2(min.x, min.y - font * 1.25f), title.c_str()));
    }
    // Colour bar with its scale, beside the maps and as tall as one.
    painter_.paint(barImage_, barValues_, 16, range_, contours);
    const ImVec2 bmin(barMax.x + font * 0.6f, barMin.y);
    const ImVec2 bmax(bmin.x + barWidth, bmin.y + side);
    draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(barImage_.texture())), bmin, bmax, ImVec2(0, 1), ImVec2(1, 0));
    draw->AddRect(bmin, bmax, palette::axis);
    for (double t : linearTicks(-range_, range_, 4)) {
        const float py = static_cast<float>(bmax.y - (t + range_) / (2 * range_) * side);
        draw->AddLine(ImVec2(bmax.x, py), ImVec2(bmax.x + font * 0.3f, py), palette::axis, 1.5f);
        draw->AddText(ImVec2(bmax.x + font * 0.4f, py - font * 0.5f), palette::dimText, formatTick(t, false).c_str());
    }
    widgetRects().add("predictor.colorbar", "predictor", {ImVec2(bmin.x, bmin.y - font * 0.5f), ImVec2(bmin.x + barSpace - font * 0.6f, bmax.y + font * 0.5f)});
}

void PredictorView::draw(const Snapshot& snapshot, ImVec2 size) {
    if (!snapshot.problem || snapshot.particles.count() == 0) {
        ImGui::Dummy(size);
        return;
    }
    if (showsClassifier(snapshot)) {
        if (auto click = classifier_.draw(snapshot, size, throttle, contours)) click_ = click;
        return;
    }
    // The worker evaluates; this thread takes what it finished and draws the last values.
    PredictorValues values;
    if (worker_.take(values)) {
        accept(values);
        // At most ~5% of a core, and never more often than 10 times a second.
        nextCompute_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(std::max(0.1, 20.0 * computeSeconds_)));
    }
    const bool newRun = snapshot.generation != generation_;
    const bool due = newRun || (snapshot.serial != serial_ && (Clock::now() >= nextCompute_ || !throttle));
    if (due && !worker_.busy()) {
        serial_ = snapshot.serial;
        worker_.post(jobFor(snapshot));
        if (!throttle) {  // scripted runs and clips: this frame's own values
            worker_.waitUntilIdle();
            if (worker_.take(values)) accept(values);
        }
    }
    // Until a new run's first values come (a frame or two; a second at a million units),
    // the last run's stay: no blank flash at every reset.
    if (!hasValues_) {
        ImGui::Dummy(size);
        return;
    }
    if (mode_ == Mode::HeatMaps) {
        const float top = ImGui::GetCursorPosY();
        const char* names[] = {"student and teacher", "student", "teacher"};
        int choice = static_cast<int>(heatMaps);
        ImGui::SetNextItemWidth(std::min(size.x, ImGui::CalcTextSize(names[0]).x + ImGui::GetFrameHeight() * 2));
        if (ImGui::Combo("##heat maps", &choice, names, 3)) heatMaps = static_cast<HeatMapChoice>(choice);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("the output over the plane of the student, the teacher, or both");
        widgetRects().add("predictor.choices", "predictor", {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
        const float used = ImGui::GetCursorPosY() - top;
        drawHeatMaps(ImVec2(size.x, size.y - used));
    } else {
        config_.name = "predictor";
        drawPlot("predictor", size, config_, series_);
    }
}

void PredictorView::drawOptions() { ImGui::Checkbox("contours", &contours); }

}  // namespace flowscope::gui
