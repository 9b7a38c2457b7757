#pragma once
// The compared runs side by side: a pane per run, each its own ParticleView over its own
// PredictorView, under a title in the run's colour naming its differing values. The panes
// share their axes (a pan or zoom in any pane moves them all; Fit fits them together) and
// the view options (trails, truth, particle size: the single view's, set in the panel).
#include <memory>
#include <string>
#include <vector>

#include "compare_session.hpp"
#include "particle_view.hpp"
#include "predictor_view.hpp"

namespace flowscope::gui {

// What a pane's buttons asked for (-1: nothing).
struct PaneClicks {
    int promote = -1;  // continue this run in the single view
    int remove = -1;   // drop this run
};

// A pane's title: the run's differing values, in the longest form that fits `width`
// (the forms, longest first: its label, its keys' last parts with the values, the values).
std::vector<std::string> paneTitleForms(const ComparedRun& run);
std::string paneTitle(const ComparedRun& run, float width);

class ComparePanes {
public:
    // A pane for each of the session's runs (made with the GL context current).
    void open(const CompareSession& session);
    void remove(std::size_t i, const CompareSession& session);  // after the session's run i went
    void clear() { panes_.clear(); }
    // Takes each run's new snapshot and path frames (recordTrail as ParticleView::update).
    void update(CompareSession& session, const ParticleViewOptions& options, bool throttlePredictor, bool recordTrail);
    // Draws the panes side by side filling `rect` (screen coordinates).
    PaneClicks draw(CompareSession& session, const ScreenRect& rect, ImFont* heading);
    void fit(const CompareSession* session);
    // A lesson step's circle, drawn in every pane (null: none).
    void setHighlight(const LessonHighlight* highlight) {
        for (auto& pane : panes_) pane->view.setHighlight(highlight);
    }
    std::size_t size() const { return panes_.size(); }
    const ScreenRect& particleRect(std::size_t i) const { return panes_[i]->view.rect(); }

private:
    static std::size_t widest(const CompareSession& session);
    std::vector<LegendEntry> sharedLegend() const;
    struct Pane {
        ParticleView view;
        PredictorView predictor;
    };
    std::vector<std::unique_ptr<Pane>> panes_;
    std::size_t lead_ = 0;  // the pane whose view the others take (the widest run's, or the last one panned or zoomed)
};

}  // namespace flowscope::gui
