// A network's own data: the CSV reader refuses each kind of defect with the file, line and
// column; the built-in data sets of the plane are deterministic from the seed; the split
// holds out the asked share; a run on a file records its test loss and accuracies.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "data_csv.hpp"
#include "input_error.hpp"
#include "planar_datasets.hpp"
#include "rng.hpp"
#include "scenario_library.hpp"
#include "simulation.hpp"
#include "test_support.hpp"
#include "two_layer_network.hpp"

using namespace flowscope;
using namespace flowscope::testing;
namespace fs = std::filesystem;

namespace {

std::string refusal(const std::string& text, int inputDim = 2, LossKind loss = LossKind::Logistic) {
    std::istringstream in(text);
    try {
        parseDataCsv(in, "data.csv", inputDim, loss);
    } catch (const InputError& e) {
        return e.what();
    }
    return "accepted";
}

// A file in the test's temporary folder, removed with it.
struct TempFile {
    fs::path path;
    explicit TempFile(const std::string& name, const std::string& text)
        : path(fs::temp_directory_path() / ("flowscope-data-" + std::to_string(::getpid()) + "-" + name)) {
        std::ofstream(path) << text;
    }
    ~TempFile() { fs::remove(path); }
};

Scenario fileScenario(const std::string& path) {
    Scenario s = networkScenario("relu", "empirical", true);
    s.network.inputDim = 2;
    s.network.loss = LossKind::Logistic;
    s.data.file = path;
    s.data.testFraction = 0.25;
    s.particleCount = 50;
    s.dynamics.stepSize = 2.0;
    return s;
}

}  // namespace

TEST_CASE("a data CSV is read by its header's names, in any column order, with 0/1 labels as -1/+1") {
    std::istringstream in("y, x1 ,x0\n1,0.5,-2\n\n0,1e-3,3\r\n1,2,4");
    const Dataset d = parseDataCsv(in, "data.csv", 2, LossKind::Logistic);
    REQUIRE(d.size() == 3);
    CHECK(d.inputs(0, 0) == -2.0);
    CHECK(d.inputs(1, 0) == 0.5);
    CHECK(d.inputs(0, 1) == 3.0);
    CHECK(d.inputs(1, 1) == 1e-3);
    CHECK(d.labels[0] == 1.0);
    CHECK(d.labels[1] == -1.0);
    // Regression keeps any label; written back, the file reads to the same samples.
    std::istringstream reg("x0,x1,y\n1,2,0.25\n3,4,-7\n");
    const Dataset r = parseDataCsv(reg, "data.csv", 2, LossKind::Quadratic);
    CHECK(r.labels[0] == 0.25);
    std::stringstream written;
    writeDataCsv(written, r);
    const Dataset back = parseDataCsv(written, "again", 2, LossKind::Quadratic);
    CHECK(back.inputs == r.inputs);
    CHECK(back.labels == r.labels);
}

