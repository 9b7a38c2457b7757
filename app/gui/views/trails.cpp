#include "trails.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::gui {

void Trails::configure(int maxTracked, int length, bool wholeRun) {
    if (maxTracked == maxTracked_ && length == length_ && wholeRun == wholeRun_) return;
    maxTracked_ = std::max(1, maxTracked);
    length_ = std::max(4, length);
    wholeRun_ = wholeRun;
    clear();
}

bool Trails::halve() {
    // In whole-run mode the ring never wraps (head_ == filled_), so slot i is sample i.
    const std::size_t sampleSize = static_cast<std::size_t>(tracked_) * 3;
    const bool keepsNewest = filled_ % 2 == 1;  // slots 0, 2, ..., filled_ - 1
    const int kept = (filled_ + 1) / 2;
    for (int i = 1; i < kept; ++i) {
        std::copy_n(ring_.data() + 2 * i * sampleSize, sampleSize, ring_.data() + i * sampleSize);
        times_[i] = times_[2 * i];
    }
    filled_ = head_ = kept;
    every_ *= 2;
    return keepsNewest;
}

void Trails::clear() {
    count_ = -1;
    tracked_ = 0;
    head_ = filled_ = 0;
    every_ = 1, skipped_ = 0;
    ring_.clear();
    times_.clear();
}

void Trails::follow(int count) {
    if (count == count_) return;
    clear();
    count_ = count;
    stride_ = std::max(1, (count + maxTracked_ - 1) / maxTracked_);
    tracked_ = (count + stride_ - 1) / stride_;
    ring_.assign(static_cast<std::size_t>(length_) * tracked_ * 3, 0.0f);
    times_.assign(static_cast<std::size_t>(length_), kUntimed);
}

template <class Position>
void Trails::append(double time, const Position& positionOf) {
    if (wholeRun_) {
        if (filled_ > 0 && ++skipped_ < every_) return;
        skipped_ = 0;
        // Halving an odd count keeps its newest sample, taken every_ / 2 calls ago: this
        // call is then skipped, so the samples stay evenly spaced (gui.logic checks it).
        if (filled_ == length_ && halve()) {
            skipped_ = every_ / 2;
            return;
        }
    }
    float* sample = ring_.data() + static_cast<std::size_t>(head_) * tracked_ * 3;
    for (int k = 0; k < tracked_; ++k) {
        const Eigen::Vector3d p = positionOf(k);
        sample[3 * k] = static_cast<float>(p.x());
        sample[3 * k + 1] = static_cast<float>(p.y());
        sample[3 * k + 2] = static_cast<float>(p.z());
    }
    times_[head_] = time;
    head_ = (head_ + 1) % length_;
    filled_ = std::min(filled_ + 1, length_);
}

void Trails::record(const ParticleSet& particles, const Embedding& embedding, double time) {
    follow(particles.count());
    append(time, [&](int k) { return embedding.place(particles.w[k * stride_], particles.theta.col(k * stride_)); });
}

bool Trails::record(const PathFrame& frame, const Embedding& embedding) {
    follow(frame.count);
    // Particle k * stride_ of the run is the frame's entry k * stride_ / frame.stride.
    if (stride_ % frame.stride != 0) return false;
    const int step = stride_ / frame.stride;
    const ParticleSet& p = frame.tracked;
    append(frame.time, [&](int k) { return embedding.place(p.w[k * step], p.theta.col(k * step)); });
    return true;
}

void Trails::vertices(const ParticleSet& particles, const Embedding& embedding, std::vector<float>& out, double until) const {
    out.clear();
    // The samples up to `until`: the ring less its newest ones taken later (times grow along it).
    int later = 0;
    while (later < filled_ && times_[(head_ - 1 - later + 2 * length_) % length_] > until) ++later;
    const int filled = filled_ - later, head = (head_ - later + length_) % length_;
    if (filled < 2 || particles.count() != count_) return;
    out.reserve(static_cast<std::size_t>(filled) * tracked_ * 10);
    const bool wrapX = embedding.periodic;
    const bool wrapY = embedding.periodic && embedding.kind == EmbeddingKind::Torus2D;
    for (int k = 0; k < tracked_; ++k) {
        const float sign = particles.w[k * stride_] >= 0.0 ? 1.0f : -1.0f;
        for (int age = filled - 1; age >= 1; --age) {  // oldest first
            const int a = (head - 1 - age + 2 * length_) % length_;
            const int b = (a + 1) % length_;
            const float* p = ring_.data() + (static_cast<std::size_t>(a) * tracked_ + k) * 3;
            const float* q = ring_.data() + (static_cast<std::size_t>(b) * tracked_ + k) * 3;
            if ((wrapX && std::abs(q[0] - p[0]) > 0.5f) || (wrapY && std::abs(q[1] - p[1]) > 0.5f)) continue;
            // A whole path fades only a little: its start matters as much as its end.
            const float fadeP = wholeRun_ ? 0.75f : 1.0f - static_cast<float>(age) / filled;
            const float fadeQ = wholeRun_ ? 0.75f : 1.0f - static_cast<float>(age - 1) / filled;
            out.insert(out.end(), {p[0], p[1], p[2], sign, fadeP, q[0], q[1], q[2], sign, fadeQ});
        }
        {  // from the last kept sample to where the particle is now
            const int i = k * stride_;
            const float* p = ring_.data() + (static_cast<std::size_t>((head - 1 + length_) % length_) * tracked_ + k) * 3;
            const Eigen::Vector3d q = embedding.place(particles.w[i], particles.theta.col(i));
            if ((wrapX && std::abs(q.x() - p[0]) > 0.5) || (wrapY && std::abs(q.y() - p[1]) > 0.5)) continue;
            const float fade = wholeRun_ ? 0.75f : 1.0f;
            out.insert(out.end(), {p[0], p[1], p[2], sign, fade, static_cast<float>(q.x()), static_cast<float>(q.y()),
                                   static_cast<float>(q.z()), sign, fade});
        }
    }
}

}  // namespace flowscope::gui
