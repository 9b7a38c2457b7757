#pragma once
// Initial measures mu_0, discretized into m particles.
//   Torus (deconvolution): grid (theta_i = i/m; a k x k grid in 2-D), uniform, subinterval
//     [lo, hi] of each axis, or point (all particles at one random point); weights 0 or
//     +-radius (alternating or random signs).
//   Networks: sphere (u = (w, theta) uniform on the sphere of radius r0 in R^(1+d)),
//     half_sphere (the same with every direction theta in the half-space theta_0 >= 0), or
//     point (all particles at one point of that sphere).
// Grid, uniform and sphere are separating (the theorem's hypothesis); subinterval,
// half_sphere and point are not.
#include "particles.hpp"
#include "scenario.hpp"

namespace flowscope {

class Rng;

ParticleSet drawInitialParticles(const Scenario& scenario, int count, Rng& rng);
// The particles a run of `scenario` starts from (its count, from its init seed's stream),
// as Simulation draws them.
ParticleSet initialParticles(const Scenario& scenario);
// New particles for a growing run, from the initial law (a grid's law is uniform; a
// point start's law is its point, drawn from a stream of its own so it is the same point).
ParticleSet drawAdditionalParticles(const Scenario& scenario, int count, Rng& rng);

}  // namespace flowscope
