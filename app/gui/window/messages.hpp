#pragma once
// The window's one message channel: notices (a state saved, a run opened), warnings (a
// sweep that cannot start) and errors (a value the engine refused), each with its severity
// and the time it was posted. The status line shows the newest notice for a few seconds;
// the banners show warnings and errors until dismissed; a panel may show its own message
// in place by its id. Anyone posts; no one keeps a message of their own elsewhere.
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace flowscope::gui {

enum class Severity { Notice, Warning, Error };

struct Message {
    std::uint64_t id = 0;  // 1, 2, ... in order of posting
    Severity severity = Severity::Notice;
    std::string text;
    double postedAt = 0.0;  // seconds, on the clock passed to post()
    double shownFor = 4.0;  // notices: seconds in the status line
    bool dismissed = false;

    double age(double now) const { return now - postedAt; }
};

class Messages {
public:
    // Returns the new message's id.
    std::uint64_t post(Severity severity, const std::string& text, double now, double shownFor = 4.0);
    void dismiss(std::uint64_t id);
    // The newest notice still within its time, or null.
    const Message* currentNotice(double now) const;
    // Warnings and errors not dismissed, oldest first.
    std::vector<const Message*> open() const;
    // The message `id` if it is still kept and not dismissed, or null.
    const Message* find(std::uint64_t id) const;
    // When the current notice leaves the status line (0: none showing), for a window that
    // waits for events while idle.
    double noticeEnds(double now) const;

private:
    static constexpr std::size_t kKept = 64;  // the oldest go first
    std::deque<Message> messages_;
    std::uint64_t next_ = 1;
};

}  // namespace flowscope::gui
