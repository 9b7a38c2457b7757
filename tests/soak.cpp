// The soak: drives the engine with a random stream of commands (valid and invalid values,
// resizes, new scenarios, new particles, divergences, speed limits) while a reader takes
// snapshots like the GUI does, for a fixed time. It checks every snapshot's invariants and
// that every posted command is applied, and reports the resident memory at intervals:
// after a warm-up, memory must stay flat (a leak shows as steady growth).
//
//   soak --seconds 20                  the short form, in the test suite
//   soak --minutes 10 --report 30      the long form (docs/reliability.md has figures)
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "engine.hpp"
#include "rng.hpp"
#include "scenario_library.hpp"
#include "snapshot_invariants.hpp"

using namespace flowscope;
using Clock = std::chrono::steady_clock;

namespace {

double residentMegabytes() {
    std::ifstream statm("/proc/self/statm");
    long size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<double>(sysconf(_SC_PAGE_SIZE)) / (1024.0 * 1024.0);
}

// A value for a key: mostly sensible, sometimes out of range or of the wrong type, so the
// refusal path is soaked too. Sizes stay small: the soak measures leaks, not big runs.
std::string randomValue(const ScenarioKey& key, Rng& rng) {
    const auto& d = key.defaultValue;
    switch (rng.next() % 8) {
        case 0: return "\"oops\"";
        case 1: return "-1";
        case 2: return "1e300";
        case 3: return "nan";
        default: break;
    }
    if (d.is_boolean()) return rng.uniform() < 0.5 ? "true" : "false";
    if (d.is_number_integer() || d.is_number_unsigned()) {
        const double base = std::max(1.0, d.get<double>());
        return std::to_string(static_cast<long long>(std::ceil(base * rng.uniform(0.5, 2.0))));
    }
    if (d.is_number()) return std::to_string(d.get<double>() * rng.uniform(0.5, 2.0));
    return d.dump();  // strings and intervals: the default, which is valid
}

ParticleSet randomParticles(int dim, Rng& rng) {
    ParticleSet p(1 + static_cast<int>(rng.next() % 300), dim);
    for (int i = 0; i < p.count(); ++i) {
        p.w[i] = rng.normal();
        for (int k = 0; k < dim; ++k) p.theta(k, i) = rng.normal();
    }
    return p;
}

struct Options {
    double seconds = 20.0;
    double reportEvery = 5.0;
    std::uint64_t seed = 1;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const double value = std::atof(argv[i + 1]);
        if (flag == "--seconds") o.seconds = value;
        else if (flag == "--minutes") o.seconds = 60.0 * value;
        else if (flag == "--report") o.reportEvery = value;
        else if (flag == "--seed") o.seed = static_cast<std::uint64_t>(value);
        else {
            std::fprintf(stderr, "usage: soak [--seconds S | --minutes M] [--report S] [--seed N]\n");
            std::exit(2);
        }
    }
    if (o.seconds <= 0.0) o.seconds = 20.0;
    if (o.reportEvery <= 0.0) o.reportEvery = o.seconds / 4.0;
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse(argc, argv);
    const std::size_t capacity = 1024;
    std::vector<Scenario> presets;
    for (const auto& name : presetNames()) {
        Scenario s = loadScenarioNamed(name);
        s.particleCount = std::min(s.particleCount, 200);
        presets.push_back(s);
    }
    const auto& keys = scenarioKeys();
    // With a timeline under a small budget (full within the warm-up), so seeks and forks are in the storm.
    Engine engine(presets.front(), EngineOptions{std::chrono::microseconds(2000), capacity, true,
                                                 std::make_shared<KeyframeBudget>(std::size_t(1) << 20)});
    Rng rng(options.seed);

