#pragma once
// Text and colours for a lecture hall: DejaVu Sans (regular, and bold for headings)
// rasterized at the UI scale, so text stays sharp at any size, and a dark theme with
// high contrast.
#include <imgui.h>

namespace flowscope::gui {

struct Fonts {
    ImFont* regular = nullptr;
    ImFont* heading = nullptr;
};

// Rebuilds the font atlas at `scale` (base size 17 px) and the renderer's font texture.
// Falls back to ImGui's built-in font if DejaVu Sans is missing.
Fonts loadFonts(float scale);
// The dark theme in the palette's scheme in use (standard or high contrast), with every
// size multiplied by `scale`.
void applyTheme(float scale);
// A panel section's title: light blue over a separator.
void sectionHeading(const char* text);

}  // namespace flowscope::gui
