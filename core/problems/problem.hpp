#pragma once
// A problem of the form F(mu) = R( int Phi d mu ) + int V d mu with Phi(w, theta) =
// w phi(theta) and R a squared loss. The problem knows R and phi; the regularizer V
// and the dynamics are generic (regularizer.hpp, dynamics.hpp).
//
// The interface is virtual at the level of "evaluate all particles": one call fills
// the loss and, for every particle, the first variation of the loss per unit weight
//     field_i     = m dR/dw_i          = scale <grad R(f), phi(theta_i)>
//     fieldGrad_i = grad_theta field_i = scale <grad R(f), grad phi(theta_i)>
// so the potential felt by particle i is g(w, theta) = w field(theta) + V(w, theta).
#include <Eigen/Core>
#include <limits>
#include <memory>
#include <string>

#include "particles.hpp"

namespace flowscope {

class Rng;

struct Evaluation {
    double loss = 0.0;           // R(f)
    Eigen::VectorXd field;       // m values of scale <grad R(f), phi(theta_i)>
    Eigen::MatrixXd fieldGrad;   // dim x m gradients of field with respect to theta_i
    // Classification (network.loss = logistic): the share of the evaluated samples whose
    // label has the predictor's sign; NaN otherwise.
    double accuracy = std::numeric_limits<double>::quiet_NaN();
};

// The predictor on samples it was not trained on (data.test_fraction); NaN without them.
struct HeldOutMetrics {
    double loss = std::numeric_limits<double>::quiet_NaN();
    double accuracy = std::numeric_limits<double>::quiet_NaN();  // classification only
};

class Problem {
public:
    virtual ~Problem() = default;

    virtual int positionDim() const = 0;
    // Positions live on the torus [0, 1)^dim (deconvolution) or in R^dim (networks).
    virtual bool periodic() const = 0;
    // The predictor is f = (scale / m) sum_i w_i phi(theta_i).
    virtual void evaluate(const ParticleSet& particles, double scale, Evaluation& out) = 0;
    // Called once before each step: stochastic risks draw a fresh mini-batch here.
    virtual void beginStep(Rng&) {}

    // The ground truth as particles (spikes, or teacher units with their amplitudes),
    // in the same coordinates as the student's particles.
    virtual const ParticleSet& truth() const = 0;
    // The optimal objective where it is known (a realizable teacher without penalty).
    virtual double optimalObjective() const { return std::numeric_limits<double>::quiet_NaN(); }

    // Evaluates the predictor and the ground truth's function at points (one per column:
    // torus positions for deconvolution, inputs x for networks), for display and checks.
    virtual Eigen::VectorXd predict(const ParticleSet& particles, double scale,
                                    const Eigen::MatrixXd& points) const = 0;
    virtual Eigen::VectorXd predictTruth(const Eigen::MatrixXd& points) const = 0;
    // The loss (and accuracy) of the predictor on the held-out test set, if there is one.
    virtual HeldOutMetrics heldOut(const ParticleSet&, double /*scale*/) const { return {}; }
};

}  // namespace flowscope
