#include "messages.hpp"

namespace flowscope::gui {

std::uint64_t Messages::post(Severity severity, const std::string& text, double now, double shownFor) {
    Message m;
    m.id = next_++;
    m.severity = severity;
    m.text = text;
    m.postedAt = now;
    m.shownFor = shownFor;
    messages_.push_back(m);
    while (messages_.size() > kKept) messages_.pop_front();
    return m.id;
}

void Messages::dismiss(std::uint64_t id) {
    for (Message& m : messages_)
        if (m.id == id) m.dismissed = true;
}

const Message* Messages::currentNotice(double now) const {
    for (auto it = messages_.rbegin(); it != messages_.rend(); ++it)
        if (it->severity == Severity::Notice) return !it->dismissed && it->age(now) < it->shownFor ? &*it : nullptr;
    return nullptr;
}

std::vector<const Message*> Messages::open() const {
    std::vector<const Message*> out;
    for (const Message& m : messages_)
        if (m.severity != Severity::Notice && !m.dismissed) out.push_back(&m);
    return out;
}

const Message* Messages::find(std::uint64_t id) const {
    for (const Message& m : messages_)
        if (m.id == id && !m.dismissed) return &m;
    return nullptr;
}

double Messages::noticeEnds(double now) const {
    const Message* m = currentNotice(now);
    return m ? m->postedAt + m->shownFor : 0.0;
}

}  // namespace flowscope::gui
