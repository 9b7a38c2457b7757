#include <iomanip>
#include <iostream>

#include "commands.hpp"
#include "particle_csv.hpp"
#include "simulation.hpp"

namespace flowscope::cli {

int evalCommand(const EvalRequest& request) {
    Scenario s = request.scenario.resolve();
    s.dynamics.kind = DynamicsKind::Euler;  // the velocity asked for is -grad g, the Wasserstein gradient flow's
    Simulation sim(s);
    if (!request.particles.empty()) sim.setParticles(loadParticleCsv(request.particles));
    std::cout << std::setprecision(17) << sim.current().objective << '\n';
    writeParticleCsv(std::cout, sim.particles(), &sim.velocities());
    return 0;
}

}  // namespace flowscope::cli
