#include <iomanip>
#include <iostream>

#include "commands.hpp"
#include "particle_csv.hpp"
#include "scenario_options.hpp"
#include "simulation.hpp"

namespace flowscope::cli {

namespace {
struct EvalOptions {
    ScenarioOptions scenario;
    std::string particles;
};
}  // namespace

Command addEvalCommand(CLI::App& app) {
    auto options = std::make_shared<EvalOptions>();
    CLI::App* eval = app.add_subcommand(
        "eval", "Print the objective, then every particle with its velocity -grad g (the gradient flow's, "
                "whatever the scenario's dynamics) as CSV w,theta0,...,dw,dtheta0,...");
    options->scenario.addTo(*eval);
    eval->add_option("--particles", options->particles, "Evaluate these particles (CSV) instead of the initial ones");
    return [eval, options]() -> int {
        if (!eval->parsed()) return -1;
        Scenario s = options->scenario.resolve();
        s.dynamics.kind = DynamicsKind::Euler;  // the velocity asked for is -grad g, the Wasserstein gradient flow's
        Simulation sim(s);
        if (!options->particles.empty()) sim.setParticles(loadParticleCsv(options->particles));
        std::cout << std::setprecision(17) << sim.current().objective << '\n';
        writeParticleCsv(std::cout, sim.particles(), &sim.velocities());
        return 0;
    };
}

}  // namespace flowscope::cli
