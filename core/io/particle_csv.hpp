#pragma once
// Particles as CSV: header w,theta0,theta1,... then one particle per line, where w is the
// weight in the predictor f = (scale/m) sum_i w_i phi(theta_i). Optional extra columns
// (dw,dtheta0,... for velocities) follow the same layout.
#include <iosfwd>
#include <string>

#include "particles.hpp"

namespace flowscope {

std::string particleCsvHeader(int dim, bool withVelocity);
void writeParticleCsv(std::ostream& out, const ParticleSet& particles, const ParticleSet* velocity = nullptr);
void saveParticleCsv(const std::string& path, const ParticleSet& particles);
// Reads the w and theta columns; `origin` names the source in errors ("file:line: ...").
ParticleSet parseParticleCsv(std::istream& in, const std::string& origin);
ParticleSet loadParticleCsv(const std::string& path);

}  // namespace flowscope
