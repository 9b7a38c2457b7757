// Checkpoints: a run saved and loaded continues bit for bit as if it never stopped, and a
// damaged file is refused whole, leaving the simulation in memory as it was.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "checkpoint.hpp"
#include "input_error.hpp"
#include "rng.hpp"
#include "scenario_library.hpp"

using namespace flowscope;
namespace fs = std::filesystem;

namespace {

// Every number of a state in exact form: two runs are bit-for-bit equal when these are.
// The restart counter only counts restarts, so it is left out.
std::string exactState(const Simulation& sim) {
    SimulationState s = sim.state();
    s.restarts = 0;
    return formatCheckpoint(s);
}

Simulation restored(const SimulationState& state) {
    Simulation sim(state.scenario);
    sim.restore(parseCheckpoint(formatCheckpoint(state), "memory"), "memory");
    return sim;
}

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("flowscope-checkpoint-" + std::to_string(::getpid()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

void writeBytes(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string refusal(const std::function<void()>& load) {
    try {
        load();
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("for every preset, k steps, a checkpoint and j more steps equal k + j steps bit for bit") {
    std::vector<std::pair<std::string, Scenario>> cases;
    for (const auto& name : presetNames()) cases.emplace_back(name, loadScenarioNamed(name));
    // The mini-batch risk draws its batches from a generator that must continue exactly.
    Scenario minibatch = loadScenarioNamed("sigmoid2d");
    minibatch.network.risk = RiskKind::MiniBatch;
    cases.emplace_back("sigmoid2d, minibatch", minibatch);
    // The convergence window's ring buffer and a sparse history are part of the state too.
    Scenario windowed = loadScenarioNamed("relu2d");
    windowed.convergence.tolerance = 1e-12;
    windowed.convergence.window = 7;
    windowed.run.recordEvery = 3;
    cases.emplace_back("relu2d, convergence window, record_every 3", windowed);

    const int k = 25, j = 20;
    for (const auto& [name, scenario] : cases) {
        INFO(name);
        Simulation straight(scenario);
        straight.advanceBy(k + j);

        Simulation first(scenario);
        first.advanceBy(k);
        Simulation second = restored(first.state());
        CHECK(exactState(second) == exactState(first));
        second.advanceBy(j);

        CHECK(second.stepCount() == k + j);
        CHECK(second.particles().w == straight.particles().w);
        CHECK(second.particles().theta == straight.particles().theta);
        CHECK(second.current().objective == straight.current().objective);
        CHECK(second.history().size() == straight.history().size());
        CHECK(exactState(second) == exactState(straight));  // history, generators, everything
    }
}

TEST_CASE("a resize after loading draws the same new particles as it would have without stopping") {
    Scenario s = loadScenarioNamed("relu2d");
    s.particleCount = 20;
    Simulation straight(s), first(s);
    for (Simulation* sim : {&straight, &first}) {
        sim->advanceBy(10);
        sim->resize(30);  // uses the resize generator once before the checkpoint
        sim->advanceBy(5);
    }
    Simulation second = restored(first.state());
    for (Simulation* sim : {&straight, &second}) {
        sim->resize(45);
        sim->advanceBy(5);
    }
    CHECK(second.particles().count() == 45);
    CHECK(exactState(second) == exactState(straight));
}

TEST_CASE("a run that saves checkpoints as it goes records exactly what an uninterrupted run records") {
    TempDir dir;
    const std::string path = (dir.path / "run.ckpt").string();
    Scenario s = loadScenarioNamed("deconv1d-few");
    s.run.recordEvery = 4;
    Simulation straight(s), saving(s);
    straight.run(50);
    CHECK(runWithCheckpoints(saving, 50, {path, 7, nullptr}) == 50);
    CHECK(exactState(saving) == exactState(straight));
    CHECK(!fs::exists(path + ".tmp" + std::to_string(::getpid())));  // renamed, not left behind

    // The file holds the state before run()'s closing history row (step 50 is off the
    // record grid), so a resumed run records what a longer uninterrupted one would.
    Simulation longer(s), resumed(s);
    longer.run(70);
    resumed.restore(loadCheckpoint(path), path);
    CHECK(resumed.stepCount() == 50);
    resumed.run(20);
    CHECK(exactState(resumed) == exactState(longer));
}

TEST_CASE("a converged run stops at the same step whether or not it is cut into pieces") {
    Scenario s = loadScenarioNamed("relu2d-few");
    s.convergence.tolerance = 1e-3;
    s.convergence.window = 20;
    Simulation whole(s), pieces(s);
    const auto taken = whole.run(20000);
    REQUIRE(whole.status() == RunStatus::Converged);
    REQUIRE(taken < 20000);
    std::int64_t total = 0;
    for (int piece = 0; piece < 20000 / 37 + 1; ++piece) total += pieces.run(37);
    CHECK(total == taken);
    CHECK(exactState(pieces) == exactState(whole));
}

TEST_CASE("a diverged run's checkpoint loads as diverged, on its last finite state") {
    Scenario s = loadScenarioNamed("relu2d");
    s.dynamics.stepSize = 100.0;
    Simulation sim(s);
    sim.run(100);
    REQUIRE(sim.status() == RunStatus::Diverged);
    Simulation back = restored(sim.state());
    CHECK(back.status() == RunStatus::Diverged);
    CHECK(back.statusMessage() == sim.statusMessage());
    CHECK(back.particles().allFinite());
    CHECK(!back.advance());
}

TEST_CASE("truncated, damaged, foreign and empty checkpoints are refused in one line, and nothing changes") {
    TempDir dir;
    Scenario small = loadScenarioNamed("relu2d-few");
    Simulation source(small);
    source.run(5);
    const std::string good = formatCheckpoint(source.state());

    Simulation target(loadScenarioNamed("deconv1d-few"));
    target.run(3);
    const std::string before = exactState(target);
    const auto restarts = target.restartCount();
    auto refusedFile = [&](const std::string& bytes) {
        const std::string path = (dir.path / "bad.ckpt").string();
        writeBytes(path, bytes);
        const std::string message = refusal([&] { target.restore(loadCheckpoint(path), path); });
        CHECK(message.rfind(path + ":", 0) == 0);
        CHECK(message.find('\n') == std::string::npos);
        return doctest::String(message.c_str());
    };

    // Every truncation and every single flipped byte is caught.
    for (std::size_t length = 0; length < good.size(); ++length) {
        INFO("truncated to " << length << " bytes");
        CHECK(refusal([&] { parseCheckpoint(good.substr(0, length), "c"); }) != "");
    }
    for (std::size_t at = 0; at < good.size(); ++at) {
        INFO("byte " << at << " flipped");
        std::string damaged = good;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x20);
        CHECK(refusal([&] { parseCheckpoint(damaged, "c"); }) != "");
    }

    CHECK(refusedFile(good.substr(0, good.size() / 2)) == doctest::Contains("truncated or damaged checkpoint"));
    std::string flipped = good;
    flipped[good.size() / 2] ^= 1;
    CHECK(refusedFile(flipped) == doctest::Contains("checksum mismatch"));
    std::string future = good;
    future.replace(0, 22, "flowscope-checkpoint 4");
    CHECK(refusedFile(future) == doctest::Contains("checkpoint format version 4; this build reads versions 1 to 3"));
    CHECK(refusedFile("") == doctest::Contains("empty file"));
    Rng rng(7);
    std::string garbage(3000, '\0');
    for (char& c : garbage) c = static_cast<char>(rng.next());
    CHECK(refusedFile(garbage) == doctest::Contains("not a flowscope checkpoint"));
    CHECK(refusedFile("{\"problem\": {\"kind\": \"network\"}}") == doctest::Contains("not a flowscope checkpoint"));

    // A well-formed file whose state does not fit its scenario is refused by restore().
    SimulationState misfit = source.state();
    misfit.particles.resizeKeeping(2);
    CHECK(refusedFile(formatCheckpoint(misfit)) == doctest::Contains("holds 2 particles where its scenario has particles.count = 3"));

    const std::string missing = (dir.path / "missing.ckpt").string();
    const std::string absent = refusal([&] { loadCheckpoint(missing); });
    CHECK(absent.rfind(missing + ": cannot open the checkpoint (No such file or directory)", 0) == 0);
    CHECK(refusal([&] { loadCheckpoint(dir.path.string()); }).find("is a directory") != std::string::npos);

    CHECK(exactState(target) == before);
    CHECK(target.restartCount() == restarts);
    target.restore(parseCheckpoint(good, "good"), "good");  // and a good one still loads
    CHECK(target.particles().w == source.particles().w);
    CHECK(target.restartCount() > restarts);
}

namespace {

// A file of format version 2 as that version wrote it: rows without the held-out columns,
// checksummed (FNV-1a 64, computed here independently of the writer).
std::string asVersion2(const std::string& v3) {
    std::istringstream in(v3);
    std::string line, body;
    bool rows = false;
    while (std::getline(in, line)) {
        if (line.rfind("checksum ", 0) == 0) break;
        if (line.rfind("flowscope-checkpoint ", 0) == 0) line = "flowscope-checkpoint 2";
        const bool historyRow = rows && line != "end";
        if (line.rfind("history ", 0) == 0) rows = true;
        if (line.rfind("current ", 0) == 0 || historyRow)
            for (int k = 0; k < 3; ++k) line.erase(line.rfind(' '));
        body += line + '\n';
    }
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char c : body) hash = (hash ^ c) * 0x100000001b3ULL;
    char checksum[64];
    std::snprintf(checksum, sizeof checksum, "checksum %016llx %zu\n", static_cast<unsigned long long>(hash), body.size());
    return body + checksum;
}

}  // namespace

TEST_CASE("a classifier's held-out curves survive a checkpoint; a version 2 file loads without them") {
    Simulation sim(loadScenarioNamed("spiral2d"));
    sim.advanceBy(6);
    const HistoryPoint last = sim.history().points().back();
    REQUIRE(std::isfinite(last.testLoss));
    REQUIRE(std::isfinite(last.accuracy));
    const std::string text = formatCheckpoint(sim.state());
    const SimulationState back = parseCheckpoint(text, "memory");
    CHECK(back.history.back().testLoss == last.testLoss);
    CHECK(back.history.back().accuracy == last.accuracy);
    CHECK(back.history.back().testAccuracy == last.testAccuracy);
    CHECK(back.current.testAccuracy == sim.current().testAccuracy);

    const SimulationState old = parseCheckpoint(asVersion2(text), "old.ckpt");
    REQUIRE(old.history.size() == back.history.size());
    CHECK(old.history.back().objective == last.objective);  // the other columns as written
    CHECK(std::isnan(old.history.back().testLoss));          // not recorded then
    CHECK(std::isnan(old.current.accuracy));
}
