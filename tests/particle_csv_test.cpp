#include <doctest/doctest.h>

#include <sstream>

#include "input_error.hpp"
#include "particle_csv.hpp"
#include "test_support.hpp"

using namespace flowscope;

namespace {
doctest::String errorOf(const std::string& text) {
    std::istringstream in(text);
    try {
        parseParticleCsv(in, "p.csv");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST_CASE("particles survive a CSV round trip exactly") {
    const ParticleSet p = testing::randomParticles(17, 3, false, 9);
    std::stringstream text;
    writeParticleCsv(text, p);
    CHECK(text.str().rfind("w,theta0,theta1,theta2\n", 0) == 0);
    const ParticleSet q = parseParticleCsv(text, "round trip");
    CHECK(q.w == p.w);
    CHECK(q.theta == p.theta);
}

TEST_CASE("a CSV with velocities still reads its particles") {
    const ParticleSet p = testing::randomParticles(4, 1, true, 2);
    std::stringstream text;
    writeParticleCsv(text, p, &p);
    CHECK(text.str().rfind("w,theta0,dw,dtheta0\n", 0) == 0);
    CHECK(parseParticleCsv(text, "with velocity").theta == p.theta);
}

TEST_CASE("bad particle files are refused with the file and line named") {
    CHECK(errorOf("") == doctest::Contains("p.csv: empty file"));
    CHECK(errorOf("x,y\n1,2\n") == doctest::Contains("p.csv:1: the header must start with w"));
    CHECK(errorOf("w\n1\n") == doctest::Contains("no position column"));
    CHECK(errorOf("w,theta0\n") == doctest::Contains("no particles"));
    CHECK(errorOf("w,theta0\n1,0.5\n2\n") == doctest::Contains("p.csv:3: expected 2 fields, found 1"));
    CHECK(errorOf("w,theta0\n1,0.5\nabc,0.1\n") == doctest::Contains("p.csv:3: column w is not a finite number"));
    CHECK(errorOf("w,theta0\n1,nan\n") == doctest::Contains("p.csv:2: column theta0"));
    CHECK(errorOf("w,theta0\n1,1e999\n") == doctest::Contains("p.csv:2"));
    CHECK(errorOf("w,theta0\n1,0.5,\n") == doctest::Contains("expected 2 fields, found 3"));
    CHECK(errorOf("\xff\xfe\x01\x02") == doctest::Contains("p.csv:1"));
}
