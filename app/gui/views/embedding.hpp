#pragma once
// How particles u_i = (w_i, theta_i) are placed in the particle view, following the
// paper's pictures (notes sections 2 and 3):
//   deconvolution 1-D   x = theta_i on the circle, y = w_i / m (the particle's mass)
//   deconvolution 2-D   theta_i in the square; disc area shows |w_i|
//   ReLU network        |w_i| theta_i (the 2-homogeneous lifting), coloured by sign(w_i)
//   sigmoid network     theta_i itself (partially 1-homogeneous: w is only a weight)
// Positions of 3 coordinates are shown in an orbiting 3-D view; more than 3 are
// projected on the span of the first two teacher directions (orthonormalized).
#include <string>

#include <Eigen/Core>

#include "engine.hpp"

namespace flowscope::gui {

enum class EmbeddingKind { Spikes1D, Torus2D, Plane, Space, Projection };

struct Embedding {
    EmbeddingKind kind = EmbeddingKind::Plane;
    bool periodic = false;       // coordinates wrap at 1 (trails break where they wrap)
    bool homogeneous = false;    // place at |w| theta
    double massScale = 1.0;      // Spikes1D: height = massScale * w
    Eigen::MatrixXd basis;       // rows: the shown coordinates as combinations of theta's
    std::string xLabel, yLabel, zLabel;
    std::string caption;         // one line saying what the axes and marks mean

    bool threeD() const { return kind == EmbeddingKind::Space; }
    bool equalAspect() const { return kind != EmbeddingKind::Spikes1D; }
    // The view coordinates of a particle (z = 0 in 2-D views).
    Eigen::Vector3d place(double w, const Eigen::Ref<const Eigen::VectorXd>& theta) const;
    // Every particle's place, one column each, in one pass (the density view's millions);
    // `out` keeps its storage from call to call.
    void placeAll(const ParticleSet& particles, Eigen::Matrix3Xd& out) const;
    Eigen::Matrix3Xd placeAll(const ParticleSet& particles) const;
    // A direction or point of parameter space in view coordinates, without the weight.
    Eigen::Vector3d direction(const Eigen::Ref<const Eigen::VectorXd>& theta) const;
};

Embedding chooseEmbedding(const Snapshot& snapshot);

}  // namespace flowscope::gui
