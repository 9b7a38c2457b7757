#include "video_recorder.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace flowscope::gui {

namespace fs = std::filesystem;

namespace {

std::string lowerExtension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

// A GIF is made in two passes over a lossless intermediate (FFV1): the palette needs
// every frame before the first can be written, and buffering the frames in ffmpeg's
// memory would cost width x height x 4 bytes per frame.
std::string intermediateOf(const std::string& partial) { return partial + ".mkv"; }
std::string paletteOf(const std::string& partial) { return partial + ".palette.png"; }

// GIFs are for course pages: at most 800 pixels wide.
constexpr const char* kGifScale = "scale='min(800,iw)':-1:flags=lanczos";

// Output that is the same for the same frames: no encoder version or creation time.
const std::vector<std::string> kBitExact = {"-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1"};

std::vector<std::string> withBitExact(std::vector<std::string> args, const std::string& output, const char* format) {
    args.insert(args.end(), kBitExact.begin(), kBitExact.end());
    args.insert(args.end(), {"-f", format, output});
    return args;
}

// Starts ffmpeg with `args`; its stdin is a new pipe (returned in *input) or /dev/null,
// its stdout and stderr go to `log`. Throws RecordingError naming the clip.
pid_t spawnFfmpeg(const std::vector<std::string>& args, const std::string& log, int* input, const std::string& clip) {
    int fds[2] = {-1, -1};
    if (input && pipe2(fds, O_CLOEXEC) != 0)
        throw RecordingError(clip + ": cannot start ffmpeg (" + std::strerror(errno) + ")");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (input) posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
    else posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int failed = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (input) close(fds[0]);
    if (failed) {
        if (input) close(fds[1]);
        unlink(log.c_str());  // the child opened it before it found no ffmpeg to run
        if (failed == ENOENT)
            throw RecordingError(clip + ": recording needs ffmpeg, which is not installed (apt-get install ffmpeg)");
        throw RecordingError(clip + ": cannot start ffmpeg (" + std::strerror(failed) + ")");
    }
    if (input) *input = fds[1];
    return pid;
}

// ffmpeg's exit status (-1 when it did not exit normally).
int waitFor(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string lastLineOf(const std::string& path) {
    std::ifstream in(path);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty()) last = line;
    return last;
}

}  // namespace

VideoFormat videoFormatOf(const std::string& path) {
    const std::string ext = lowerExtension(path);
    if (ext == ".mp4") return VideoFormat::Mp4;
    if (ext == ".gif") return VideoFormat::Gif;
    throw RecordingError(path + ": a clip is .mp4 (for slides and players) or .gif (for web pages), not '" + ext + "'");
}

int defaultFramesPerSecond(VideoFormat format) { return format == VideoFormat::Gif ? 25 : 30; }

std::string partialPathOf(const std::string& path) {
    const fs::path p(path);
    return (p.parent_path() / ("." + p.filename().string() + ".partial")).string();
}

std::vector<std::string> ffmpegArguments(VideoFormat format, int width, int height, int fps, const std::string& output) {
    std::vector<std::string> args = {"ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                                     "-f", "rawvideo", "-pix_fmt", "rgba",
                                     "-s", std::to_string(width) + "x" + std::to_string(height),
                                     "-r", std::to_string(fps), "-i", "pipe:0",
                                     // OpenGL reads rows bottom first; yuv420p needs even sizes.
                                     "-vf", "vflip,crop=trunc(iw/2)*2:trunc(ih/2)*2"};
    if (format == VideoFormat::Mp4) {
        args.insert(args.end(), {"-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p",
                                 "-movflags", "+faststart"});
        return withBitExact(std::move(args), output, "mp4");
    }
    args.insert(args.end(), {"-c:v", "ffv1"});
    return withBitExact(std::move(args), output, "matroska");
}

