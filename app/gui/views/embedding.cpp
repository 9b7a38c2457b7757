#include "embedding.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::gui {

Eigen::Vector3d Embedding::direction(const Eigen::Ref<const Eigen::VectorXd>& theta) const {
    Eigen::Vector3d out = Eigen::Vector3d::Zero();
    const Eigen::VectorXd shown = basis * theta;
    for (int i = 0; i < shown.size() && i < 3; ++i) out[i] = shown[i];
    return out;
}

Eigen::Vector3d Embedding::place(double w, const Eigen::Ref<const Eigen::VectorXd>& theta) const {
    if (kind == EmbeddingKind::Spikes1D) return {theta[0], massScale * w, 0.0};
    if (kind == EmbeddingKind::Torus2D) return {theta[0], theta[1], 0.0};
    if (theta.size() == 1) return {homogeneous ? std::abs(w) * theta[0] : theta[0], w, 0.0};
    return (homogeneous ? std::abs(w) : 1.0) * direction(theta);
}

void Embedding::placeAll(const ParticleSet& p, Eigen::Matrix3Xd& out) const {
    out.resize(3, p.count());
    if (kind == EmbeddingKind::Spikes1D || kind == EmbeddingKind::Torus2D || p.dim() == 1) {
        for (int i = 0; i < p.count(); ++i) out.col(i) = place(p.w[i], p.theta.col(i));  // no product, no allocation
        return;
    }
    // direction() for all at once: one product with the basis instead of one per particle.
    const Eigen::Index rows = std::min<Eigen::Index>(3, basis.rows());
    out.setZero();
    out.topRows(rows).noalias() = basis.topRows(rows) * p.theta;
    if (homogeneous) out.array().rowwise() *= p.w.array().abs().transpose();
}

Eigen::Matrix3Xd Embedding::placeAll(const ParticleSet& p) const {
    Eigen::Matrix3Xd out;
    placeAll(p, out);
    return out;
}

namespace {

// An orthonormal basis (2 rows) of the span of the first two teacher directions,
// completed with coordinate axes if the teacher has fewer than two independent units.
Eigen::MatrixXd teacherPlane(const ParticleSet& teacher, int dim) {
    Eigen::MatrixXd basis = Eigen::MatrixXd::Zero(2, dim);
    int rows = 0;
    auto add = [&](Eigen::VectorXd v) {
        for (int r = 0; r < rows; ++r) v -= basis.row(r).dot(v) * basis.row(r).transpose();
        if (v.norm() < 1e-9) return;
        basis.row(rows++) = v.normalized().transpose();
    };
    for (int j = 0; j < teacher.count() && rows < 2; ++j) add(teacher.theta.col(j));
    for (int axis = 0; axis < dim && rows < 2; ++axis) add(Eigen::VectorXd::Unit(dim, axis));
    return basis;
}

}  // namespace

Embedding chooseEmbedding(const Snapshot& snapshot) {
    Embedding e;
    const Scenario& s = snapshot.scenario;
    const int dim = snapshot.particles.dim() > 0 ? snapshot.particles.dim() : s.positionDim();
    const int m = std::max(1, snapshot.particles.count());
    if (s.isDeconvolution()) {
        e.periodic = true;
        if (dim == 1) {
            e.kind = EmbeddingKind::Spikes1D;
            e.massScale = s.dynamics.outputScale / m;
            e.xLabel = "position \xce\xb8 on the circle";
            e.yLabel = "mass w\xe1\xb5\xa2/m";
            e.caption = "height: particle mass w\xe1\xb5\xa2/m  \xc2\xb7  disc area \xe2\x88\x9d |w\xe1\xb5\xa2|  \xc2\xb7  "
                        "stems: true spikes a\xe2\xb1\xbc  \xc2\xb7  bars: mass gathered near each spike";
        } else {
            e.kind = EmbeddingKind::Torus2D;
            e.xLabel = "\xce\xb8\xe2\x82\x81";
            e.yLabel = "\xce\xb8\xe2\x82\x82";
            e.caption = "positions on the torus [0,1)\xc2\xb2  \xc2\xb7  disc area \xe2\x88\x9d |w\xe1\xb5\xa2|  \xc2\xb7  "
                        "rings: true spikes (size \xe2\x88\x9d |a\xe2\xb1\xbc|)";
        }
        e.basis = Eigen::MatrixXd::Identity(dim, dim);
        return e;
    }
    e.homogeneous = s.network.activation == Activation::Relu;
    const std::string lifted = e.homogeneous ? "|w| " : "";
    if (dim <= 3) {
        e.kind = dim == 3 ? EmbeddingKind::Space : EmbeddingKind::Plane;
        e.basis = Eigen::MatrixXd::Identity(dim, dim);
        e.xLabel = lifted + "\xce\xb8\xe2\x82\x81";
        e.yLabel = dim == 1 ? "w" : lifted + "\xce\xb8\xe2\x82\x82";
        e.zLabel = s.network.bias && dim == 3 ? lifted + "\xce\xb8 bias" : lifted + "\xce\xb8\xe2\x82\x83";
    } else {
        e.kind = EmbeddingKind::Projection;
        e.basis = teacherPlane(snapshot.problem ? snapshot.problem->truth() : ParticleSet(), dim);
        e.xLabel = lifted + "\xce\xb8\xc2\xb7" "e\xe2\x82\x81";
        e.yLabel = lifted + "\xce\xb8\xc2\xb7" "e\xe2\x82\x82";
    }
    if (e.homogeneous)
        e.caption = "particle at |w\xe1\xb5\xa2| \xce\xb8\xe1\xb5\xa2  \xc2\xb7  colour: sign of w\xe1\xb5\xa2  \xc2\xb7  "
                    "lines: teacher directions \xce\xb8*\xe2\xb1\xbc, coloured by the sign of a\xe2\xb1\xbc";
    else
        e.caption = "particle at \xce\xb8\xe1\xb5\xa2  \xc2\xb7  colour: sign of w\xe1\xb5\xa2  \xc2\xb7  disc area \xe2\x88\x9d |w\xe1\xb5\xa2|  \xc2\xb7  "
                    "rings: teacher units \xce\xb8*\xe2\xb1\xbc";
    if (e.kind == EmbeddingKind::Projection)
        e.caption += "  \xc2\xb7  projected on the plane of the first two teacher directions";
    if (e.kind == EmbeddingKind::Space) e.caption += "  \xc2\xb7  drag to turn";
    return e;
}

}  // namespace flowscope::gui
