#pragma once
// A command's failure as the user sees it: one line on stderr ("flowscope-cli: ...") and
// the exit code of its kind (2 bad input, 4 environment, 1 internal error). Used by main
// and by the ranks of an MPI sweep, which end the whole job with that code.
#include <exception>
#include <string>

namespace flowscope::cli {

// Prints the line for `failure` (`where` goes before the message, e.g. "rank 3: ") and
// returns the exit code.
int reportFailure(const std::exception_ptr& failure, const std::string& where = "");

}  // namespace flowscope::cli