    const auto start = Clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    std::uint64_t posted = 0, snapshots = 0, lastSerial = 0, lastGeneration = 0, refusals = 0, lastErrorSerial = 0;
    std::int64_t stepsSeen = 0;
    // Resident memory, sampled every 100 ms: the peak of each quarter of the run. After the
    // first quarter (warm-up: every scenario and size met once) a leak shows as a later
    // quarter's peak above the second quarter's.
    double quarterPeak[4] = {0, 0, 0, 0}, intervalLow = 1e300, intervalHigh = 0.0;
    double nextSample = 0.0, nextReport = options.reportEvery;
    Snapshot s;
    engine.sync();
    engine.latest(s);
    std::printf("# seconds rss_low_mb rss_high_mb commands snapshots max_step refused_commands\n");
    while (elapsed() < options.seconds) {
        const int dim = s.scenario.positionDim();
        switch (rng.next() % 18) {
            case 0: engine.play(); break;
            case 1: engine.pause(); break;
            case 2: engine.togglePlay(); break;
            case 3: engine.step(1 + static_cast<std::int64_t>(rng.next() % 50)); break;
            case 4: engine.reset(); break;
            case 5: engine.reseed(rng.next() % 1000); break;
            case 6: engine.setStepSize(rng.uniform() < 0.1 ? -1.0 : std::pow(10.0, rng.uniform(-4.0, 2.5))); break;
            case 7: engine.setParticleCount(rng.uniform() < 0.1 ? -5 : 1 + static_cast<int>(rng.next() % 400)); break;
            case 8: case 9: {
                const auto& key = keys[rng.next() % keys.size()];
                engine.setValue(key.path, randomValue(key, rng));
                break;
            }
            case 10: engine.loadScenario(presets[rng.next() % presets.size()]); break;
            case 11: engine.setParticles(randomParticles(rng.uniform() < 0.1 ? dim + 1 : dim, rng)); break;
            case 12: engine.restoreLastFinite(); break;
            case 13: engine.setStepsPerSecondLimit(rng.uniform() < 0.7 ? 0.0 : rng.uniform(10.0, 5000.0)); break;
            case 14: engine.seekStep(static_cast<std::int64_t>(rng.next() % (s.liveStep + 2))); break;
            case 15: engine.fork(); break;
            default: std::this_thread::sleep_for(std::chrono::microseconds(rng.next() % 3000)); --posted; break;
        }
        ++posted;
        if (engine.latest(s)) {
            const std::string violation = testing::snapshotViolation(s, capacity);
            const bool ordered = s.serial > lastSerial && s.generation >= lastGeneration && s.errorSerial >= lastErrorSerial;
            if (!violation.empty() || !ordered) {
                std::fprintf(stderr, "soak: invariant broken after %.1f s: %s\n", elapsed(),
                             violation.empty() ? "serials went backwards" : violation.c_str());
                return 1;
            }
            refusals += s.errorSerial - lastErrorSerial;
            lastSerial = s.serial, lastGeneration = s.generation, lastErrorSerial = s.errorSerial;
            stepsSeen = std::max(stepsSeen, s.current.step);
            ++snapshots;
        }
        if (posted % 2000 == 0) {
            engine.sync();  // every command posted so far is applied
            if (engine.commandsApplied() != posted) {
                std::fprintf(stderr, "soak: %llu commands posted, %llu applied\n", (unsigned long long)posted,
                             (unsigned long long)engine.commandsApplied());
                return 1;
            }
        }
        const double t = elapsed();
        if (t >= nextSample) {
            const double rss = residentMegabytes();
            const int quarter = std::min(3, static_cast<int>(4.0 * t / options.seconds));
            quarterPeak[quarter] = std::max(quarterPeak[quarter], rss);
            intervalLow = std::min(intervalLow, rss), intervalHigh = std::max(intervalHigh, rss);
            nextSample = t + 0.1;
        }
        if (t >= nextReport) {
            std::printf("%.0f %.1f %.1f %llu %llu %lld %llu\n", t, intervalLow, intervalHigh, (unsigned long long)posted,
                        (unsigned long long)snapshots, (long long)stepsSeen, (unsigned long long)refusals);
            std::fflush(stdout);
            intervalLow = 1e300, intervalHigh = 0.0;
            nextReport += options.reportEvery;
        }
    }
    engine.sync();
    std::printf("soak: %.0f s, %llu commands (%llu refused), %llu snapshots checked, all invariants held; "
                "peak RSS by quarter %.1f %.1f %.1f %.1f MB\n",
                elapsed(), (unsigned long long)posted, (unsigned long long)refusals, (unsigned long long)snapshots,
                quarterPeak[0], quarterPeak[1], quarterPeak[2], quarterPeak[3]);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    // Sanitizers keep freed memory in quarantine and shadow it: their resident set says
    // nothing about leaks (AddressSanitizer's own leak check runs at exit instead).
    return 0;
#else
    // Sizes vary within fixed bounds, so the resident set wanders within a band after the
    // warm-up; a leak climbs past it.
    const double settled = quarterPeak[1], last = std::max(quarterPeak[2], quarterPeak[3]);
    if (last > 1.25 * settled + 32.0) {
        std::fprintf(stderr, "soak: memory grew from a peak of %.1f MB to %.1f MB\n", settled, last);
        return 1;
    }
    return 0;
#endif
}
