#pragma once
// The density view of the measure mu_t: where there are too many particles for discs to
// say anything, a smoothed histogram of their mass, drawn under the discs (which fade out
// as the count grows) in the particle view's own coordinates, so it pans, zooms and turns
// with the view.
//   2-D views  a heat map of |w| (viridis) or of signed w (vermillion / sky blue), with a
//              colour scale right of the view, in mass per unit area of the
//              measure (alpha/m) sum_i w_i delta (the same for 10^5 and 10^6 particles);
//   1-D spikes a curve under the stems: the mass within about +-0.02 of each position
//              (a Gaussian of sigma 0.04/sqrt(2 pi), so a point mass a peaks at height a,
//              level with a recovered spike's stem).
// The grid is computed by a DensityWorker from a copy of the particles, never on the GUI
// thread, except in scripted runs and clips (synchronous), whose frames must each show
// their own snapshot.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "camera.hpp"
#include "density_worker.hpp"
#include "engine.hpp"
#include "gl_buffers.hpp"
#include "gl_program.hpp"
#include "plot.hpp"

namespace flowscope::gui {

enum class DensityChoice { Off, Auto, Mass, Signed };

// Auto shows the density from this many particles on (where the discs begin to be thinned).
constexpr int kDensityAutoCount = 10000;

// Whether the density is shown, and how it is weighed.
bool densityShown(DensityChoice choice, int count);
bool densitySigned(DensityChoice choice, EmbeddingKind kind);  // Auto: signed on the 1-D circle, |w| elsewhere
// The discs' opacity: whole up to 10^4 particles, then fading (log-linearly in m) to nothing
// at 10^5, where tens of thousands of overlapping discs would only hide the density; always
// whole without the density.
float discOpacity(bool densityShown, int count);
// The colour scale's swatch at `fraction` of the range (-1..1 signed, 0..1 otherwise): the
// shader's colour over the particle view's background of the scheme in use (palette.hpp),
// so that the scale reads as the heat map does in both schemes.
ImU32 densityScaleColor(float fraction, bool isSigned);

// How the view maps its coordinates to the render target, for the density's quad and box.
struct ViewFrame {
    double centerX = 0.0, centerY = 0.0;        // in the screen plane's coordinates
    double unitX = 1.0, unitY = 1.0;            // render-target pixels per unit
    int width = 1, height = 1;                  // render target, pixels
    Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();
    float cellPixels = 2.0f;                    // a grid cell's side on screen
};

class DensityMap {
public:
    DensityChoice choice = DensityChoice::Auto;
    bool synchronous = false;  // wait for each frame's density (scripted runs, clips)

    void initialize();  // needs the GL context
    // Into the bound render target, before the discs: asks the worker for a new grid when
    // the snapshot or the view changed (and it is free), takes a finished one, draws it.
    void render(const Snapshot& snapshot, const Embedding& embedding, const ViewFrame& frame);
    // The room the colour scale of a heat map takes right of the view (0: none), and the
    // scale drawn there, in `column`: beside the view, never over the particles.
    float scaleWidth(int count, EmbeddingKind kind) const;
    void drawScale(ImDrawList* draw, const ScreenRect& column) const;
    std::optional<LegendEntry> legendEntry() const;  // what the heat map or the curve shows
    bool shown() const { return shown_; }
    void drawToggle();
    // For the state dump: what was drawn, of which step, and how long it took.
    nlohmann::json report() const;
    static const char* choiceName(DensityChoice choice);
    static std::optional<DensityChoice> choiceNamed(const std::string& name);

private:
    DensityRequest requestFor(const Snapshot& snapshot, const Embedding& embedding, const ViewFrame& frame) const;
    bool covers(const DensityRequest& request) const;  // the posted grid still serves this view

    DensityWorker worker_;
    GlProgram program_;
    VertexArray quad_;
    FloatTexture texture_;
    std::vector<float> upload_;
    bool shown_ = false, drawn_ = false, hasGrid_ = false;
    DensityRequest posted_;           // the last request handed to the worker
    std::uint64_t postedSerial_ = 0;  // the snapshot whose particles it holds
    std::uint64_t postedGeneration_ = ~0ull;
    GridBox box_;                     // the grid drawn
    bool signed_ = false, oneRow_ = false;
    double range_ = 0.0;              // eased from grid to grid, so the colours do not flicker
    double mass_ = 0.0, seconds_ = 0.0;
    std::int64_t step_ = -1;
    std::uint64_t serial_ = 0;
    int grids_ = 0;                   // grids taken so far
};

}  // namespace flowscope::gui
