// Checkpoints with their history kept apart (CheckpointWriter): what is loaded equals
// the uninterrupted run, a save costs the state and at most a chunk of rows (not the
// whole history), and a damaged or cut history file is refused naming it.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "checkpoint.hpp"
#include "input_error.hpp"
#include "scenario_library.hpp"

using namespace flowscope;
namespace fs = std::filesystem;

namespace {
struct TempDir {
    fs::path path = fs::temp_directory_path() / ("flowscope-history-" + std::to_string(::getpid()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

std::string exact(SimulationState s) {
    s.restarts = 0;
    return formatCheckpoint(s);
}

// A run of `steps` saved every `every` steps through a writer, as the command-line tool does.
void runSaving(Simulation& sim, CheckpointWriter& writer, std::int64_t steps, std::int64_t every) {
    sim.setHistorySink([&](const HistoryPoint& p) { writer.append(p); });
    runWithCheckpoints(sim, steps, {writer.path(), every, nullptr, &writer});
    sim.setHistorySink(nullptr);
}
}  // namespace

TEST_CASE("a checkpoint with its history apart loads to the uninterrupted run, and saves stay small") {
    TempDir dir;
    const std::string path = (dir.path / "run.ckpt").string();
    const Scenario s = loadScenarioNamed("relu2d-few");
    Simulation straight(s), saving(s, 64);  // the saving run keeps only a bounded history
    straight.run(3000);
    CheckpointWriter writer(path, saving.history().points());
    std::uintmax_t largestCheckpoint = 0;
    saving.setHistorySink([&](const HistoryPoint& p) { writer.append(p); });
    for (int piece = 0; piece < 30; ++piece) {
        saving.advanceBy(100);
        writer.save(saving.state());
        largestCheckpoint = std::max(largestCheckpoint, fs::file_size(path));
    }
    saving.run(0);
    saving.setHistorySink(nullptr);
    SimulationState loaded = loadCheckpoint(path);
    CHECK(loaded.history.size() == straight.history().size());
    CHECK(loaded.history.back().step == 3000);
    loaded.history = straight.history().points();  // compared whole below
    Simulation back(s);
    back.restore(loadCheckpoint(path), path);
    CHECK(exact(back.state()) == exact(straight.state()));
    // The history file holds most rows; no checkpoint ever held more than a chunk of them.
    CHECK(fs::file_size(path + ".history") > 200000);
    CHECK(largestCheckpoint < 100000);
}

TEST_CASE("a resumed run appends to the history it was saved with, bit for bit") {
    TempDir dir;
    const std::string path = (dir.path / "r.ckpt").string();
    Scenario s = loadScenarioNamed("deconv1d-few");
    s.run.recordEvery = 3;
    Simulation straight(s);
    straight.run(900);
    Simulation first(s, 16);
    CheckpointWriter w1(path, first.history().points());
    runSaving(first, w1, 500, 70);
    SimulationState state = loadCheckpoint(path);
    Simulation second(s, 16);
    second.restore(state, path);
    CheckpointWriter w2(path, state.history);  // resumed into the same file
    runSaving(second, w2, 400, 90);
    Simulation back(s);
    back.restore(loadCheckpoint(path), path);
    CHECK(exact(back.state()) == exact(straight.state()));
}

TEST_CASE("a damaged, cut or grown history file: refused naming it, or the extra rows ignored") {
    TempDir dir;
    const std::string path = (dir.path / "d.ckpt").string();
    const Scenario s = loadScenarioNamed("relu2d-few");
    Simulation sim(s);
    CheckpointWriter writer(path, sim.history().points());
    runSaving(sim, writer, 2000, 500);
    const std::string history = path + ".history";
    const auto good = exact(loadCheckpoint(path));
    auto bytes = [&] {
        std::ifstream in(history, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string original = bytes();
    auto put = [&](const std::string& text) { std::ofstream(history, std::ios::binary | std::ios::trunc) << text; };

    put(original + "2001 0x0p+0 0x0p+0 0x0p+0 0x0p+0 0x0p+0 0x0p+0\ngarbage");  // a run killed after its last save
    CHECK(exact(loadCheckpoint(path)) == good);
    put(original.substr(0, original.size() / 2));
    CHECK_THROWS_WITH_AS(loadCheckpoint(path), doctest::Contains((history + ": truncated history file").c_str()), InputError);
    std::string flipped = original;
    flipped[original.size() / 3] ^= 1;
    put(flipped);
    CHECK_THROWS_WITH_AS(loadCheckpoint(path), doctest::Contains((history + ": damaged history file (checksum mismatch").c_str()),
                         InputError);
    fs::remove(history);
    CHECK_THROWS_WITH_AS(loadCheckpoint(path), doctest::Contains((history + ": cannot open").c_str()), InputError);
}

TEST_CASE("the writer refuses a checkpoint path that is not a regular file, before any save") {
    TempDir dir;
    const fs::path link = dir.path / "link";
    fs::create_symlink(dir.path / "elsewhere", link);
    CHECK_THROWS_WITH_AS(CheckpointWriter(link.string()), doctest::Contains("is a symbolic link"), InputError);
    CHECK_THROWS_WITH_AS(CheckpointWriter(dir.path.string()), doctest::Contains("is a directory"), InputError);
    CHECK_THROWS_WITH_AS(saveCheckpoint("/dev/null", Simulation(loadScenarioNamed("relu2d-few")).state()),
                         doctest::Contains("/dev/null: is a character device"), InputError);
    CHECK(fs::is_symlink(link));
}

TEST_CASE("rows between far-apart saves go to the history file as they come, not to memory") {
    TempDir dir;
    const std::string path = (dir.path / "far.ckpt").string();
    const Scenario s = loadScenarioNamed("relu2d-few");
    Simulation straight(s), saving(s, 64);
    straight.run(20000);
    CheckpointWriter writer(path, saving.history().points());
    std::uintmax_t sizeOnTheWay = 0;
    saving.setHistorySink([&](const HistoryPoint& p) {
        writer.append(p);
        if (p.step == 19000) sizeOnTheWay = fs::file_size(path + ".history");
    });
    runWithCheckpoints(saving, 20000, {path, 0, nullptr, &writer});  // saves at the start and the end only
    saving.setHistorySink(nullptr);
    CHECK(sizeOnTheWay > (std::uintmax_t(1) << 20));  // 19 000 rows of 80 to 100 bytes were not held
    Simulation back(s);
    back.restore(loadCheckpoint(path), path);
    CHECK(exact(back.state()) == exact(straight.state()));
}
