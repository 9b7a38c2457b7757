#pragma once
// The built-in data sets of the plane, drawn from a seed (data.kind), as in the classic
// playground of small networks: each spans about [-1, 1]^2 with labels -1 and +1, half of
// the points in each class, and Gaussian noise of standard deviation `noise` on every coordinate.
//   circles:   +1 uniform in the disc of radius 0.5, -1 uniform in the ring 0.7 <= |x| <= 1;
//   xor:       uniform in [-1, 1]^2 away from the axes (|x_k| >= 0.05), label sign(x_0 x_1);
//   gaussians: +1 around (0.5, 0.5), -1 around (-0.5, -0.5), standard deviation 0.25;
//   spirals:   two arms x = r (sin t, cos t), t = 2 pi kTurns r (+ pi for the -1 arm), r uniform in [0, 1].
#include "dataset.hpp"
#include "scenario_choices.hpp"

namespace flowscope {

class Rng;

constexpr double kSpiralTurns = 1.25;

// kind is one of circles, xor, gaussians, spirals.
Dataset drawPlanarDataset(DataKind kind, int samples, double noise, Rng& rng);

}  // namespace flowscope
