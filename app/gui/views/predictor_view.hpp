#pragma once
// The predictor view: what the particles compute, next to what they should.
//   deconvolution 1-D            observations (dots), true signal and reconstruction (curves)
//   deconvolution 2-D, d = 2     heat maps of the student's and the teacher's output side
//                                by side, through a diverging colour map (heatmap.frag)
//   networks with d > 2          student against teacher output on fixed random inputs:
//                                the dots reach the diagonal as the flow converges
//   networks on given data, d = 2  the decision function, its boundary and the samples
//                                (classifier_view.hpp)
// Evaluating the predictor costs O(m) per point (about a second at a million units), so it
// is evaluated on a worker thread (view_worker.hpp) at a rate that keeps it under about 5%
// of a core, and on coarser grids for large m; the frame draws the last values finished.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "classifier_view.hpp"
#include "engine.hpp"
#include "gl_buffers.hpp"
#include "gl_program.hpp"
#include "heat_map_painter.hpp"
#include "plot.hpp"
#include "view_worker.hpp"

namespace flowscope::gui {

// The student's and the teacher's function at the points of one evaluation, as the worker
// returns them.
struct PredictorValues {
    std::shared_ptr<const Problem> problem;
    Eigen::MatrixXd points;
    Eigen::VectorXd student, teacher;
    int mode = 0;  // PredictorView::Mode
    bool deconvolution = false;
    std::uint64_t generation = 0, serial = 0;
    double seconds = 0.0;  // time to evaluate
};

class PredictorView {
public:
    void initialize();
    void draw(const Snapshot& snapshot, ImVec2 size);
    bool contours = true;
    // Off: every new snapshot is drawn at once (reproducible shots, and clips, whose
    // frames must show the particles they were captured with).
    bool throttle = true;
    // Its option in the control panel's View section, and as kept between sessions.
    void drawOptions();
    nlohmann::json savedOptions() const { return {{"contours", contours}}; }
    void restoreOptions(const nlohmann::json& saved) {
        if (saved.is_object() && saved.contains("contours") && saved["contours"].is_boolean()) contours = saved["contours"].get<bool>();
    }
    // Heat maps: both side by side (or stacked, whichever is larger), or one alone at
    // the panel's full size, for a lecture hall's back rows.
    enum class HeatMapChoice { Both, Student, Teacher };
    HeatMapChoice heatMaps = HeatMapChoice::Both;
    // A sample clicked into the classifier's map since the last call, for the App to add.
    std::optional<ClassifierView::Click> takeClick() { return std::exchange(click_, std::nullopt); }

private:
    enum class Mode { Curve, HeatMaps, Scatter };
    std::function<PredictorValues()> jobFor(const Snapshot& snapshot);
    void accept(const PredictorValues& values);
    void drawHeatMaps(ImVec2 size);

    Mode mode_ = Mode::Curve;
    std::uint64_t serial_ = 0, generation_ = ~0ull;
    std::chrono::steady_clock::time_point nextCompute_{};
    double computeSeconds_ = 0.0;
    bool hasValues_ = false;

    std::vector<PlotSeries> series_;  // curves or scatter
    PlotConfig config_;

    int resolution_ = 0;
    double lo_ = 0.0, hi_ = 1.0, range_ = 1.0;  // grid extent and colour range
    FloatTexture studentValues_, teacherValues_, barValues_;
    RenderTarget studentImage_, teacherImage_, barImage_;
    HeatMapPainter painter_;
    Eigen::MatrixXd inputs_;  // scatter inputs, drawn once per run
    ClassifierView classifier_;
    std::optional<ClassifierView::Click> click_;
    ViewWorker<PredictorValues> worker_;  // last: its thread stops before the rest goes
};

}  // namespace flowscope::gui
