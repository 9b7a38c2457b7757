#pragma once
// Where the programs find their read-only files (GLSL shaders, scenario presets): the same
// binary runs from its build tree, from an install prefix (`cmake --install`) and from the
// Debian package, so nothing may depend on one absolute path alone.
#include <string>

namespace flowscope {

// The folder holding the running executable, "" if the system cannot tell.
std::string executableDirectory();

// The installed data folder seen from the installed programs' folder: <binDir>/../share/flowscope
// with the usual layout (the relative step is taken from the install directories at configure time).
std::string installedDataDirectory(const std::string& binDir);

// The folder `name` (shaders, assets) from, in order:
//  1. `override` (an environment variable's value) when set and not empty, taken as given:
//     whoever sets it means it, and a wrong one is named by the error that follows;
//  2. <installedData>/<name> when that folder exists (the programs of an install tree);
//  3. `builtIn`, the source tree's folder as it was at build time (the programs of the build tree).
std::string resolveResourceDirectory(const char* override, const std::string& installedData, const std::string& name,
                                     const std::string& builtIn);

// This process's shaders/ ($FLOWSCOPE_SHADERS overrides) and assets/ ($FLOWSCOPE_ASSETS overrides).
std::string shaderDirectory();
std::string assetDirectory();

}  // namespace flowscope
