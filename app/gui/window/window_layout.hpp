#pragma once
// Where the window's panels go, as a function of its size and the font size alone (so
// it can be reasoned about and tested without drawing). The particle view comes first:
// it keeps at least `particleShare` of the window's area wherever the window allows,
// the control panel on the left is at most a fixed share of the width (and can be
// hidden), and the predictor / experiments tabs sit above the loss curves in a column
// on the right. The status line runs along the bottom. Banners are not part of the
// layout: they float over the views' top edge, so a message never moves a panel.
#include "camera.hpp"

namespace flowscope::gui {

struct WindowLayout {
    ScreenRect controls;   // empty when the panel is hidden
    ScreenRect particles;  // the particle panel (its header and the view)
    ScreenRect side;       // predictor and experiments tabs
    ScreenRect loss;       // the loss curves (empty when they are a tab of the side column)
    bool lossInTabs = false;  // a narrow side column: the loss curves are its third tab, full height
    ScreenRect status;     // the status line
    ScreenRect views;      // everything right of the control panel, above the status line
};

struct LayoutMetrics {
    float font = 17.0f;            // the font size in pixels
    float gap = 8.0f;              // between panels
    float statusHeight = 30.0f;    // the status line
    float particleHeader = 60.0f;  // the particle panel's height around its view (header, padding, border)
    float particleInset = 20.0f;   // the particle panel's width around its view
    float particleShare = 0.42f;   // of the window's area, for the particle view (below its header)
    float windowArea = 0.0f;       // the whole window's, margins included (0: the rectangle's)
    float sideShare = 0.52f;       // of the right column's height for the tabs (the rest: loss curves)
    float lossTabBelow = 12.0f;    // a right column narrower than this many characters takes the loss curves as a tab
};

WindowLayout arrangeWindow(ScreenRect window, const LayoutMetrics& metrics, bool controlsOpen);

// SameLine() if an item `width` pixels wide still fits on the current line, so a row
// of choices wraps on a narrow panel instead of running past its edge.
void sameLineIfRoom(float width);

}  // namespace flowscope::gui
