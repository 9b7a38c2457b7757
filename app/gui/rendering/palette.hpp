#pragma once
// The instrument's colours, chosen once so every view speaks the same language:
// warm vermillion for positive weights or amplitudes, sky blue for negative ones
// (a pair that stays distinct under the common colour-vision deficiencies), on a
// near-black background that projects well.
//
// Two schemes: the standard one, and a high-contrast one for washed-out projectors
// (black background, white text, brighter marks; the same colour-blind-safe hues). The
// names below read the scheme in use, so a view draws in whichever is on; only the GUI
// thread switches it (useScheme), between frames.
#include <cstddef>
#include <string_view>

#include <imgui.h>

namespace flowscope::gui::palette {

struct Rgb { float r, g, b; };

struct Scheme {
    const char* name;
    Rgb positive, negative, background, panel;
    ImU32 plotBackground;
    // Series of the loss plot and the predictor curves.
    ImU32 objective, loss, excess, gradNorm;
    // Held-out loss, training error rate 1 - accuracy, test error rate (classification).
    ImU32 testLoss, accuracy, testAccuracy;
    ImU32 truth, axis, grid, text, dimText, warning;
    // The runs of a comparison, by their place: their curves and pane titles. Apart from
    // each other and from the sign colours, so a curve never reads as a weight; the first
    // three also from the truth and the objective's amber (drawn in the panes: the mass
    // gathered in deconvolution), which only a fourth run takes.
    ImU32 runs[4];
};

inline constexpr Scheme standard{
    "standard",
    {0.96f, 0.42f, 0.20f}, {0.27f, 0.62f, 0.98f}, {0.07f, 0.075f, 0.09f}, {0.11f, 0.115f, 0.135f},
    IM_COL32(14, 15, 19, 255),
    IM_COL32(255, 214, 90, 255),    // amber
    IM_COL32(90, 210, 230, 255),    // cyan
    IM_COL32(120, 220, 140, 255),   // green
    IM_COL32(200, 150, 255, 255),   // lilac
    IM_COL32(255, 110, 160, 255),   // pink
    IM_COL32(255, 150, 50, 255),    // orange
    IM_COL32(170, 230, 60, 255),    // lime
    IM_COL32(235, 235, 235, 255),   // ground truth: near white
    IM_COL32(190, 195, 205, 255), IM_COL32(255, 255, 255, 28), IM_COL32(230, 232, 238, 255),
    IM_COL32(160, 165, 178, 255), IM_COL32(255, 90, 80, 255),
    {IM_COL32(120, 220, 140, 255), IM_COL32(200, 150, 255, 255), IM_COL32(90, 210, 230, 255), IM_COL32(255, 214, 90, 255)},
};

// Orange against light blue keeps the sign readable under protan, deutan and tritan
// vision; every mark is at least 7:1 against black (WCAG's contrast ratio), text 21:1.
inline constexpr Scheme highContrast{
    "high-contrast",
    {1.00f, 0.55f, 0.16f}, {0.40f, 0.76f, 1.00f}, {0.0f, 0.0f, 0.0f}, {0.04f, 0.04f, 0.05f},
    IM_COL32(0, 0, 0, 255),
    IM_COL32(255, 230, 80, 255),    // yellow
    IM_COL32(90, 230, 255, 255),    // cyan
    IM_COL32(110, 240, 150, 255),   // green
    IM_COL32(225, 170, 255, 255),   // lilac
    IM_COL32(255, 130, 180, 255),   // pink
    IM_COL32(255, 165, 60, 255),    // orange
    IM_COL32(190, 245, 80, 255),    // lime
    IM_COL32(255, 255, 255, 255),   // ground truth: white
    IM_COL32(235, 238, 245, 255), IM_COL32(255, 255, 255, 60), IM_COL32(255, 255, 255, 255),
    IM_COL32(215, 218, 228, 255), IM_COL32(255, 110, 100, 255),
    // green, magenta, light cyan, yellow: brighter, and wider apart under each deficiency
    {IM_COL32(80, 250, 110, 255), IM_COL32(255, 150, 255, 255), IM_COL32(120, 240, 255, 255), IM_COL32(255, 235, 60, 255)},
};

// The scheme in use and its colours by name.
inline Scheme active = standard;
inline void useScheme(const Scheme& s) { active = s; }
inline bool highContrastOn() { return std::string_view(active.name) == highContrast.name; }
// The particle view's own background, a shade darker than the window's; black in high contrast.
inline Rgb viewBackground() { return highContrastOn() ? Rgb{0.0f, 0.0f, 0.0f} : Rgb{0.055f, 0.06f, 0.075f}; }

inline const Rgb& positive = active.positive;
inline const Rgb& negative = active.negative;
inline const Rgb& background = active.background;
inline const Rgb& panel = active.panel;
inline const ImU32& plotBackground = active.plotBackground;
inline const ImU32& objective = active.objective;
inline const ImU32& loss = active.loss;
inline const ImU32& excess = active.excess;
inline const ImU32& gradNorm = active.gradNorm;
inline const ImU32& testLoss = active.testLoss;
inline const ImU32& accuracy = active.accuracy;
inline const ImU32& testAccuracy = active.testAccuracy;
inline const ImU32& truth = active.truth;
inline const ImU32& axis = active.axis;
inline const ImU32& grid = active.grid;
inline const ImU32& text = active.text;
inline const ImU32& dimText = active.dimText;
inline const ImU32& warning = active.warning;

inline ImU32 runColor(std::size_t index) { return active.runs[index % 4]; }

inline ImU32 u32(Rgb c, float alpha = 1.0f) { return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, alpha)); }
inline ImU32 signColor(double value, float alpha = 1.0f) { return u32(value >= 0.0 ? positive : negative, alpha); }

}  // namespace flowscope::gui::palette
