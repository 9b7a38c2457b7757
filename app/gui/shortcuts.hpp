#pragma once
// The keyboard shortcuts as one table: each row is an action's keys, what it does (the
// line shown in the panel's shortcut list and in docs/gui.md) and its handler. The key
// handling, the shortcut list and the documentation all come from this table.
#include <vector>

#include "key_input.hpp"

namespace flowscope::gui {

struct AppState;

struct KeyChord {
    int key = 0;        // GLFW_KEY_*
    bool ctrl = false;  // with Control held (Shift and Alt are ignored: "+" is Shift = on many layouts)
};

struct Action {
    const char* keys;              // as the user reads them: "Space", "Ctrl Q"
    const char* doc;               // what it does, one line
    std::vector<KeyChord> chords;  // any of these triggers it
    bool repeats;                  // a held key runs it again at each of the system's key repeats
    void (*run)(AppState& state, int chord);  // `chord`: which of the chords (the preset keys use it)
};

const std::vector<Action>& shortcutTable();

struct Triggered {
    const Action* action;
    int chord;
};

// The actions a frame's key events trigger, in order: one per press, and one per
// system repeat of a repeating action. None while the user types in a text field.
std::vector<Triggered> triggeredActions(const std::vector<Action>& table, const std::vector<KeyEvent>& events, bool typing);

// Runs the actions of a frame's key events.
void runShortcuts(AppState& state, const std::vector<KeyEvent>& events, bool typing);

}  // namespace flowscope::gui
