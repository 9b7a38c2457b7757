#include "folder_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include "file_io.hpp"
#include "input_error.hpp"

namespace flowscope::cli {

FolderLock::FolderLock(const std::string& lockPath, const std::string& what) {
    requireReplaceableFile(lockPath, "lock file");
    fd_ = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0) throwFileError(lockPath, "cannot create the lock file for " + what, errno);
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        char holder[32] = {};
        const ssize_t n = ::pread(fd_, holder, sizeof holder - 1, 0);
        ::close(fd_);
        fd_ = -1;
        if (error != EWOULDBLOCK) throwFileError(lockPath, "cannot lock " + what, error);
        std::string pid(holder, n > 0 ? static_cast<std::size_t>(n) : 0);
        pid = pid.substr(0, pid.find_first_not_of("0123456789"));
        throw EnvironmentError(what + ": in use by another flowscope-cli" + (pid.empty() ? "" : " (process " + pid + ")") +
                               "; wait for it to finish or choose another output");
    }
    // Who holds it, for the message a second writer gets.
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
        // The lock holds without the note; only the refusal message loses the process id.
    }
}

FolderLock::~FolderLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace flowscope::cli
