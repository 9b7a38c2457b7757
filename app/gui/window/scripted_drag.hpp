#pragma once
// A mouse drag a scripted run performs on the ground truth (--drag), through Dear ImGui's
// mouse input as a user's hand would: the pointer rests on the unit's handle for a frame,
// the left button goes down, the pointer moves there in even steps over some frames, and
// the button comes up. The truth editor (truth_editor.hpp) sees nothing else.
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

namespace flowscope::gui {

struct ScriptedDrag {
    int frame = 0;            // the pointer rests on the handle before this frame
    int unit = 0;             // 0-based (1-based on the command line)
    double dx = 0.0, dy = 0.0;  // the move, in the particle view's coordinates
    int frames = 4;           // frames the move takes
};

// "12:1:0.2,0" or "12:1:0.2,0:8" (frame, unit from 1, dx,dy, frames); throws UsageError.
ScriptedDrag parseScriptedDrag(const std::string& spec);

struct ScriptedPointer {
    ImVec2 position;
    bool down = false;
};

// Where the pointer is and whether the button is down at `frame` of a drag from `from` to
// `to` (screen pixels); none before the drag begins or after it has ended.
std::optional<ScriptedPointer> dragPointer(const ScriptedDrag& drag, int frame, ImVec2 from, ImVec2 to);
// The last frame a drag touches (its release).
inline int dragEnd(const ScriptedDrag& drag) { return drag.frame + drag.frames + 2; }

}  // namespace flowscope::gui
