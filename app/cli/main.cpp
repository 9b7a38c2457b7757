// flowscope-cli: runs flowscope's scenarios and experiments without a window.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "command_line.hpp"

int main(int argc, char** argv) {
    const int code = flowscope::cli::runCommandLine(argc, argv);
    // What went to standard output must have arrived (a full disk, a closed pipe).
    std::cout.flush();
    if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout)) {
        std::cerr << "flowscope-cli: standard output: write failed (" << std::strerror(errno ? errno : EIO) << ")\n";
        return 4;
    }
    return code;
}
