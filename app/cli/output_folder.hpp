#pragma once
// A run's output folder, all or nothing. Before any work: the folder's path is checked
// (a folder or nothing, never a file, link or device), a lock is taken beside it
// (.NAME.lock) and a staging folder is created beside it (.NAME.partial-PID), which
// proves the location writable. The run writes its files there; commit() syncs them and
// puts the staging folder in the target's place with one rename (exchanging the two when
// a previous folder exists), then removes the previous one. A run that fails or is killed
// before commit() leaves the previous folder untouched; its staging folder is removed by
// the next run of the same output.
#include <string>

#include "folder_lock.hpp"

namespace flowscope::cli {

class OutputFolder {
public:
    explicit OutputFolder(const std::string& path);
    ~OutputFolder();  // removes the staging folder unless committed
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;

    const std::string& path() const { return path_; }
    // Where a file of the output is written until commit().
    std::string staged(const std::string& name) const { return staging_ + "/" + name; }
    // Writes a whole file into the staging folder (synced; errors name the file).
    void write(const std::string& name, const std::string& bytes) const;
    void commit();

private:
    std::string path_, parent_, name_, staging_;
    FolderLock lock_;
    bool committed_ = false;
};

}  // namespace flowscope::cli