TEST_CASE("each kind of defect in a data CSV is refused on one line naming the file, line and column") {
    CHECK(refusal("") == "data.csv: empty file (expected a header x0,...,y)");
    CHECK(refusal("x0,x1,y\n") == "data.csv: no samples after the header");
    CHECK(refusal("x0,y\n1,1\n") == "data.csv:1: the header has no column x1 (expected x0..x1 and y)");
    CHECK(refusal("x0,x1\n1,1\n") == "data.csv:1: the header has no column y (expected x0..x1 and y)");
    CHECK(refusal("x0,x1,label\n") == "data.csv:1:3: unknown column 'label' (expected x0..x1 and y)");
    CHECK(refusal("x0,x1,x2,y\n") ==
          "data.csv:1:3: column x2 is past the network's 2 inputs x0..x1 (network.input_dim)");
    CHECK(refusal("x0,x0,y\n") == "data.csv:1:2: column x0 is named twice");
    CHECK(refusal("x0,x1,y\n1,2,1\n3,abc,1\n") == "data.csv:3:2: column x1 is not a finite number ('abc')");
    CHECK(refusal("x0,x1,y\n1,2,1\n\n3,4,nan\n") == "data.csv:4:3: column y is not a finite number ('nan')");
    CHECK(refusal("x0,x1,y\n1e999,2,1\n") == "data.csv:2:1: column x0 is not a finite number ('1e999')");
    CHECK(refusal("x0,x1,y\n1,2,1\n1,2\n") == "data.csv:3: expected 3 fields, found 2");
    CHECK(refusal("x0,x1,y\n1,2,1\n1,2,1,4\n") == "data.csv:3: expected 3 fields, found 4");
    CHECK(refusal("x0,x1,y\n1,2,1\n1,2,\n") == "data.csv:3:3: column y is not a finite number ('')");
    CHECK(refusal("x0,x1,y\n1,2,-1\n1,2,2\n") ==
          "data.csv:3:3: label y = 2 after labels -1; the logistic loss needs labels -1 and +1, or 0 and 1");
    CHECK(refusal("x0,x1,y\n1,2,0\n1,2,-1\n") ==
          "data.csv:3:3: label y = -1 after labels 0; the logistic loss needs labels -1 and +1, or 0 and 1");
    CHECK(refusal("x0,x1,y\n1,2,0.5\n") == "data.csv:2:3: label y = 0.5; the logistic loss needs labels -1 and +1, or 0 and 1");
    CHECK(refusal(std::string("x0,x1,y\n1,\x01,1\n")) == "data.csv:2:2: column x1 is not a finite number ('?')");
}

TEST_CASE("a data file over the memory limit is refused before it is read, and so is a non-file") {
    TempFile big("big.csv", "x0,x1,y\n" + std::string(4000, '1'));
    try {
        loadDataCsv(big.path.string(), 2, LossKind::Logistic, 1000);
        FAIL("accepted");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) == big.path.string() + ": 4008 bytes is more than a data file may hold (at most 1000)");
    }
    CHECK_THROWS_AS(loadDataCsv(fs::temp_directory_path().string(), 2, LossKind::Logistic), InputError);
    CHECK_THROWS_AS(loadDataCsv("/nonexistent/data.csv", 2, LossKind::Logistic), InputError);
    CHECK(dataFileByteLimit() > 1000000);
}

TEST_CASE("the built-in data sets of the plane are drawn from the seed alone, balanced, within about [-1, 1]^2") {
    for (DataKind kind : {DataKind::Circles, DataKind::Xor, DataKind::Gaussians, DataKind::Spirals}) {
        INFO(choiceName(kind));
        Rng a(7), b(7), c(8);
        const Dataset x = drawPlanarDataset(kind, 501, 0.1, a), y = drawPlanarDataset(kind, 501, 0.1, b),
                      z = drawPlanarDataset(kind, 501, 0.1, c);
        CHECK(x.inputs == y.inputs);  // bit for bit
        CHECK(x.labels == y.labels);
        CHECK(x.inputs != z.inputs);
        CHECK(x.labels.sum() == -1.0);  // 250 of +1, 251 of -1
        CHECK(x.labels.cwiseAbs().minCoeff() == 1.0);
        CHECK(x.inputs.cwiseAbs().maxCoeff() < 2.0);
    }
    // Without noise each set's labels follow its rule.
    Rng rng(3);
    const Dataset circles = drawPlanarDataset(DataKind::Circles, 200, 0.0, rng);
    const Dataset xorSet = drawPlanarDataset(DataKind::Xor, 200, 0.0, rng);
    const Dataset spirals = drawPlanarDataset(DataKind::Spirals, 200, 0.0, rng);
    for (Eigen::Index k = 0; k < 200; ++k) {
        const double r = circles.inputs.col(k).norm();
        CHECK((circles.labels[k] > 0 ? r <= 0.5 : (r >= 0.7 && r <= 1.0)));
        CHECK(xorSet.labels[k] * xorSet.inputs(0, k) * xorSet.inputs(1, k) > 0.0);
        CHECK(spirals.inputs.col(k).norm() <= 1.0);
    }
}

