#pragma once
// The window's actions as one table: each row is an action's name, keys, what it does,
// where its button sits, and its handler. The key handling, the panel's shortcut list, the
// buttons that name a key ("Fit view (F)"), `flowscope --list-actions` and the generated
// section of docs/gui.md (scripts/update-actions-doc.sh) all come from this table.
#include <string>
#include <vector>

#include "key_input.hpp"

namespace flowscope::gui {

struct AppState;

struct KeyChord {
    int key = 0;        // GLFW_KEY_*
    bool ctrl = false;  // with Control held (Alt is ignored)
    int shift = -1;     // -1: Shift ignored ("+" is Shift = on many layouts); 0: without it; 1: with it
};

struct Action {
    const char* name;              // for buttons and scripts: "play_pause"
    const char* keys;              // as the user reads them: "Space", "Ctrl Q"
    const char* doc;               // what it does, one line
    const char* place;             // where its button is ("Run: Play / Pause"), or "keys only"
    std::vector<KeyChord> chords;  // any of these triggers it
    bool repeats;                  // a held key runs it again at each of the system's key repeats
    void (*run)(AppState& state, int chord);  // `chord`: which of the chords (the preset keys use it)
};

const std::vector<Action>& shortcutTable();
// The row named `name`; a name not in the table is a programming error (std::logic_error).
const Action& actionNamed(const std::string& name);

// A button for an action: `text` with its keys ("Fit view (F)"; in the tooltip when they do
// not fit `width`); a click runs the action.
// True when it ran.
bool actionButton(AppState& state, const std::string& name, const char* text, float width = 0.0f);

// The table for people: a Markdown table (keys, action, where) as in docs/gui.md, or
// plain lines (keys, tab, action).
std::string actionsListing(bool markdown);

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
