// Where the programs find shaders and presets: an override, the install tree, the source tree.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "resource_paths.hpp"
#include "scenario_library.hpp"

using namespace flowscope;
namespace fs = std::filesystem;

namespace {

// A scratch install prefix: bin/ and, when asked, share/flowscope/<folder>.
struct ScratchPrefix {
    fs::path root = fs::temp_directory_path() / ("flowscope-resource-paths-" + std::to_string(::getpid()));
    ScratchPrefix() {
        fs::remove_all(root);
        fs::create_directories(root / "bin");
    }
    ~ScratchPrefix() { fs::remove_all(root); }
    void add(const std::string& folder) const { fs::create_directories(root / "share" / "flowscope" / folder); }
    std::string bin() const { return (root / "bin").string(); }
    std::string data(const std::string& folder) const { return (root / "share" / "flowscope" / folder).string(); }
};

}  // namespace

TEST_CASE("the install tree's data folder is share/flowscope beside bin/") {
    CHECK(installedDataDirectory("/opt/flowscope/bin") == "/opt/flowscope/share/flowscope");
    CHECK(installedDataDirectory("/usr/bin") == "/usr/share/flowscope");
    CHECK(installedDataDirectory("") == "");
}

TEST_CASE("an override wins, the install tree comes next, the source tree last") {
    const ScratchPrefix prefix;
    const std::string installed = installedDataDirectory(prefix.bin());
    CHECK(installed == (prefix.root / "share" / "flowscope").string());
    // Nothing installed yet: the build-time folder.
    CHECK(resolveResourceDirectory(nullptr, installed, "assets", "/src/assets") == "/src/assets");
    prefix.add("assets");
    CHECK(fs::equivalent(resolveResourceDirectory(nullptr, installed, "assets", "/src/assets"), prefix.data("assets")));
    // Each folder on its own: shaders are not installed, so they still come from the source tree.
    CHECK(resolveResourceDirectory(nullptr, installed, "shaders", "/src/shaders") == "/src/shaders");
    // An override is taken as given, even a folder that does not exist (its error names it).
    CHECK(resolveResourceDirectory("/elsewhere/assets", installed, "assets", "/src/assets") == "/elsewhere/assets");
    // An empty variable counts as unset.
    CHECK(fs::equivalent(resolveResourceDirectory("", installed, "assets", "/src/assets"), prefix.data("assets")));
    // No executable folder known: the build-time folder.
    CHECK(resolveResourceDirectory(nullptr, "", "assets", "/src/assets") == "/src/assets");
}

TEST_CASE("this test runs from the build tree: its folder, and the source tree's presets") {
    CHECK(fs::equivalent(executableDirectory(), FLOWSCOPE_TEST_BINARY_DIR));
    // The build tree has no share/flowscope, so without an override the source tree's folders are used.
    ::unsetenv("FLOWSCOPE_ASSETS");
    ::unsetenv("FLOWSCOPE_SHADERS");
    CHECK(fs::equivalent(assetDirectory(), fs::path(FLOWSCOPE_SOURCE_DIR) / "assets"));
    CHECK(fs::equivalent(shaderDirectory(), fs::path(FLOWSCOPE_SOURCE_DIR) / "shaders"));
    CHECK(fs::is_regular_file(presetDirectory() + "/relu2d.json"));
}

TEST_CASE("FLOWSCOPE_ASSETS moves the presets") {
    const ScratchPrefix prefix;
    prefix.add("assets/scenarios");
    std::ofstream(prefix.data("assets/scenarios") + "/only-here.json") << "{}\n";
    ::setenv("FLOWSCOPE_ASSETS", prefix.data("assets").c_str(), 1);
    CHECK(assetDirectory() == prefix.data("assets"));
    CHECK(presetNames() == std::vector<std::string>{"only-here"});
    ::unsetenv("FLOWSCOPE_ASSETS");
    CHECK(presetNames().size() > 1);
}