TEST_CASE("the split holds out round(fraction n) samples, every sample in exactly one part") {
    Rng rng(1);
    Dataset all;
    all.inputs = Eigen::MatrixXd(1, 10);
    all.labels = Eigen::VectorXd::LinSpaced(10, 0.0, 9.0);
    all.inputs.row(0) = all.labels.transpose();
    const DataSplit split = splitData(all, 0.3, rng);
    CHECK(split.train.size() == 7);
    CHECK(split.test.size() == 3);
    std::vector<double> seen;
    for (auto part : {&split.train, &split.test})
        for (Eigen::Index k = 0; k < part->size(); ++k) {
            CHECK(part->inputs(0, k) == part->labels[k]);
            seen.push_back(part->labels[k]);
        }
    std::sort(seen.begin(), seen.end());
    for (int k = 0; k < 10; ++k) CHECK(seen[k] == k);
    CHECK(heldOutCount(1, 0.9) == 0);  // one sample stays for training
    Rng again(1);
    CHECK(splitData(all, 0.0, again).train.labels == all.labels);  // no shuffle without a test set
}

TEST_CASE("a run on a CSV file records test loss, accuracy and test accuracy; a bad file changes nothing") {
    std::string text = "x0,x1,y\n";
    Rng rng(4);
    for (int k = 0; k < 80; ++k) {
        const double x0 = rng.normal(), x1 = rng.normal();
        text += std::to_string(x0) + "," + std::to_string(x1) + "," + (x0 + 0.5 * x1 > 0 ? "1" : "0") + "\n";
    }
    TempFile good("good.csv", text);
    Simulation sim(fileScenario(good.path.string()));
    sim.run(200);
    const HistoryPoint& last = sim.history().back();
    const HistoryPoint& first = sim.history().points().front();
    CHECK(std::isfinite(last.testLoss));
    CHECK(last.testLoss < first.testLoss);
    CHECK(last.accuracy >= 0.9);  // a linear rule is learnt
    CHECK(last.testAccuracy >= 0.75);
    CHECK(std::isnan(last.excess));  // no optimum is known for given data
    const auto& network = dynamic_cast<const TwoLayerNetwork&>(sim.problem());
    CHECK(network.trainingSet().size() == 60);
    CHECK(network.testSet().size() == 20);
    CHECK(network.truth().count() == 0);

    TempFile bad("bad.csv", "x0,x1,y\n1,2,1\n3,4\n");
    const ParticleSet before = sim.particles();
    const auto steps = sim.stepCount();
    try {
        sim.load(fileScenario(bad.path.string()));
        FAIL("accepted");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) == bad.path.string() + ":3: expected 3 fields, found 2");
    }
    CHECK(sim.particles().w == before.w);
    CHECK(sim.stepCount() == steps);
    CHECK(sim.scenario().data.file == good.path.string());
    CHECK(dataCsvInputDim(good.path.string()) == 2);
}

