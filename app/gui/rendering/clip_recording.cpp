#include "clip_recording.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include "gl.hpp"

namespace flowscope::gui {

RecordRegion recordRegionOf(const std::string& name) {
    if (name == "window") return RecordRegion::Window;
    if (name == "particles") return RecordRegion::Particles;
    throw std::invalid_argument("--record-view: '" + name + "' is not window or particles");
}

ClipRecording::ClipRecording(std::string path, RecordRegion region, int fps, bool lockstep)
    : path_(std::move(path)),
      region_(region),
      fps_(fps > 0 ? fps : defaultFramesPerSecond(videoFormatOf(path_))),
      lockstep_(lockstep),
      clock_(fps_) {}

bool ClipRecording::sameRuns(const std::vector<ClipRun>& runs) const {
    if (runs.size() != engines_.size()) return false;
    for (std::size_t i = 0; i < runs.size(); ++i)
        if (runs[i].engine != engines_[i] || runs[i].snapshot->generation != generations_[i]) return false;
    return true;
}

// The run whose steps the clock counts: the largest step size (the unit of lockstep).
std::size_t ClipRecording::lead(const std::vector<ClipRun>& runs) {
    std::size_t lead = 0;
    for (std::size_t i = 1; i < runs.size(); ++i)
        if (runs[i].snapshot->scenario.dynamics.stepSize > runs[lead].snapshot->scenario.dynamics.stepSize) lead = i;
    return lead;
}

// The lead may reach `leadStep`; every other run as many of its own steps as stay within
// the flow time the lead reaches then (a hair of round-off allowed: t = k eta).
void ClipRecording::grant(const std::vector<ClipRun>& runs, std::int64_t leadStep) {
    const std::size_t k = lead(runs);
    const Snapshot& first = *runs[k].snapshot;
    const double until = first.current.time + double(leadStep - first.current.step) * first.scenario.dynamics.stepSize;
    granted_ = leadStep;
    engines_.clear(), generations_.clear(), limits_.clear();
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const Snapshot& s = *runs[i].snapshot;
        const double eta = s.scenario.dynamics.stepSize;
        const std::int64_t limit =
            i == k ? leadStep : s.current.step + std::max<std::int64_t>(0, std::int64_t(std::floor((until - s.current.time) / eta + 1e-6)));
        engines_.push_back(runs[i].engine), generations_.push_back(s.generation), limits_.push_back(limit);
        runs[i].engine->setStepLimit(limit);
    }
}

void ClipRecording::beforeFrame(const std::vector<ClipRun>& runs) {
    if (lockstep_ || runs.empty()) return;
    if (granted_ < 0 || !sameRuns(runs)) grant(runs, runs[lead(runs)].snapshot->current.step);
}

bool ClipRecording::frameDue(const std::vector<ClipRun>& runs) const {
    if (lockstep_) return true;
    if (granted_ < 0 || !sameRuns(runs)) return false;
    bool playing = false;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const Snapshot& s = *runs[i].snapshot;
        if (!s.playing) continue;
        playing = true;
        if (!s.evaluated || s.current.step < limits_[i]) return false;
    }
    return playing;
}

bool ClipRecording::waitingForSteps(const std::vector<ClipRun>& runs) const {
    if (lockstep_ || !sameRuns(runs)) return false;
    for (std::size_t i = 0; i < runs.size(); ++i)
        if (runs[i].snapshot->playing && runs[i].snapshot->current.step < limits_[i]) return true;
    return false;
}

