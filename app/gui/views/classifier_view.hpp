#pragma once
// The predictor view of a network on given data in the plane (a CSV of two inputs, or a
// built-in set): the decision function f over the data's square as a heat map, its 0
// level set drawn as the decision boundary, and the samples over it, the training ones as
// filled dots and the held-out ones as rings, coloured by class (the sign of y).
// Clicking in the map adds a sample of the chosen class there: the data (training and
// test samples, plus the new one) is written to a CSV and loaded as data.file, so the
// particles go on flowing toward the new data (Simulation::setScenario keeps them).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <imgui.h>

#include "dataset.hpp"
#include "engine.hpp"
#include "gl_buffers.hpp"
#include "gl_program.hpp"
#include "heat_map_painter.hpp"

namespace flowscope::gui {

// Whether the snapshot's run is shown by this view: a network of two inputs on given data.
bool showsClassifier(const Snapshot& snapshot);

// The segments of the level set f = 0 of values on a res x res grid over [lo, hi]^2 (row 0
// at the bottom), by marching squares: pairs of points in the plane's coordinates.
std::vector<Eigen::Vector2d> zeroLevelSegments(const Eigen::VectorXd& values, int res, double lo, double hi);

class ClassifierView {
public:
    void initialize();
    // Draws at the cursor; returns a sample to add (x0, x1, label) when the map was clicked.
    struct Click {
        double x0, x1, label;
    };
    std::optional<Click> draw(const Snapshot& snapshot, ImVec2 size, bool throttle, bool contours);
    double newLabel = 1.0;  // the class a click adds

private:
    void recompute(const Snapshot& snapshot);

    std::uint64_t serial_ = 0, generation_ = ~0ull;
    std::chrono::steady_clock::time_point nextCompute_{};
    double computeSeconds_ = 0.0;
    int resolution_ = 0;
    double lo_ = -1.0, hi_ = 1.0, range_ = 1.0;
    std::vector<Eigen::Vector2d> boundary_;
    Dataset train_, test_;  // the samples shown (a thinned copy of large sets)
    FloatTexture values_;
    RenderTarget image_;
    HeatMapPainter painter_;
};

// Writes the snapshot's samples and one more to a new CSV in the temporary folder; returns its path.
std::string writeDataWithSample(const Snapshot& snapshot, const ClassifierView::Click& click);

}  // namespace flowscope::gui