VideoRecorder::VideoRecorder(const std::string& path, int width, int height, int fps)
    : path_(path), partial_(partialPathOf(path)), width_(width), height_(height), fps_(fps) {
    const VideoFormat format = videoFormatOf(path);
    if (width < 2 || height < 2) throw RecordingError(path + ": nothing to record (the view is " + std::to_string(width) + "x" + std::to_string(height) + ")");
    const fs::path folder = fs::absolute(path).parent_path();
    struct stat st {};
    if (stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw RecordingError(path + ": the folder " + folder.string() + " does not exist");
    if (access(folder.c_str(), W_OK) != 0)
        throw RecordingError(path + ": cannot write in " + folder.string() + " (" + std::strerror(errno) + ")");
    if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
        throw RecordingError(path + ": is not a regular file; a clip is written over a regular file only");
    // A write into a pipe whose reader died must be an error here, not the end of the program.
    std::signal(SIGPIPE, SIG_IGN);
    log_ = partial_ + ".log";
    const std::string target = format == VideoFormat::Gif ? intermediateOf(partial_) : partial_;
    pid_ = spawnFfmpeg(ffmpegArguments(format, width, height, fps, target), log_, &pipe_, path_);
}

VideoRecorder::~VideoRecorder() {
    if (pid_ > 0) {
        stop();
        kill(pid_, SIGTERM);
        waitFor(pid_);
    }
    std::error_code ignored;
    for (const std::string& f : {partial_, intermediateOf(partial_), paletteOf(partial_), log_}) fs::remove(f, ignored);
}

std::string VideoRecorder::ffmpegMessage() const {
    const std::string line = lastLineOf(log_);
    return line.empty() ? "ffmpeg stopped" : "ffmpeg: " + line;
}

void VideoRecorder::stop() {
    if (pipe_ >= 0) close(pipe_);
    pipe_ = -1;
}

void VideoRecorder::addFrame(const unsigned char* rgba) {
    if (pipe_ < 0) throw RecordingError(path_ + ": the clip is already finished");
    std::size_t left = std::size_t(width_) * std::size_t(height_) * 4;
    while (left > 0) {
        const ssize_t n = write(pipe_, rgba, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            stop();
            waitFor(pid_);
            pid_ = -1;
            throw RecordingError(path_ + ": " + ffmpegMessage());
        }
        rgba += n;
        left -= std::size_t(n);
    }
    ++frames_;
}

RecordedClip VideoRecorder::finish() {
    if (frames_ == 0) throw RecordingError(path_ + ": no frames were recorded");  // the destructor stops ffmpeg
    stop();
    const int code = waitFor(pid_);
    pid_ = -1;
    if (code != 0) throw RecordingError(path_ + ": " + ffmpegMessage());
    if (videoFormatOf(path_) == VideoFormat::Gif) {
        const std::string source = intermediateOf(partial_), palette = paletteOf(partial_);
        const std::vector<std::string> base = {"ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", source};
        std::vector<std::string> paletteArgs = base;
        paletteArgs.insert(paletteArgs.end(), {"-vf", std::string(kGifScale) + ",palettegen=stats_mode=full", palette});
        std::vector<std::string> gifArgs = base;
        gifArgs.insert(gifArgs.end(), {"-i", palette, "-lavfi", std::string(kGifScale) + "[v];[v][1:v]paletteuse=dither=sierra2_4a",
                                       "-loop", "0"});
        gifArgs = withBitExact(std::move(gifArgs), partial_, "gif");
        for (const auto* args : {&paletteArgs, &gifArgs})
            if (waitFor(spawnFfmpeg(*args, log_, nullptr, path_)) != 0) throw RecordingError(path_ + ": " + ffmpegMessage());
    }
    std::error_code error;
    fs::rename(partial_, path_, error);
    if (error) throw RecordingError(path_ + ": cannot put the clip in place (" + error.message() + ")");
    RecordedClip clip;
    clip.path = path_;
    clip.bytes = fs::file_size(path_, error);
    clip.frames = frames_;
    clip.seconds = double(frames_) / fps_;
    return clip;
}

}  // namespace flowscope::gui
