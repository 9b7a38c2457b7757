// The colour schemes' promises, computed from the colours themselves: marks and text stand
// out from the background by WCAG's contrast ratio (more so in the high-contrast scheme),
// and the sign pair stays distinct for viewers with each common colour-vision deficiency
// (simulated with Machado, Oliveira and Fernandes' 2009 matrices at full severity).
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "palette.hpp"

using namespace flowscope::gui;

namespace {

using Linear = std::array<double, 3>;  // linear-light sRGB

double toLinear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
Linear linear(palette::Rgb c) { return {toLinear(c.r), toLinear(c.g), toLinear(c.b)}; }
Linear linear(ImU32 c) {
    auto channel = [&](int shift) { return toLinear(((c >> shift) & 0xFF) / 255.0); };
    return {channel(IM_COL32_R_SHIFT), channel(IM_COL32_G_SHIFT), channel(IM_COL32_B_SHIFT)};
}

double luminance(const Linear& c) { return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; }
double contrastRatio(const Linear& a, const Linear& b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// CIE L*a*b* (D65) of a linear sRGB colour, for perceptual distances (CIE76 delta E).
Linear lab(const Linear& c) {
    const double x = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047;
    const double y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    const double z = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883;
    auto f = [](double t) { return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0; };
    return {116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))};
}
double deltaE(const Linear& a, const Linear& b) {
    const Linear p = lab(a), q = lab(b);
    return std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
}

using Matrix = std::array<std::array<double, 3>, 3>;
// Machado et al. 2009, severity 1.0, applied to linear RGB.
const std::vector<std::pair<std::string, Matrix>> deficiencies = {
    {"protanopia", {{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}}},
    {"deuteranopia", {{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}}},
    {"tritanopia", {{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}}},
};
Linear seenWith(const Matrix& m, const Linear& c) {
    Linear out{};
    for (int i = 0; i < 3; ++i) out[i] = std::clamp(m[i][0] * c[0] + m[i][1] * c[1] + m[i][2] * c[2], 0.0, 1.0);
    return out;
}

struct Marks {
    std::vector<std::pair<std::string, Linear>> all;
    explicit Marks(const palette::Scheme& s)
        : all{{"positive", linear(s.positive)}, {"negative", linear(s.negative)}, {"truth", linear(s.truth)},
              {"objective", linear(s.objective)}, {"loss", linear(s.loss)}, {"excess", linear(s.excess)},
              {"gradient norm", linear(s.gradNorm)}, {"test loss", linear(s.testLoss)},
              {"error rate", linear(s.accuracy)}, {"test error rate", linear(s.testAccuracy)}, {"axis", linear(s.axis)}, {"dim text", linear(s.dimText)},
              {"run 1", linear(s.runs[0])}, {"run 2", linear(s.runs[1])}, {"run 3", linear(s.runs[2])}, {"run 4", linear(s.runs[3])}} {}
};

}  // namespace

TEST_SUITE("gui.logic") {

TEST_CASE("every mark and text stands out from its background: 4.5:1 in the standard scheme, 7:1 in high contrast") {
    for (const auto& [scheme, least] : {std::pair{palette::standard, 4.5}, std::pair{palette::highContrast, 7.0}}) {
        for (const auto& [name, colour] : Marks(scheme).all) {
            INFO(scheme.name, ": ", name);
            CHECK(contrastRatio(colour, linear(scheme.background)) >= least);
            CHECK(contrastRatio(colour, linear(scheme.plotBackground)) >= least);
        }
        CHECK(contrastRatio(linear(scheme.text), linear(scheme.background)) >= (least > 5.0 ? 20.0 : 12.0));
    }
}

TEST_CASE("the high-contrast scheme raises the contrast of every mark over the standard one") {
    const Marks standard(palette::standard), high(palette::highContrast);
    for (std::size_t k = 0; k < standard.all.size(); ++k) {
        INFO(standard.all[k].first);
        CHECK(contrastRatio(high.all[k].second, linear(palette::highContrast.background)) >
              contrastRatio(standard.all[k].second, linear(palette::standard.background)));
    }
}

TEST_CASE("the sign colours stay apart for each colour-vision deficiency, in both schemes") {
    for (const palette::Scheme& scheme : {palette::standard, palette::highContrast}) {
        const Linear positive = linear(scheme.positive), negative = linear(scheme.negative);
        CHECK(deltaE(positive, negative) > 40.0);
        for (const auto& [name, matrix] : deficiencies) {
            INFO(scheme.name, " seen with ", name);
            // 20 is far beyond a just-noticeable difference (about 2.3): the two read as
            // different colours, not shades.
            CHECK(deltaE(seenWith(matrix, positive), seenWith(matrix, negative)) > 20.0);
        }
    }
}

TEST_CASE("a comparison's run colours stay apart from each other and from the sign colours, in both schemes") {
    for (const palette::Scheme& scheme : {palette::standard, palette::highContrast}) {
        for (int i = 0; i < 4; ++i) {
            const Linear run = linear(scheme.runs[i]);
            INFO(scheme.name, ": run ", i + 1);
            // Far from both signs (a curve or a title never reads as a weight) ...
            CHECK(deltaE(run, linear(scheme.positive)) > 30.0);
            CHECK(deltaE(run, linear(scheme.negative)) > 30.0);
            // The first three (every built-in comparison's) also from the other marks in a
            // pane: a title never reads as the truth or as the mass gathered.
            if (i < 3) {
                CHECK(deltaE(run, linear(scheme.truth)) > 30.0);
                CHECK(deltaE(run, linear(scheme.objective)) > 30.0);
            }
            for (int j = i + 1; j < 4; ++j) {
                INFO("against run ", j + 1);
                // ... and from each other: different colours in normal vision, still apart
                // (the legend and the titles name them too) with each deficiency.
                const Linear other = linear(scheme.runs[j]);
                CHECK(deltaE(run, other) > 50.0);
                for (const auto& [name, matrix] : deficiencies) {
                    INFO("seen with ", name);
                    CHECK(deltaE(seenWith(matrix, run), seenWith(matrix, other)) > 10.0);
                }
            }
        }
    }
}

TEST_CASE("switching the scheme changes what the named colours read, and back") {
    palette::useScheme(palette::highContrast);
    CHECK(palette::highContrastOn());
    CHECK(palette::background.r == 0.0f);
    CHECK(palette::text == palette::highContrast.text);
    CHECK(palette::runColor(1) == palette::highContrast.runs[1]);
    CHECK(palette::runColor(5) == palette::highContrast.runs[1]);  // a fifth run would take the second's colour
    palette::useScheme(palette::standard);
    CHECK_FALSE(palette::highContrastOn());
    CHECK(palette::positive.r == palette::standard.positive.r);
    CHECK(palette::truth == palette::standard.truth);
}

}  // TEST_SUITE
