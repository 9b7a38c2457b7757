#include "resource_paths.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace flowscope {

namespace fs = std::filesystem;

std::string executableDirectory() {
    std::error_code error;
    // Linux names the running image here, whatever argv[0] and the working folder are.
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    return error ? std::string() : self.parent_path().string();
}

std::string installedDataDirectory(const std::string& binDir) {
    if (binDir.empty()) return {};
    return (fs::path(binDir) / FLOWSCOPE_DATA_FROM_BIN).lexically_normal().string();
}

std::string resolveResourceDirectory(const char* override, const std::string& installedData, const std::string& name,
                                     const std::string& builtIn) {
    if (override && *override) return override;
    if (!installedData.empty()) {
        const fs::path installed = fs::path(installedData) / name;
        std::error_code error;
        if (fs::is_directory(installed, error)) return installed.string();
    }
    return builtIn;
}

namespace {

std::string thisProgramsDirectory(const char* variable, const char* name, const char* builtIn) {
    return resolveResourceDirectory(std::getenv(variable), installedDataDirectory(executableDirectory()), name, builtIn);
}

}  // namespace

std::string shaderDirectory() { return thisProgramsDirectory("FLOWSCOPE_SHADERS", "shaders", FLOWSCOPE_SOURCE_SHADERS); }

std::string assetDirectory() { return thisProgramsDirectory("FLOWSCOPE_ASSETS", "assets", FLOWSCOPE_SOURCE_ASSETS); }

}  // namespace flowscope
