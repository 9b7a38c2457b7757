#pragma once
// The instrument's colours, chosen once so every view speaks the same language:
// warm vermillion for positive weights or amplitudes, sky blue for negative ones
// (a pair that stays distinct under the common colour-vision deficiencies), on a
// near-black background that projects well.
#include <imgui.h>

namespace flowscope::gui::palette {

struct Rgb { float r, g, b; };

inline constexpr Rgb positive{0.96f, 0.42f, 0.20f};
inline constexpr Rgb negative{0.27f, 0.62f, 0.98f};
inline constexpr Rgb background{0.07f, 0.075f, 0.09f};
inline constexpr Rgb panel{0.11f, 0.115f, 0.135f};

inline ImU32 u32(Rgb c, float alpha = 1.0f) { return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, alpha)); }
inline ImU32 signColor(double value, float alpha = 1.0f) { return u32(value >= 0.0 ? positive : negative, alpha); }

// Series of the loss plot and the predictor curves.
inline const ImU32 objective = IM_COL32(255, 214, 90, 255);   // amber
inline const ImU32 loss = IM_COL32(90, 210, 230, 255);       // cyan
inline const ImU32 excess = IM_COL32(120, 220, 140, 255);     // green
inline const ImU32 gradNorm = IM_COL32(200, 150, 255, 255);   // lilac
inline const ImU32 testLoss = IM_COL32(255, 110, 160, 255);    // pink: loss on the held-out samples
inline const ImU32 accuracy = IM_COL32(255, 150, 50, 255);     // orange: training error rate 1 - accuracy
inline const ImU32 testAccuracy = IM_COL32(170, 230, 60, 255); // lime: test error rate
inline const ImU32 truth = IM_COL32(235, 235, 235, 255);      // ground truth: near white
inline const ImU32 axis = IM_COL32(190, 195, 205, 255);
inline const ImU32 grid = IM_COL32(255, 255, 255, 28);
inline const ImU32 text = IM_COL32(230, 232, 238, 255);
inline const ImU32 dimText = IM_COL32(160, 165, 178, 255);
inline const ImU32 warning = IM_COL32(255, 90, 80, 255);

}  // namespace flowscope::gui::palette
