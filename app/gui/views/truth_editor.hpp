#pragma once
// The ground truth edited with the mouse in the particle view, so a class sees the
// particles chase a target it moved:
//   a spike (1-D): drag its head to move it and change its amplitude, its stem to move it only;
//   a spike (2-D) or a sigmoid teacher unit: drag its centre to move it, its ring to scale its amplitude;
//   a ReLU teacher unit: drag its ring (at |a| theta) to turn it and set |a|, its ray to turn it only;
//   double-click on empty ground adds a unit there; right-click (or Delete) on one removes it;
//   Undo / Redo (Ctrl+Z / Ctrl+Shift+Z) go back and forth through these edits.
// Each edit becomes the run's truth through the engine's "set truth" command (the
// scenario's truth.given: Save state keeps it, presets stay as they are); while a drag is
// in flight one command at a time is posted, the newest position shown meanwhile.
// Views of 3 or more coordinates (turned or projected) and 1-D networks are not editable.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <imgui.h>

#include "camera.hpp"
#include "embedding.hpp"
#include "engine.hpp"

namespace flowscope::gui {

// The view's map between its coordinates and the screen, this frame.
struct ViewMap {
    std::function<ImVec2(const Eigen::Vector3d&)> toScreen;
    std::function<Eigen::Vector2d(ImVec2)> toWorld;
    ScreenRect area;  // where the particles are drawn
};

// The part of a unit under the mouse, and what dragging it changes.
enum class TruthPart {
    None,
    Head,       // 1-D spike's head: position and amplitude
    Stem,       // 1-D spike's stem, 2-D spike's or sigmoid unit's centre: position only
    Ring,       // 2-D spike's or sigmoid unit's ring: amplitude only
    Mark,       // ReLU unit's ring at |a| theta: direction and |a|
    Ray,        // ReLU unit's ray: direction only
};

struct TruthHandle {
    int unit = -1;
    TruthPart part = TruthPart::None;
};

class TruthEditor {
public:
    static bool editable(const Embedding& embedding);
    // Where unit j's grip is in view coordinates: a 1-D spike's head, a 2-D spike's or a
    // sigmoid unit's centre, a ReLU unit's ring at |a| theta.
    static Eigen::Vector3d handleOf(const ParticleSet& truth, int j, const Embedding& embedding);

    // One frame of the mouse over the view (`hovered`: the pointer is on its data area).
    // True when the editor takes the mouse (a unit is under it or being dragged, or a
    // double-click added one): the view then neither pans nor fits.
    bool input(const Snapshot& snapshot, const Embedding& embedding, const ViewMap& map, bool hovered);
    // The truth to draw: the newest edit while the engine has not shown it yet, else the run's.
    const ParticleSet& shown(const Snapshot& snapshot) const;
    // The highlight of the unit under the mouse (or dragged) and its readout.
    void drawFeedback(const Snapshot& snapshot, const Embedding& embedding, const ViewMap& map, ImDrawList* draw) const;
    // Posts the edit waiting, if any, to the engine (while dragging, once the last one is applied).
    void post(Engine& engine, const Snapshot& snapshot);

    void undo(const Snapshot& snapshot);
    void redo(const Snapshot& snapshot);
    // Removes the unit under the mouse (Delete); not the last one.
    void removeHovered(const Snapshot& snapshot);

    bool dragging() const { return drag_.unit >= 0; }
    int draggedUnit() const { return drag_.unit; }
    const TruthHandle& hovered() const { return hover_; }
    std::size_t undoDepth() const { return undo_.size(); }

private:
    void follow(const Snapshot& snapshot);
    TruthHandle hit(const ParticleSet& truth, const Embedding& embedding, const ViewMap& map, ImVec2 mouse) const;
    void edit(const Snapshot& snapshot, ParticleSet truth);  // a new truth to post, with its undo entry already pushed
    void restore(const Snapshot& snapshot, const TruthSettings& settings);
    void travel(std::vector<TruthSettings>& from, std::vector<TruthSettings>& to, const Snapshot& snapshot);
    TruthSettings latest(const Snapshot& snapshot) const;
    bool inFlight(const Snapshot& snapshot) const;

    std::optional<TruthSettings> pending_;   // an edit not yet posted
    std::uint64_t postedAt_ = 0;             // commandsPosted() after our last post
    ParticleSet working_;                    // the truth of the newest edit (shown until applied)
    bool haveWorking_ = false;
    std::vector<TruthSettings> undo_, redo_;
    std::string scenarioKey_;                // undo history belongs to one problem (name, kind, dimension)
    TruthHandle hover_, drag_;
    ParticleSet dragStart_;                  // the truth as the drag began
    Eigen::Vector2d grabOffset_ = Eigen::Vector2d::Zero();  // handle minus mouse, in view coordinates
    ImVec2 grabMouse_{0, 0};
    int rightPressed_ = -1;                  // the unit a right button press began on
    bool overView_ = false;                  // the pointer is on the view (for the hint)
    bool edited_ = false;                    // the user has changed the truth once: no more hint
};

}  // namespace flowscope::gui
