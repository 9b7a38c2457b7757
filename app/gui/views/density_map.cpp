#include "density_map.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "axes.hpp"
#include "density_colors.hpp"
#include "palette.hpp"

namespace flowscope::gui {

namespace {

constexpr double kPi = 3.14159265358979323846;
// The 1-D curve: the mass within about +-0.02, the window of the stems' "mass gathered" bars.
constexpr double kWindow = 0.04;
constexpr int kCurveCells = 512;
constexpr double kSmoothingCells = 1.6;  // heat maps: sigma, in cells of ViewFrame::cellPixels
constexpr double kMargin = 0.25;         // a bounded grid reaches this share of the view beyond each edge
// The most numbers (w and theta) copied for the worker: beyond, every k-th particle (a
// million units of a 100-dimensional network would be 800 MB a copy).
constexpr double kMostCopied = 16.0 * 1024 * 1024;

const char* kChoiceNames[] = {"off", "auto", "mass", "signed"};

// The part of the screen plane the render target shows.
GridBox visibleBox(const ViewFrame& f) {
    GridBox b;
    b.x0 = f.centerX - 0.5 * f.width / f.unitX, b.x1 = f.centerX + 0.5 * f.width / f.unitX;
    b.y0 = f.centerY - 0.5 * f.height / f.unitY, b.y1 = f.centerY + 0.5 * f.height / f.unitY;
    return b;
}

}  // namespace

// A colour of the scale at `fraction` of the range (-1..1 signed, 0..1 otherwise), as the
// shader makes it over the view's background.
ImU32 densityScaleColor(float fraction, bool isSigned) {
    const float a = std::sqrt(std::min(1.0f, std::abs(fraction)));
    palette::Rgb c = palette::densityColor(a);
    if (isSigned) {
        const palette::Rgb s = fraction >= 0.0f ? palette::positive : palette::negative;
        const float k = 0.35f + 0.65f * a;
        c = {s.r * k, s.g * k, s.b * k};
    }
    const float alpha = std::min(1.0f, 3.0f * a);
    const palette::Rgb bg = palette::viewBackground();  // the scheme's, as the view clears to
    return palette::u32({bg.r + alpha * (c.r - bg.r), bg.g + alpha * (c.g - bg.g), bg.b + alpha * (c.b - bg.b)});
}

bool densityShown(DensityChoice choice, int count) {
    if (count <= 0 || choice == DensityChoice::Off) return false;
    return choice != DensityChoice::Auto || count >= kDensityAutoCount;
}

bool densitySigned(DensityChoice choice, EmbeddingKind kind) {
    return choice == DensityChoice::Signed || (choice == DensityChoice::Auto && kind == EmbeddingKind::Spikes1D);
}

float discOpacity(bool shown, int count) {
    if (!shown || count <= kDensityAutoCount) return 1.0f;
    const double faded = std::log(double(count) / kDensityAutoCount) / std::log(10.0);
    return static_cast<float>(std::clamp(1.0 - faded, 0.0, 1.0));
}

const char* DensityMap::choiceName(DensityChoice choice) { return kChoiceNames[static_cast<int>(choice)]; }

std::optional<DensityChoice> DensityMap::choiceNamed(const std::string& name) {
    for (int i = 0; i < 4; ++i)
        if (name == kChoiceNames[i]) return static_cast<DensityChoice>(i);
    return std::nullopt;
}

void DensityMap::initialize() {
    program_.load("density.vert", "density.frag");
    quad_.create({});
}

DensityRequest DensityMap::requestFor(const Snapshot& s, const Embedding& e, const ViewFrame& f) const {
    DensityRequest r;
    r.embedding = e;
    r.rotation = f.rotation;
    r.signedWeights = densitySigned(choice, e.kind);
    const int m = std::max(1, s.particles.count());
    r.stride = std::max(1, static_cast<int>(std::ceil(double(m) * (s.particles.dim() + 1) / kMostCopied)));
    r.massScale = s.scenario.dynamics.outputScale / m * r.stride;
    r.serial = s.serial;
    r.step = s.current.step;
    const double cell = std::max(1.0f, f.cellPixels);
    if (e.kind == EmbeddingKind::Spikes1D) {
        r.box = {0.0, 1.0, 0.0, 1.0, kCurveCells, 1, true};
        r.sigmaX = kWindow / std::sqrt(2.0 * kPi) * kCurveCells, r.sigmaY = 0.0;
    } else if (e.kind == EmbeddingKind::Torus2D) {
        const int n = std::clamp(static_cast<int>(std::min(f.unitX, f.unitY) / cell), 32, 768);
        r.box = {0.0, 1.0, 0.0, 1.0, n, n, true};
        r.sigmaX = r.sigmaY = kSmoothingCells;
    } else {
        GridBox b = visibleBox(f);
        const double wx = (b.x1 - b.x0) * kMargin, wy = (b.y1 - b.y0) * kMargin;
        b.x0 -= wx, b.x1 += wx, b.y0 -= wy, b.y1 += wy;
        b.nx = std::clamp(static_cast<int>(std::ceil(f.width * (1.0 + 2.0 * kMargin) / cell)), 16, 1200);
        b.ny = std::clamp(static_cast<int>(std::ceil(f.height * (1.0 + 2.0 * kMargin) / cell)), 16, 1200);
        r.box = b;
        r.sigmaX = r.sigmaY = kSmoothingCells;
    }
    return r;
}

bool DensityMap::covers(const DensityRequest& want) const {
    const DensityRequest& had = posted_;
    if (had.embedding.kind != want.embedding.kind || had.signedWeights != want.signedWeights) return false;
    if (!had.rotation.isApprox(want.rotation, 1e-9)) return false;
    if (want.box.periodic) return had.box.nx == want.box.nx && had.box.ny == want.box.ny;
    // Still holds the view (the wanted box less its margins), at nearly the same cell size.
    const double mx = (want.box.x1 - want.box.x0) * kMargin / (1.0 + 2.0 * kMargin);
    const double my = (want.box.y1 - want.box.y0) * kMargin / (1.0 + 2.0 * kMargin);
    const bool inside = had.box.x0 <= want.box.x0 + mx && had.box.x1 >= want.box.x1 - mx && had.box.y0 <= want.box.y0 + my &&
                        had.box.y1 >= want.box.y1 - my;
    const double scale = std::abs(std::log(had.box.cellWidth() / want.box.cellWidth()));
    return inside && scale < 0.15;
}

void DensityMap::render(const Snapshot& s, const Embedding& e, const ViewFrame& f) {
    const ParticleSet& p = s.particles;
    shown_ = densityShown(choice, p.count()) && p.dim() > 0;
    drawn_ = false;
    if (!shown_) return;
    auto accept = [&](DensityResult& r) {
        const GridBox& b = r.grid.box;
        upload_.resize(r.grid.values.size());
        for (std::size_t i = 0; i < upload_.size(); ++i)
            upload_[i] = std::isfinite(r.grid.values[i]) ? static_cast<float>(r.grid.values[i]) : 0.0f;
        texture_.upload(b.nx, b.ny, upload_);
        const bool restart = !hasGrid_ || oneRow_ != (b.ny == 1) || signed_ != r.request.signedWeights || range_ <= 0.0;
        range_ = restart || r.range <= 0.0 ? r.range : std::exp(0.6 * std::log(range_) + 0.4 * std::log(r.range));
        box_ = b, oneRow_ = b.ny == 1, signed_ = r.request.signedWeights;
        mass_ = r.grid.mass(), seconds_ = r.seconds, step_ = r.request.step, serial_ = r.request.serial;
        hasGrid_ = true;
        ++grids_;
    };
    DensityResult result;
    if (worker_.take(result)) accept(result);
    const DensityRequest want = requestFor(s, e, f);
    const bool newParticles = s.serial != postedSerial_ || s.generation != postedGeneration_ || !worker_.holdsParticles();
    if ((newParticles || !covers(want)) && !worker_.busy()) {
        worker_.post(newParticles ? &p : nullptr, want, want.stride);
        posted_ = want, postedSerial_ = s.serial, postedGeneration_ = s.generation;
    }
    if (synchronous) {
        worker_.waitUntilIdle();
        if (worker_.take(result)) accept(result);
    }
    if (!hasGrid_) return;

    const GridBox seen = visibleBox(f);
    program_.use();
    texture_.bind(0);
    program_.set("uDensity", 0);
    // The curve's quad spans the view's height: it fills between the axis and the curve.
    glUniform4f(program_.uniform("uBox"), float(box_.x0), float(oneRow_ ? seen.y0 : box_.y0), float(box_.x1),
                float(oneRow_ ? seen.y1 : box_.y1));
    program_.set("uCenter", float(f.centerX), float(f.centerY));
    program_.set("uPixelsPerUnit", float(f.unitX), float(f.unitY));
    program_.set("uViewport", float(f.width), float(f.height));
    program_.set("uStyle", oneRow_ ? 2 : signed_ ? 1 : 0);
    program_.set("uRange", float(oneRow_ ? kWindow : range_));
    glUniform3fv(program_.uniform("uStops"), 5, &palette::densityStops[0].r);
    program_.set("uPositive", palette::positive.r, palette::positive.g, palette::positive.b);
    program_.set("uNegative", palette::negative.r, palette::negative.g, palette::negative.b);
    quad_.drawGenerated(GL_TRIANGLE_STRIP, 4);
    drawn_ = true;
}

namespace {

// A scale label: two significant digits are enough to read a colour by.
std::string scaleLabel(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2g", value);
    return text;
}

constexpr const char* kWidestLabel = "-8.8e-88";

}  // namespace

float DensityMap::scaleWidth(int count, EmbeddingKind kind) const {
    if (!densityShown(choice, count) || kind == EmbeddingKind::Spikes1D) return 0.0f;
    const float font = ImGui::GetFontSize();
    return font * 1.8f + ImGui::CalcTextSize(kWidestLabel).x;
}

void DensityMap::drawScale(ImDrawList* draw, const ScreenRect& column) const {
    if (!drawn_ || oneRow_ || !(range_ > 0.0)) return;
    const float font = ImGui::GetFontSize(), pad = font * 0.3f;
    const std::string top = scaleLabel(range_), middle = signed_ ? "0" : scaleLabel(range_ * 0.5);
    const std::string bottom = signed_ ? scaleLabel(-range_) : "0";
    const float barLeft = column.min.x + font * 0.6f, barRight = barLeft + font * 0.7f;
    const float barTop = column.min.y + font * 1.3f;
    const float barHeight = std::min(font * 9.0f, column.height() - font * 1.8f);
    if (barHeight < font * 2.0f || column.width() < font) return;
    draw->AddText(ImVec2(barLeft, column.min.y), palette::text, signed_ ? "w" : "|w|");
    const int slices = 48;
    for (int k = 0; k < slices; ++k) {
        // Linear in the value from the top (the range) down: the colours follow the shader's square root.
        const float hi = 1.0f - float(k) / slices, lo = 1.0f - float(k + 1) / slices;
        const float fhi = signed_ ? 2.0f * hi - 1.0f : hi, flo = signed_ ? 2.0f * lo - 1.0f : lo;
        const ImU32 a = densityScaleColor(fhi, signed_), b = densityScaleColor(flo, signed_);
        draw->AddRectFilledMultiColor(ImVec2(barLeft, barTop + barHeight * float(k) / slices),
                                      ImVec2(barRight, barTop + barHeight * float(k + 1) / slices), a, a, b, b);
    }
    draw->AddRect(ImVec2(barLeft, barTop), ImVec2(barRight, barTop + barHeight), palette::grid);
    auto label = [&](const std::string& text, float y) {
        draw->AddText(ImVec2(barRight + pad, y - font * 0.5f), palette::dimText, text.c_str());
    };
    label(top, barTop + font * 0.4f);
    label(middle, barTop + barHeight * 0.5f);
    label(bottom, barTop + barHeight - font * 0.4f);
}

std::optional<LegendEntry> DensityMap::legendEntry() const {
    if (!drawn_) return std::nullopt;
    if (oneRow_)
        return LegendEntry{signed_ ? "density of w (\xc2\xb1" "0.02)" : "density of |w| (\xc2\xb1" "0.02)", palette::signColor(1.0)};
    return LegendEntry{signed_ ? "density of w per area" : "density of |w| per area",
                       palette::u32(palette::densityColor(0.8f))};
}

void DensityMap::drawToggle() {
    const char* items[] = {"no density", "density: auto", "density of |w|", "density of w"};
    int pick = static_cast<int>(choice);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
    if (ImGui::Combo("##density", &pick, items, 4)) choice = static_cast<DensityChoice>(pick);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("the measure itself: a smoothed histogram of the particles' mass, under the discs "
                          "(auto: from %d particles on, where single discs stop saying much)", kDensityAutoCount);
}

nlohmann::json DensityMap::report() const {
    nlohmann::json j = {{"choice", choiceName(choice)}, {"shown", shown_}, {"drawn", drawn_}, {"grids", grids_}};
    if (!hasGrid_) return j;
    j["style"] = oneRow_ ? "curve" : "heat map";
    j["weighting"] = signed_ ? "w" : "|w|";
    j["cells"] = {box_.nx, box_.ny};
    j["box"] = {box_.x0, box_.x1, box_.y0, box_.y1};
    j["step"] = step_;
    j["stride"] = posted_.stride;
    j["serial"] = serial_;
    j["mass"] = std::isfinite(mass_) ? nlohmann::json(mass_) : nlohmann::json(nullptr);
    j["range"] = range_;
    j["seconds"] = seconds_;
    return j;
}

}  // namespace flowscope::gui
