#include "output_folder.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>

#include "file_io.hpp"
#include "input_error.hpp"

namespace flowscope::cli {

namespace fs = std::filesystem;

namespace {

// "runs/a/" and "runs/a" are the same folder; ".", ".." and "/" are not folders a run
// may replace.
fs::path normalized(const std::string& path) {
    fs::path p = fs::path(path).lexically_normal();
    if (p.filename().empty()) p = p.parent_path();
    const std::string name = p.filename().string();
    if (path.empty() || name.empty() || name == "." || name == ".." || p == p.root_path())
        throw InputError("--out " + path + ": name a folder to create or replace (not '.', '..' or '/')");
    return p;
}

std::string parentOf(const std::string& path) {
    const fs::path parent = normalized(path).parent_path();
    const std::string folder = parent.empty() ? "." : parent.string();
    std::error_code error;
    fs::create_directories(folder, error);
    if (error) throwFileError(folder, "cannot create the folder of --out " + path, error.value());
    return folder;
}

std::string nameOf(const std::string& path) { return normalized(path).filename().string(); }

// Removes a folder tree we made (no links followed: remove_all removes links themselves).
void removeTree(const std::string& path) {
    std::error_code error;
    fs::remove_all(path, error);
}

// ".NAME.partial-PID" or ".NAME.partial-PID.previous", and nothing else (an output named
// "NAME.partial-1" has staging folders of its own that this run must not touch).
bool isStagingOf(const std::string& entry, const std::string& prefix) {
    if (entry.rfind(prefix, 0) != 0) return false;
    std::string rest = entry.substr(prefix.size());
    const std::string previous = ".previous";
    if (rest.size() > previous.size() && rest.compare(rest.size() - previous.size(), previous.size(), previous) == 0)
        rest.resize(rest.size() - previous.size());
    return !rest.empty() && rest.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

OutputFolder::OutputFolder(const std::string& path)
    : path_(normalized(path).string()), parent_(parentOf(path)), name_(nameOf(path)),
      lock_(parent_ + "/." + name_ + ".lock", path_) {
    struct stat info {};
    if (::lstat(path_.c_str(), &info) == 0 && !S_ISDIR(info.st_mode))
        throw InputError(path_ + ": is " + fileKindName(info.st_mode) + ", not a folder; --out names a folder "
                         "to create or replace");
    // What a killed run of this output left behind: ours to remove, since we hold the lock.
    const std::string partial = "." + name_ + ".partial-";
    if (DIR* folder = ::opendir(parent_.c_str())) {
        while (const dirent* entry = ::readdir(folder))
            if (isStagingOf(entry->d_name, partial)) removeTree(parent_ + "/" + entry->d_name);
        ::closedir(folder);
    }
    staging_ = parent_ + "/" + partial + std::to_string(::getpid());
    if (::mkdir(staging_.c_str(), 0755) != 0) throwFileError(path_, "cannot write the output folder's location", errno);
}

OutputFolder::~OutputFolder() {
    if (!committed_) removeTree(staging_);
}

void OutputFolder::write(const std::string& name, const std::string& bytes) const {
    const std::string file = staged(name);
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throwFileError(path_ + "/" + name, "cannot write", errno);
    try {
        writeAll(fd, bytes, path_ + "/" + name);
        if (::fsync(fd) != 0) throwFileError(path_ + "/" + name, "cannot write", errno);
    } catch (...) {
        ::close(fd);
        throw;
    }
    if (::close(fd) != 0) throwFileError(path_ + "/" + name, "cannot write", errno);
}

void OutputFolder::commit() {
    syncFolder(staging_);
    struct stat info {};
    if (::lstat(path_.c_str(), &info) != 0) {
        if (::rename(staging_.c_str(), path_.c_str()) != 0) throwFileError(path_, "cannot put the output in place", errno);
    } else {
        // One atomic exchange: the path holds the previous folder, then the new one, never neither.
        if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, path_.c_str(), RENAME_EXCHANGE) != 0) {
            if (errno != EINVAL && errno != ENOSYS)
                throwFileError(path_, "cannot put the output in place", errno);
            // A file system without exchange: the previous folder steps aside first.
            const std::string previous = staging_ + ".previous";
            if (::rename(path_.c_str(), previous.c_str()) != 0)
                throwFileError(path_, "cannot put the output in place", errno);
            if (::rename(staging_.c_str(), path_.c_str()) != 0) {
                const int error = errno;
                ::rename(previous.c_str(), path_.c_str());
                throwFileError(path_, "cannot put the output in place", error);
            }
            ::rename(previous.c_str(), staging_.c_str());
        }
        removeTree(staging_);  // now the previous folder
    }
    committed_ = true;
    syncFolder(parent_);
}

}  // namespace flowscope::cli
