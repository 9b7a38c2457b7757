// Clips without a window: the video clock against the engine's pace, and the recorder
// against ffmpeg's own reading of what it wrote (ffprobe).
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>
#include <unistd.h>

#include "video_clock.hpp"
#include "video_recorder.hpp"

using namespace flowscope;
using namespace flowscope::gui;
namespace fs = std::filesystem;

namespace {

std::string run(const std::string& command) {
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    std::array<char, 256> buffer{};
    while (pipe && fgets(buffer.data(), buffer.size(), pipe.get())) out += buffer.data();
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

std::string probe(const std::string& path, const std::string& entries) {
    return run("ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=" + entries +
               " -of default=noprint_wrappers=1:nokey=1 '" + path + "'");
}

// A frame with a moving square, so the encoder has something to encode.
std::vector<unsigned char> frame(int width, int height, int k) {
    std::vector<unsigned char> rgba(std::size_t(width) * height * 4, 30);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            unsigned char* p = &rgba[(std::size_t(y) * width + x) * 4];
            const bool inside = std::abs(x - (k * 3) % width) < 8 && std::abs(y - height / 2) < 8;
            p[0] = inside ? 230 : static_cast<unsigned char>(x);
            p[1] = inside ? 60 : static_cast<unsigned char>(y);
            p[2] = 90;
            p[3] = 255;
        }
    return rgba;
}

struct Folder {
    fs::path path = fs::temp_directory_path() / ("flowscope-recording-" + std::to_string(::getpid()));
    Folder() { fs::create_directories(path); }
    ~Folder() { fs::remove_all(path); }
    std::string operator/(const std::string& name) const { return (path / name).string(); }
};

RecordedClip record(const std::string& path, int width, int height, int frames) {
    VideoRecorder recorder(path, width, height, defaultFramesPerSecond(videoFormatOf(path)));
    for (int k = 0; k < frames; ++k) recorder.addFrame(frame(width, height, k).data());
    return recorder.finish();
}

std::string bytesOf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("the video clock shows a steps-per-second pace at its rate, fractions carried") {
    VideoClock clock(30);
    Pace pace;
    pace.mode = Pace::Mode::StepsPerSecond;
    pace.stepsPerSecond = 100.0;  // 3.33 steps per frame
    std::int64_t total = 0;
    for (int f = 0; f < 300; ++f) {
        const std::int64_t k = clock.stepsForNextFrame(pace, 0.0, 0.1, 0.0);
        CHECK((k == 3 || k == 4));
        total += k;
    }
    CHECK(total == 1000);  // 10 s of video at 100 steps/s, within the carried fraction
}

TEST_CASE("the video clock's log pace multiplies t + eta by ten every secondsPerDecade") {
    // Integrated step by step, as the engine's pace would take them, over one second of
    // video at 3 s per decade: u = t + eta grows by 10^(1/3).
    const double eta = 0.01;
    Pace pace;
    pace.mode = Pace::Mode::LogTime;
    pace.secondsPerDecade = 3.0;
    VideoClock clock(30);
    double t = 0.0;
    std::int64_t steps = 0;
    for (int f = 0; f < 30; ++f) {
        const std::int64_t k = clock.stepsForNextFrame(pace, t, eta, 0.0);
        steps += k;
        t += double(k) * eta;
    }
    // Continuous: u(1 s) = eta * 10^(1/3); each frame rounds down, carrying the rest, and
    // its t lags by less than a step, so the count is within a few steps of the flow.
    const double exact = (eta * std::pow(10.0, 1.0 / 3.0) - eta) / eta;
    CHECK(std::abs(double(steps) - exact) <= 2.0);
    // Once frames take many steps each, the discrete run follows the law closely: ten
    // seconds from t = 10 multiply t + eta by 10^(10/3).
    t = 10.0;
    const double t0 = t;
    for (int f = 0; f < 300; ++f) {
        const std::int64_t k = clock.stepsForNextFrame(pace, t, eta, 0.0);
        t += double(k) * eta;
    }
    const double expected = (t0 + eta) * std::pow(10.0, 10.0 / 3.0) - eta;
    CHECK(t == doctest::Approx(expected).epsilon(0.01));
}

TEST_CASE("the video clock shows the fastest pace at the rate it is given") {
    VideoClock clock(25);
    Pace pace;
    pace.mode = Pace::Mode::Fastest;
    std::int64_t total = 0;
    for (int f = 0; f < 50; ++f) total += clock.stepsForNextFrame(pace, 0.0, 1.0, 250.0);
    CHECK(total == 500);
}

TEST_CASE("ffmpeg's command line: rows flipped, even sizes, H.264 in yuv420p for MP4") {
    const auto args = ffmpegArguments(VideoFormat::Mp4, 641, 361, 30, "x.mp4");
    auto has = [&](const std::string& a) { return std::find(args.begin(), args.end(), a) != args.end(); };
    CHECK(args.front() == "ffmpeg");
    CHECK(has("641x361"));
    CHECK(has("vflip,crop=trunc(iw/2)*2:trunc(ih/2)*2"));
    CHECK(has("libx264"));
    CHECK(has("yuv420p"));
    CHECK(has("+faststart"));
    CHECK(args.back() == "x.mp4");
    CHECK(videoFormatOf("Clip.GIF") == VideoFormat::Gif);
    CHECK_THROWS_WITH_AS(videoFormatOf("clip.avi"), doctest::Contains("clip.avi: a clip is .mp4"), RecordingError);
    CHECK(partialPathOf("/a/b/clip.mp4") == "/a/b/.clip.mp4.partial");
}

TEST_CASE("an MP4 clip has every frame, H.264 in yuv420p at the asked rate, and the same bytes for the same frames") {
    if (run("command -v ffprobe").empty()) {
        MESSAGE("SKIPPED: ffmpeg is not installed");
        return;
    }
    Folder folder;
    const RecordedClip clip = record(folder / "a.mp4", 161, 91, 45);  // odd sizes: cropped to even
    CHECK(clip.frames == 45);
    CHECK(clip.seconds == doctest::Approx(1.5));
    CHECK(clip.bytes == fs::file_size(folder / "a.mp4"));
    CHECK(probe(folder / "a.mp4", "codec_name") == "h264");
    CHECK(probe(folder / "a.mp4", "pix_fmt") == "yuv420p");
    CHECK(probe(folder / "a.mp4", "width,height") == "160\n90");
    CHECK(probe(folder / "a.mp4", "r_frame_rate") == "30/1");
    CHECK(probe(folder / "a.mp4", "nb_read_frames") == "45");
    record(folder / "b.mp4", 161, 91, 45);
    CHECK(bytesOf(folder / "a.mp4") == bytesOf(folder / "b.mp4"));
    CHECK(!fs::exists(folder / ".a.mp4.partial"));
    CHECK(!fs::exists(folder / ".a.mp4.partial.log"));
}

TEST_CASE("a GIF clip has every frame and one palette over the clip") {
    if (run("command -v ffprobe").empty()) {
        MESSAGE("SKIPPED: ffmpeg is not installed");
        return;
    }
    Folder folder;
    const RecordedClip clip = record(folder / "a.gif", 120, 80, 20);
    CHECK(clip.frames == 20);
    CHECK(probe(folder / "a.gif", "codec_name") == "gif");
    CHECK(probe(folder / "a.gif", "nb_read_frames") == "20");
    CHECK(probe(folder / "a.gif", "width,height") == "120\n80");
    for (const auto& entry : fs::directory_iterator(folder.path))
        CHECK_MESSAGE(entry.path().filename().string()[0] != '.', entry.path().string());  // no intermediates left
}

TEST_CASE("an abandoned clip leaves the previous file as it was and nothing beside it") {
    if (run("command -v ffprobe").empty()) return;
    Folder folder;
    { std::ofstream(folder / "keep.mp4") << "the previous clip"; }
    {
        VideoRecorder recorder(folder / "keep.mp4", 64, 48, 30);
        for (int k = 0; k < 5; ++k) recorder.addFrame(frame(64, 48, k).data());
    }  // destroyed without finish()
    CHECK(bytesOf(folder / "keep.mp4") == "the previous clip");
    CHECK(std::distance(fs::directory_iterator(folder.path), fs::directory_iterator{}) == 1);
}

TEST_CASE("recording refuses clearly: no ffmpeg, no folder, a folder as the clip, no frames") {
    Folder folder;
    CHECK_THROWS_WITH_AS(VideoRecorder(folder / "missing/x.mp4", 64, 48, 30), doctest::Contains("does not exist"), RecordingError);
    fs::create_directories(folder / "dir.mp4");
    CHECK_THROWS_WITH_AS(VideoRecorder(folder / "dir.mp4", 64, 48, 30), doctest::Contains("is not a regular file"), RecordingError);
    const char* path = std::getenv("PATH");
    const std::string saved = path ? path : "";
    setenv("PATH", folder.path.c_str(), 1);  // a PATH without ffmpeg
    CHECK_THROWS_WITH_AS(VideoRecorder(folder / "x.mp4", 64, 48, 30), doctest::Contains("needs ffmpeg, which is not installed"),
                         RecordingError);
    setenv("PATH", saved.c_str(), 1);
    if (run("command -v ffmpeg").empty()) return;
    VideoRecorder empty(folder / "empty.mp4", 64, 48, 30);
    CHECK_THROWS_WITH_AS(empty.finish(), doctest::Contains("no frames"), RecordingError);
    CHECK(!fs::exists(folder / "empty.mp4"));
}
