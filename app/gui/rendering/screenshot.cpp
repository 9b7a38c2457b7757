#include "screenshot.hpp"

#include <cstdio>
#include <ctime>
#include <vector>

#include <stb_image_write.h>

#include "gl.hpp"

namespace flowscope::gui {

bool writeScreenshot(const std::string& path, int width, int height, std::string& message) {
    if (width <= 0 || height <= 0) {
        message = "nothing to capture";
        return false;
    }
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's rows start at the bottom; PNG's at the top.
    stbi_flip_vertically_on_write(1);
    const int ok = stbi_write_png(path.c_str(), width, height, 3, pixels.data(), width * 3);
    stbi_flip_vertically_on_write(0);
    message = ok ? "saved " + path : "cannot write " + path;
    return ok != 0;
}

std::string timestampedName(const std::string& prefix, const std::string& extension) {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "-%Y%m%d-%H%M%S", &local);
    return prefix + stamp + extension;
}

std::string numberedPath(const std::string& path, int frame) {
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, "-%04d", frame);
    const auto dot = path.rfind('.');
    const auto slash = path.rfind('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return path + suffix;
    return path.substr(0, dot) + suffix + path.substr(dot);
}

}  // namespace flowscope::gui
