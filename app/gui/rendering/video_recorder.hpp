#pragma once
// Video clips of the window for slides and course pages, made by piping raw frames to
// ffmpeg (a separate program, so flowscope links no codec):
//  - MP4: H.264 in yuv420p, the one form every player and browser plays, with the index
//    at the front (faststart) so a web page can start playing before the file is loaded;
//  - GIF: one palette computed over the whole clip (palettegen + paletteuse), so colours
//    do not band or flicker as with a fixed palette.
// The clip is written to a hidden file beside the target and renamed into place only
// when ffmpeg has finished it: the target holds the previous file or the whole new clip,
// never a cut one. Output is bit-exact: the same frames give the same file.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>
#include <sys/types.h>

namespace flowscope::gui {

// One line naming the file and what went wrong (no ffmpeg, a folder that cannot be
// written, an unknown extension, ffmpeg's own last line).
struct RecordingError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

enum class VideoFormat { Mp4, Gif };

// By the path's extension (.mp4, .gif; any case). Throws RecordingError otherwise.
VideoFormat videoFormatOf(const std::string& path);

// The frame rate a clip gets unless told: 30 for MP4; 25 for GIF, whose frame delays are
// whole hundredths of a second (30 fps would play at 33).
int defaultFramesPerSecond(VideoFormat format);

// ffmpeg's command line for frames of width x height RGBA pixels, bottom row first (as
// OpenGL reads them), at `fps`, written to `output` in `format`. Odd sizes lose their
// last column or row (yuv420p needs even sizes).
std::vector<std::string> ffmpegArguments(VideoFormat format, int width, int height, int fps, const std::string& output);

// Where the clip is written until it is complete: ".NAME.partial" beside it.
std::string partialPathOf(const std::string& path);

struct RecordedClip {
    std::string path;
    std::uintmax_t bytes = 0;
    int frames = 0;
    double seconds = 0.0;  // of video: frames / fps
};

class VideoRecorder {
public:
    // Starts ffmpeg for a clip of frames of width x height. Throws RecordingError.
    VideoRecorder(const std::string& path, int width, int height, int fps);
    // Without finish(): the clip is abandoned (ffmpeg stopped, the partial file removed).
    ~VideoRecorder();
    VideoRecorder(const VideoRecorder&) = delete;
    VideoRecorder& operator=(const VideoRecorder&) = delete;

    // width * height * 4 bytes of RGBA, bottom row first. Throws RecordingError when
    // ffmpeg has stopped (its last message in the error).
    void addFrame(const unsigned char* rgba);
    // Ends the clip: waits for ffmpeg, then renames the file into place.
    RecordedClip finish();

    int width() const { return width_; }
    int height() const { return height_; }
    int framesPerSecond() const { return fps_; }
    int frames() const { return frames_; }
    const std::string& path() const { return path_; }

private:
    void stop();
    std::string ffmpegMessage() const;

    std::string path_, partial_, log_;
    int width_ = 0, height_ = 0, fps_ = 0, frames_ = 0;
    pid_t pid_ = -1;
    int pipe_ = -1;
};

}  // namespace flowscope::gui
