#pragma once
// PNG screenshots of the window's framebuffer.
#include <string>

namespace flowscope::gui {

// Reads the current framebuffer (call after rendering, before the buffer swap) and
// writes it as PNG; false with a message on failure.
bool writeScreenshot(const std::string& path, int width, int height, std::string& message);
// PREFIX-YYYYMMDD-HHMMSS.EXT in the working folder (extension with its dot).
std::string timestampedName(const std::string& prefix, const std::string& extension);
// "shot.png" with a frame number: "shot-0120.png" (used when several shots are asked for).
std::string numberedPath(const std::string& path, int frame);

}  // namespace flowscope::gui
