#include "failure.hpp"

#include <filesystem>
#include <iostream>
#include <new>

#include "input_error.hpp"

namespace flowscope::cli {

int reportFailure(const std::exception_ptr& failure, const std::string& where) {
    const auto fail = [&](const std::string& message, int code) {
        // One write: the lines of several ranks, forwarded by mpirun, never interleave.
        std::cerr << "flowscope-cli: " + where + message + "\n" << std::flush;
        return code;
    };
    try {
        std::rethrow_exception(failure);
    } catch (const InputError& e) {
        return fail(e.what(), 2);
    } catch (const EnvironmentError& e) {
        return fail(e.what(), 4);
    } catch (const std::filesystem::filesystem_error& e) {
        // Named by its path and reason, never the library's own wording.
        return fail(e.path1().string() + ": " + e.code().message(), 4);
    } catch (const std::bad_alloc&) {
        return fail("out of memory (the machine or ulimit -v gave less than this run needs)", 4);
    } catch (const std::exception& e) {
        return fail(std::string("internal error: ") + e.what(), 1);
    } catch (...) {
        return fail("internal error", 1);
    }
}

}  // namespace flowscope::cli
