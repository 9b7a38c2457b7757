#pragma once
// The particle view: every particle drawn in parameter space over the ground truth,
// with fading trails. Pan with the left (2-D) or right mouse button, turn the 3-D view
// with the left button, zoom with the wheel, F (or a double-click where the truth cannot
// be edited) to fit; hover a particle to read its index, weight, position and velocity.
// In flat views the truth itself is grabbed, added and removed with the mouse (truth_editor.hpp).
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "camera.hpp"
#include "density_map.hpp"
#include "embedding.hpp"
#include "engine.hpp"
#include "lesson.hpp"
#include "gl_buffers.hpp"
#include "gl_program.hpp"
#include "plot.hpp"
#include "steering_slider.hpp"
#include "trails.hpp"
#include "truth_editor.hpp"

namespace flowscope::gui {

struct ParticleViewOptions {
    bool trails = true;
    bool truth = true;
    int trailLength = 120;      // samples kept per particle (a sample per new step, at most 30 a second)
    bool wholePaths = false;    // trails from the run's start (decimated to trailLength samples)
    int trailParticles = 4000;  // most particles that get a trail
    float particleSize = 1.0f;  // multiplies the disc radii
    bool follow = true;         // keep fitting the view to the particles until the user pans or zooms
    bool legend = true;         // its own legend in the top margin (panes side by side share one: compare_panes.hpp)
};

class ParticleView {
public:
    void initialize();  // needs the GL context; throws if a shader fails
    // Takes a new snapshot, and the path frames of its run for the trails (frames of later
    // runs stay in `frames` until their snapshot comes; older ones are dropped). Without
    // usable frames, `recordTrail` samples the snapshot itself.
    void update(const Snapshot& snapshot, std::vector<PathFrame>& frames, bool recordTrail);
    // Draws the view (its legend in the top margin) at the ImGui cursor, filling `size`;
    // records its rectangles under "particles.view" (widget_rects.hpp).
    void draw(const Snapshot& snapshot, ImVec2 size);
    void fit() { options.follow = true, snapFit_ = true; }
    // A circle with a label drawn over the view (a lesson pointing at something), in the
    // view's coordinates; nullptr: none.
    void setHighlight(const LessonHighlight* highlight) { highlight_ = highlight ? std::optional<LessonHighlight>(*highlight) : std::nullopt; }
    // Its options in the control panel's View section: the trails picker and the truth
    // toggle on one row, then the trail length and particle size sliders.
    void drawToggles();
    void drawSliders(HeldEdit& held);
    // Its options as kept between sessions (settings_store.hpp), and back; a missing or
    // ill-typed value keeps the current one.
    nlohmann::json savedOptions() const;
    void restoreOptions(const nlohmann::json& saved);
    const ScreenRect& rect() const { return rect_; }  // the view, axes and legend included
    const ScreenRect& area() const { return data_; }  // the area the particles are drawn in
    // What its legend names (drawn by the view itself unless options.legend is off).
    std::vector<LegendEntry> legendEntries() const;
    // Panes side by side share one view (compare_panes.hpp): `view` stands in for this
    // one's own fit at the next draw; a pan or zoom there still moves it (see view()).
    void shareView(const View2D& view) { view_ = view, shared_ = true; }
    const View2D& view() const { return view_; }
    const Embedding& embedding() const { return embedding_; }
    TruthEditor& truthEditor() { return truthEditor_; }
    // Screen pixels of a truth unit's handle and of the handle moved by `by` (view
    // coordinates), as the view stands: the path of a scripted drag.
    std::pair<ImVec2, ImVec2> truthDragPath(const Snapshot& snapshot, int unit, const Eigen::Vector2d& by) const;
    DensityMap& density() { return density_; }  // the density of the measure under the discs
    const DensityMap& density() const { return density_; }

    ParticleViewOptions options;

private:
    void handleInput(bool hovered, bool editing);
    ViewMap viewMap() const;
    void fitTo(const Snapshot& snapshot, bool snap);
    std::vector<Eigen::Vector3d> teacherMarks(const Snapshot& snapshot) const;
    void render(const Snapshot& snapshot);
    ImVec2 screenOf(const Eigen::Vector3d& p) const;
    void drawTruth(const Snapshot& snapshot, ImDrawList* draw) const;
    void drawFrame(ImDrawList* draw);
    void drawHover(const Snapshot& snapshot, ImDrawList* draw);
    void drawHighlight(ImDrawList* draw) const;
    std::optional<LessonHighlight> highlight_;
    TruthEditor truthEditor_;

    DensityMap density_;
    bool hasTruth_ = true;      // own data has no teacher to draw or name
    float discOpacity_ = 1.0f;  // the discs' and trails' opacity last drawn (discOpacity)
    GlProgram particleProgram_, trailProgram_;
    VertexArray particleVertices_, trailVertices_;
    RenderTarget target_;
    static constexpr int kDrawnParticles = 40000;
    std::vector<float> particleData_;  // x, y, z, w per drawn particle, in view coordinates
    int drawnStride_ = 1;              // particleData_ holds particles 0, stride, 2 stride, ...
    std::vector<float> trailData_;
    Trails trails_;
    Embedding embedding_;
    double weightRef_ = 1.0;
    std::uint64_t generation_ = ~0ull, serial_ = 0;
    bool trailsDirty_ = true;  // trailData_ must be rebuilt from the ring
    int count_ = -1;
    bool framesUsable_ = false;  // the trails take the solver's path frames
    View2D view_;
    Orbit orbit_;
    Eigen::Matrix3d rotation_ = Eigen::Matrix3d::Identity();
    ScreenRect rect_;        // the whole view
    ScreenRect data_;        // the area particles are drawn in
    bool snapFit_ = true;
    bool shared_ = false;    // the next draw shows the view given by shareView()
    double depthRadius_ = 1.0;  // 3-D view: the scene's radius, for the depth cue
    float tickWidth_ = 0.0f;    // the widest y tick label last frame (sets the left margin)
};

}  // namespace flowscope::gui