void ClipRecording::capture(const std::vector<ClipRun>& runs, const PixelRect& rect, int framebufferWidth,
                            int framebufferHeight, double fastestStepsPerSecond) {
    if (!recorder_) {
        // The clip's size is the region's at its first frame (later frames are cut or
        // padded to it if the window is resized meanwhile).
        recorder_ = std::make_unique<VideoRecorder>(path_, std::max(rect.width, 2), std::max(rect.height, 2), fps_);
        pixels_.assign(std::size_t(recorder_->width()) * recorder_->height() * 4, 0);
    }
    const int width = recorder_->width(), height = recorder_->height();
    const int x = std::clamp(rect.x, 0, std::max(framebufferWidth - width, 0));
    const int y = std::clamp(rect.y, 0, std::max(framebufferHeight - height, 0));
    const int readWidth = std::min(width, framebufferWidth - x), readHeight = std::min(height, framebufferHeight - y);
    if (readWidth < width || readHeight < height) std::fill(pixels_.begin(), pixels_.end(), 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glPixelStorei(GL_PACK_ROW_LENGTH, width);
    if (readWidth > 0 && readHeight > 0) glReadPixels(x, y, readWidth, readHeight, GL_RGBA, GL_UNSIGNED_BYTE, pixels_.data());
    glPixelStorei(GL_PACK_ROW_LENGTH, 0);
    recorder_->addFrame(pixels_.data());
    if (lockstep_ || runs.empty()) return;
    const Snapshot& lead = *runs[ClipRecording::lead(runs)].snapshot;
    const double eta = lead.scenario.dynamics.stepSize;
    grant(runs, lead.current.step + clock_.stepsForNextFrame(lead.pace, lead.current.time, eta, fastestStepsPerSecond));
}

RecordedClip ClipRecording::finish(const std::vector<ClipRun>& runs) {
    for (const ClipRun& r : runs) r.engine->setStepLimit(-1);
    if (!recorder_) throw RecordingError(path_ + ": no frames were recorded (the run was paused)");
    RecordedClip clip = recorder_->finish();
    recorder_.reset();
    return clip;
}

void ClipRecording::abandon(const std::vector<ClipRun>& runs) {
    for (const ClipRun& r : runs) r.engine->setStepLimit(-1);
    recorder_.reset();
}

void drawRecordingMark(const ClipRecording& clip, float uiScale) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImDrawList* overlay = ImGui::GetForegroundDrawList();
    const int frames = clip.frames();
    char text[64];
    std::snprintf(text, sizeof text, "REC  %d:%04.1f", int(frames / clip.framesPerSecond()) / 60,
                  std::fmod(double(frames) / clip.framesPerSecond(), 60.0));
    const float radius = 7.0f * uiScale, pad = 8.0f * uiScale;
    const ImVec2 size = ImGui::CalcTextSize(text);
    // Bottom right, over the status line's free end: nothing the class looks at is under it.
    const ImVec2 max(viewport->WorkPos.x + viewport->WorkSize.x - pad * 0.5f, viewport->WorkPos.y + viewport->WorkSize.y - pad * 0.25f);
    const ImVec2 min(max.x - size.x - radius * 2 - pad * 3, max.y - size.y - pad);
    overlay->AddRectFilled(min, max, IM_COL32(20, 20, 24, 220), 4.0f * uiScale);
    overlay->AddCircleFilled(ImVec2(min.x + pad + radius, (min.y + max.y) * 0.5f), radius, IM_COL32(230, 40, 40, 255));
    overlay->AddText(ImVec2(min.x + pad * 2 + radius * 2, min.y + pad * 0.5f + (max.y - min.y - size.y - pad) * 0.5f),
                     IM_COL32(255, 255, 255, 255), text);
}

void renderWithoutOverlay() {
    ImDrawData* data = ImGui::GetDrawData();
    const int count = data->CmdListsCount;
    const bool overlayLast = count > 0 && data->CmdLists[count - 1] == ImGui::GetForegroundDrawList();
    if (overlayLast) data->CmdListsCount = count - 1;
    ImGui_ImplOpenGL3_RenderDrawData(data);
    data->CmdListsCount = count;
}

void renderOverlay() {
    ImDrawData* data = ImGui::GetDrawData();
    const int count = data->CmdListsCount;
    if (count == 0 || data->CmdLists[count - 1] != ImGui::GetForegroundDrawList()) return;
    ImDrawData overlay = *data;
    overlay.CmdLists = &data->CmdLists[count - 1];
    overlay.CmdListsCount = 1;
    overlay.TotalVtxCount = overlay.CmdLists[0]->VtxBuffer.Size;
    overlay.TotalIdxCount = overlay.CmdLists[0]->IdxBuffer.Size;
    ImGui_ImplOpenGL3_RenderDrawData(&overlay);
}

}  // namespace flowscope::gui
