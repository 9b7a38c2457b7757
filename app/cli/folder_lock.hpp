#pragma once
// One writer per output: an exclusive flock(2) on a lock file, taken before any work and
// held until the process ends (the kernel releases it even after a kill -9). A second
// writer of the same folder is refused at once, naming the holder's process id.
#include <string>

namespace flowscope::cli {

class FolderLock {
public:
    // `lockPath`: the lock file (created if missing, kept afterwards: removing a lock
    // file races with its next taker); `what`: the folder it guards, for messages.
    FolderLock(const std::string& lockPath, const std::string& what);
    ~FolderLock();
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace flowscope::cli
