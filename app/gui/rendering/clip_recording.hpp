#pragma once
// A clip being recorded from the window: which part is captured, when a video frame is
// due, and the REC indicator, which is drawn after the capture and so never in the clip.
//
// Two clocks:
//  - lockstep (scripted runs with --lockstep K): every drawn frame is a video frame, each
//    K steps after the last, so `--frames 300` gives exactly 300 frames, the same ones for
//    the same command;
//  - the video clock (the window, and scripted runs without --lockstep): the engine may not
//    step past a limit; when the run has reached it, a frame is captured and the steps of
//    the next 1/fps of a second at the window's pace are granted (video_clock.hpp). The
//    window keeps drawing meanwhile, and a slow machine records slower than real time but
//    drops no frame. Paused, nothing is captured: the clip goes on where the run goes on.
//    Compared runs (compare mode) are granted the same flow time: the clock counts in
//    steps of the run with the largest step size (the lead), each other run may go as many
//    of its own steps as stay within the lead's time, and a frame is captured when every
//    run that plays has reached its limit.
#include <memory>
#include <string>
#include <vector>

#include "engine.hpp"
#include "video_clock.hpp"
#include "video_recorder.hpp"

namespace flowscope::gui {

enum class RecordRegion { Window, Particles };

// A run a clip shows: the single run, or one of the compared runs. Given afresh at each
// call (a comparison opened or closed meanwhile changes them; the clip grants anew then).
struct ClipRun {
    Engine* engine;
    const Snapshot* snapshot;
};

// "window" or "particles"; throws std::invalid_argument naming the value.
RecordRegion recordRegionOf(const std::string& name);

// A rectangle of the framebuffer in pixels, origin at the bottom left (as OpenGL reads).
struct PixelRect {
    int x = 0, y = 0, width = 0, height = 0;
};

class ClipRecording {
public:
    // fps 0: the format's default. Nothing is started until the first frame is captured
    // (its size is the region's size then).
    ClipRecording(std::string path, RecordRegion region, int fps, bool lockstep);

    // Called once per drawn frame with the newest snapshots, before drawing: grants the
    // runs the first frame's steps (video clock).
    void beforeFrame(const std::vector<ClipRun>& runs);
    // Whether this drawn frame is a video frame (call after beforeFrame).
    bool frameDue(const std::vector<ClipRun>& runs) const;
    // After rendering, before the buffer swap, when frameDue: reads `rect` of the
    // framebuffer (clamped to the first frame's size), sends it to ffmpeg, and grants the
    // steps of the next frame. Throws RecordingError.
    void capture(const std::vector<ClipRun>& runs, const PixelRect& rect, int framebufferWidth, int framebufferHeight,
                 double fastestStepsPerSecond);
    // Ends the clip and lifts the runs' limits. Throws RecordingError.
    RecordedClip finish(const std::vector<ClipRun>& runs);
    // Lifts the limits and abandons the clip (its partial file is removed).
    void abandon(const std::vector<ClipRun>& runs);

    // Scripted runs on the video clock: whether a run has not yet reached its granted step.
    bool waitingForSteps(const std::vector<ClipRun>& runs) const;

    RecordRegion region() const { return region_; }
    const std::string& path() const { return path_; }
    int frames() const { return recorder_ ? recorder_->frames() : 0; }
    int framesPerSecond() const { return fps_; }

private:
    std::string path_;
    RecordRegion region_;
    int fps_;
    bool lockstep_;
    VideoClock clock_;
    std::unique_ptr<VideoRecorder> recorder_;
    std::vector<unsigned char> pixels_;
    std::int64_t granted_ = -1;      // the step the lead run may reach; -1 before the first grant
    std::vector<std::int64_t> limits_;           // the step each run may reach
    std::vector<const Engine*> engines_;         // the runs granted (compared only, never used)
    std::vector<std::uint64_t> generations_;     // a restart (reset, new scenario) grants afresh
    bool sameRuns(const std::vector<ClipRun>& runs) const;
    static std::size_t lead(const std::vector<ClipRun>& runs);
    void grant(const std::vector<ClipRun>& runs, std::int64_t leadStep);
};

// The red REC mark with the clip's frame count and length, in the window's bottom-right corner
// (ImGui's foreground list, which renderWithoutOverlay keeps out of the captured pixels).
void drawRecordingMark(const ClipRecording& clip, float uiScale);

// Renders ImGui's draw data without its foreground list, so a capture can follow; then
// renderOverlay draws the foreground list alone on top.
void renderWithoutOverlay();
void renderOverlay();

}  // namespace flowscope::gui
