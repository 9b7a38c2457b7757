#pragma once
// Files read and written with care: an input is checked for its kind and size before a
// byte is read, an output is written beside its target, synced and renamed over it, and
// every failure is one line naming the file, classified as the input's fault
// (InputError: no such folder, not a regular file) or the machine's (EnvironmentError:
// disk full, permission denied, I/O error).
#include <cstdint>
#include <string>

namespace flowscope {

// "a directory", "a FIFO", "a character device", ... for a stat mode.
std::string fileKindName(unsigned mode);

// Throws the error class errno `error` belongs to: "PATH: ACTION (strerror)".
[[noreturn]] void throwFileError(const std::string& path, const std::string& action, int error);

// Opens `path` for reading after checking it is a regular file (never blocks on a FIFO,
// never reads a device) of at most maxBytes; `what` names it in messages ("particle
// file"). Returns the open descriptor; the caller closes it.
int openRegularInput(const std::string& path, const std::string& what, std::uint64_t maxBytes);
// The whole of such a file.
std::string readRegularFile(const std::string& path, const std::string& what, std::uint64_t maxBytes);

// Refuses an existing target that is not a regular file (a symlink, FIFO, device or
// folder would be replaced by the rename of an atomic write).
void requireReplaceableFile(const std::string& path, const std::string& what);

// Writes all of `bytes` to `fd` (retrying short writes), or throws naming `path`.
void writeAll(int fd, const std::string& bytes, const std::string& path);

// Writes `bytes` to a temporary file beside `path`, syncs it and renames it over `path`:
// a reader sees the old file or the new one, never a part.
void writeFileAtomically(const std::string& path, const std::string& bytes, const std::string& what);

// Syncs a folder, so the renames made in it survive a crash.
void syncFolder(const std::string& folder);

}  // namespace flowscope
