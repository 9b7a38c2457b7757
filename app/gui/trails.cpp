#include "trails.hpp"

#include <algorithm>
#include <cmath>

namespace flowscope::gui {

void Trails::configure(int maxTracked, int length) {
    if (maxTracked == maxTracked_ && length == length_) return;
    maxTracked_ = std::max(1, maxTracked);
    length_ = std::max(2, length);
    clear();
}

void Trails::clear() {
    count_ = -1;
    tracked_ = 0;
    head_ = filled_ = 0;
    ring_.clear();
}

void Trails::record(const ParticleSet& particles, const Embedding& embedding) {
    const int m = particles.count();
    if (m != count_) {
        clear();
        count_ = m;
        stride_ = std::max(1, (m + maxTracked_ - 1) / maxTracked_);
        tracked_ = (m + stride_ - 1) / stride_;
        ring_.assign(static_cast<std::size_t>(length_) * tracked_ * 3, 0.0f);
    }
    float* sample = ring_.data() + static_cast<std::size_t>(head_) * tracked_ * 3;
    for (int k = 0; k < tracked_; ++k) {
        const int i = k * stride_;
        const Eigen::Vector3d p = embedding.place(particles.w[i], particles.theta.col(i));
        sample[3 * k] = static_cast<float>(p.x());
        sample[3 * k + 1] = static_cast<float>(p.y());
        sample[3 * k + 2] = static_cast<float>(p.z());
    }
    head_ = (head_ + 1) % length_;
    filled_ = std::min(filled_ + 1, length_);
}

void Trails::vertices(const ParticleSet& particles, const Embedding& embedding, std::vector<float>& out) const {
    out.clear();
    if (filled_ < 2 || particles.count() != count_) return;
    out.reserve(static_cast<std::size_t>(filled_ - 1) * tracked_ * 10);
    const bool wrapX = embedding.periodic;
    const bool wrapY = embedding.periodic && embedding.kind == EmbeddingKind::Torus2D;
    for (int k = 0; k < tracked_; ++k) {
        const float sign = particles.w[k * stride_] >= 0.0 ? 1.0f : -1.0f;
        for (int age = filled_ - 1; age >= 1; --age) {  // oldest first
            const int a = (head_ - 1 - age + 2 * length_) % length_;
            const int b = (a + 1) % length_;
            const float* p = ring_.data() + (static_cast<std::size_t>(a) * tracked_ + k) * 3;
            const float* q = ring_.data() + (static_cast<std::size_t>(b) * tracked_ + k) * 3;
            if ((wrapX && std::abs(q[0] - p[0]) > 0.5f) || (wrapY && std::abs(q[1] - p[1]) > 0.5f)) continue;
            const float fadeP = 1.0f - static_cast<float>(age) / filled_;
            const float fadeQ = 1.0f - static_cast<float>(age - 1) / filled_;
            out.insert(out.end(), {p[0], p[1], p[2], sign, fadeP, q[0], q[1], q[2], sign, fadeQ});
        }
    }
}

}  // namespace flowscope::gui
