#pragma once
// A small, fully specified random generator (xoshiro256**, seeded by splitmix64).
// The standard library's distributions differ between implementations; ours do not,
// so a scenario and its seed reproduce a run bit for bit everywhere.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace flowscope {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 1) { reseed(seed); }

    void reseed(std::uint64_t seed);
    std::uint64_t next();
    double uniform();                       // in [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    double normal();                        // standard normal (Box-Muller, both draws used)
    double sign() { return (next() >> 63) ? 1.0 : -1.0; }

    // The complete state, for checkpoints.
    struct State {
        std::array<std::uint64_t, 4> s{};
        bool hasSpare = false;
        double spare = 0.0;
    };
    State state() const { return state_; }
    void setState(const State& state) { state_ = state; }

private:
    State state_;
};

// `count` standard normal numbers as S, drawn from a generator seeded with `seed`: the
// inputs of the kernels' tests and benchmarks.
template <class S>
std::vector<S> normalNumbers(std::size_t count, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<S> numbers(count);
    for (auto& x : numbers) x = S(rng.normal());
    return numbers;
}

}  // namespace flowscope
