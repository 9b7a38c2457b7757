#pragma once
// The colours of the measure's density (views/density_map.hpp): viridis, dark to light,
// whose lightness grows steadily and whose hues stay apart under the colour-vision
// deficiencies, so |w| reads the same for every viewer; and apart from the sign pair of
// palette.hpp, which the signed density and the discs keep. Five stops, interpolated
// linearly here and in shaders/density.frag.
#include "palette.hpp"

namespace flowscope::gui::palette {

inline constexpr Rgb densityStops[5] = {
    {0.267f, 0.005f, 0.329f}, {0.229f, 0.322f, 0.546f}, {0.128f, 0.567f, 0.551f}, {0.369f, 0.789f, 0.383f}, {0.993f, 0.906f, 0.144f}};

inline Rgb densityColor(float t) {
    const float s = (t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t) * 4.0f;
    const int i = s >= 4.0f ? 3 : static_cast<int>(s);
    const float f = s - static_cast<float>(i);
    const Rgb a = densityStops[i], b = densityStops[i + 1];
    return {a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
}

}  // namespace flowscope::gui::palette
