#include "file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "input_error.hpp"

namespace flowscope {

std::string fileKindName(unsigned mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    if (S_ISREG(mode)) return "a regular file";
    return "not a regular file";
}

void throwFileError(const std::string& path, const std::string& action, int error) {
    const std::string message = path + ": " + action + " (" + std::strerror(error) + ")";
    // A path that names nothing usable is the command's fault; the rest is the machine's.
    switch (error) {
        case ENOENT: case ENOTDIR: case EISDIR: case ENAMETOOLONG: case ELOOP: case EEXIST:
            throw InputError(message);
        default:
            throw EnvironmentError(message);
    }
}

int openRegularInput(const std::string& path, const std::string& what, std::uint64_t maxBytes) {
    // Non-blocking, so opening a FIFO without a writer returns at once to be refused.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throwFileError(path, "cannot open the " + what, errno);
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        const int error = errno;
        ::close(fd);
        throwFileError(path, "cannot read the " + what, error);
    }
    if (!S_ISREG(info.st_mode)) {
        ::close(fd);
        throw InputError(path + ": is " + fileKindName(info.st_mode) + ", not a " + what);
    }
    if (static_cast<std::uint64_t>(info.st_size) > maxBytes) {
        ::close(fd);
        throw InputError(path + ": " + std::to_string(info.st_size) + " bytes is more than a " + what +
                         " may hold (at most " + std::to_string(maxBytes) + ")");
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

std::string readRegularFile(const std::string& path, const std::string& what, std::uint64_t maxBytes) {
    const int fd = openRegularInput(path, what, maxBytes);
    std::string bytes;
    char block[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, block, sizeof block);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            throwFileError(path, "cannot read the " + what, error);
        }
        if (n == 0) break;
        // The size was checked on opening; a file growing meanwhile is still bounded.
        if (bytes.size() + static_cast<std::size_t>(n) > maxBytes) {
            ::close(fd);
            throw InputError(path + ": grew past " + std::to_string(maxBytes) + " bytes while read (not a " + what + "?)");
        }
        bytes.append(block, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return bytes;
}

void requireReplaceableFile(const std::string& path, const std::string& what) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        if (errno == ENOENT) return;  // a new file
        throwFileError(path, "cannot inspect the " + what + " path", errno);
    }
    if (!S_ISREG(info.st_mode))
        throw InputError(path + ": is " + fileKindName(info.st_mode) + "; the " + what +
                         " is written over a regular file only (choose another path)");
}

void writeAll(int fd, const std::string& bytes, const std::string& path) {
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throwFileError(path, "write failed", errno);
        if (n == 0) throwFileError(path, "write failed", EIO);
        written += static_cast<std::size_t>(n);
    }
}

void writeFileAtomically(const std::string& path, const std::string& bytes, const std::string& what) {
    requireReplaceableFile(path, what);
    // A name of our own beside the target: same file system, so the rename is atomic.
    const std::string temporary = path + ".tmp" + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throwFileError(path, "cannot write the " + what, errno);
    try {
        writeAll(fd, bytes, path);
        if (::fsync(fd) != 0) throwFileError(path, "cannot write the " + what, errno);
    } catch (...) {
        ::close(fd);
        ::unlink(temporary.c_str());
        throw;
    }
    if (::close(fd) != 0 || ::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        throwFileError(path, "cannot write the " + what, error);
    }
}

void syncFolder(const std::string& folder) {
    const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // nothing to make durable that we could name
    ::fsync(fd);
    ::close(fd);
}

}  // namespace flowscope