TEST_CASE("the data keys are checked against the risk, the input dimension and each other") {
    auto refused = [](const std::function<void(Scenario&)>& change) {
        Scenario s = networkScenario("relu", "empirical");
        change(s);
        try {
            validateScenario(s, "x.json");
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK(refused([](Scenario& s) { s.network.loss = LossKind::Logistic; s.network.risk = RiskKind::Population; }) ==
          "x.json: key 'network.loss' = \"logistic\" is taken over samples; use network.risk empirical or minibatch");
    CHECK(refused([](Scenario& s) { s.data.kind = DataKind::Xor; }) ==
          "x.json: key 'data.kind' = \"xor\" is a data set of the plane; it needs network.input_dim = 2");
    CHECK(refused([](Scenario& s) { s.data.file = "a.csv"; s.network.risk = RiskKind::Population; }) ==
          "x.json: key 'data.file' gives samples; use network.risk empirical or minibatch");
    CHECK(refused([](Scenario& s) { s.data.file = "a.csv"; s.network.inputDim = 5; }) == "accepted");  // any d
    CHECK(refused([](Scenario& s) { s.network.inputDim = 2; s.data.kind = DataKind::Spirals; }) == "accepted");
    CHECK(refused([](Scenario& s) {
              s.data.file = "a.csv";
              s.truth.given.assign(s.truth.count, std::vector<double>(s.positionDim() + 1, 0.5));
          }) == "x.json: key 'data.file' replaces the teacher; it cannot be used with truth.given");
}

TEST_CASE("the teacher's empirical risk without a test share draws the same samples as before the split existed") {
    Scenario s = networkScenario("relu", "empirical");
    TwoLayerNetwork plain(s);
    s.data.testFraction = 0.2;
    TwoLayerNetwork held(s);
    CHECK(plain.inputs().cols() == 200);
    CHECK(held.inputs().cols() == 160);
    CHECK(held.testSet().size() == 40);
    // Every held-out or kept sample is one of the 200 drawn.
    int found = 0;
    for (Eigen::Index k = 0; k < held.testSet().size(); ++k)
        for (Eigen::Index j = 0; j < 200; ++j) found += plain.inputs().col(j).head(3) == held.testSet().inputs.col(k);
    CHECK(found == 40);
}

// That spiral2d and xor2d classify their data (train accuracy >= 0.97, test >= 0.9) with
// their own m and steps is a claim of their descriptions: paper_claims_test checks it.

TEST_CASE("new given data keeps the particles flowing from where they are; a new start otherwise") {
    Scenario s = loadScenarioNamed("xor2d");
    s.particleCount = 40;
    s.data.samples = 100;
    Simulation sim(s);
    sim.run(50);
    const ParticleSet moved = sim.particles();
    Scenario other = s;
    other.data.kind = DataKind::Circles;
    sim.setScenario(other);
    CHECK(sim.particles().w == moved.w);  // the same particles, now on circles
    CHECK(sim.particles().theta == moved.theta);
    CHECK(sim.stepCount() == 0);          // a new history
    Scenario reseeded = other;
    reseeded.init.seed = 99;
    sim.setScenario(reseeded);
    CHECK(sim.particles().w != moved.w);
}

TEST_CASE("random byte edits of data CSVs are read or refused with a one-line InputError, never anything else") {
    const std::vector<std::string> seeds{"x0,x1,y\n1,2,1\n3,4,0\n", "y,x1,x0\n-1,0.5,2\n1,1e-3,-4\r\n",
                                         "x0,x1,y\n\n1.5e3,-2,1\n", "x0,x1,y\n0x1p-3,inf,1\n"};
    const std::string alphabet = "x0123456789y,.-+e\n\r \tnaif\x01";
    Rng rng(17);
    int accepted = 0, refused = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        std::string text = seeds[trial % seeds.size()];
        const int edits = 1 + int(rng.uniform() * 4);
        for (int e = 0; e < edits; ++e) {
            const auto at = std::size_t(rng.uniform() * double(text.size() + 1));
            const char c = alphabet[std::size_t(rng.uniform() * double(alphabet.size()))];
            const double kind = rng.uniform();
            if (kind < 0.4) text.insert(text.begin() + std::ptrdiff_t(std::min(at, text.size())), c);
            else if (kind < 0.7 && at < text.size()) text.erase(at, 1);
            else if (at < text.size()) text[at] = c;
        }
        for (LossKind loss : {LossKind::Quadratic, LossKind::Logistic}) {
            std::istringstream in(text);
            try {
                const Dataset d = parseDataCsv(in, "data.csv", 2, loss);
                CHECK(d.size() > 0);
                CHECK(d.inputs.allFinite());
                if (loss == LossKind::Logistic) CHECK(d.labels.cwiseAbs().minCoeff() == 1.0);
                ++accepted;
            } catch (const InputError& e) {
                const std::string message = e.what();
                CHECK(message.rfind("data.csv", 0) == 0);
                CHECK(message.find('\n') == std::string::npos);
                ++refused;
            }
        }
    }
    CHECK(accepted > 100);  // the edits reach both outcomes
    CHECK(refused > 100);
}
