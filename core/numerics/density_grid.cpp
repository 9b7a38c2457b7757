#include "density_grid.hpp"

#include <cmath>

namespace flowscope {

namespace {

int wrapIndex(long i, int n) {
    const long r = i % n;
    return static_cast<int>(r < 0 ? r + n : r);
}

// One pass of the smoothing along a line of `n` cells `stride` apart, into `line` (scratch).
void smoothLine(double* cells, int n, std::ptrdiff_t stride, const std::vector<double>& taps, bool periodic,
                std::vector<double>& line) {
    const int radius = static_cast<int>(taps.size()) - 1;
    line.assign(static_cast<std::size_t>(n), 0.0);
    for (int i = 0; i < n; ++i) {
        const double v = cells[i * stride];
        if (v == 0.0) continue;  // most cells of a concentrated measure are empty
        for (int k = -radius; k <= radius; ++k) {
            const long j = static_cast<long>(i) + k;
            const double share = v * taps[static_cast<std::size_t>(k < 0 ? -k : k)];
            if (periodic) line[static_cast<std::size_t>(wrapIndex(j, n))] += share;
            else if (j >= 0 && j < n) line[static_cast<std::size_t>(j)] += share;
        }
    }
    for (int i = 0; i < n; ++i) cells[i * stride] = line[static_cast<std::size_t>(i)];
}

}  // namespace

double DensityGrid::mass() const {
    double sum = 0.0;
    for (double v : values) sum += v;
    return sum * box.cellArea();
}

std::vector<double> gaussianTaps(double sigma) {
    if (!(sigma > 0.0)) return {1.0};
    const int radius = static_cast<int>(std::ceil(4.0 * sigma));
    std::vector<double> taps(static_cast<std::size_t>(radius) + 1);
    double sum = 0.0;
    for (int k = 0; k <= radius; ++k) {
        taps[static_cast<std::size_t>(k)] = std::exp(-0.5 * k * k / (sigma * sigma));
        sum += (k == 0 ? 1.0 : 2.0) * taps[static_cast<std::size_t>(k)];
    }
    for (double& t : taps) t /= sum;
    return taps;
}

void depositMasses(const double* x, const double* y, const double* mass, std::size_t count, const GridBox& box,
                   std::vector<double>& cells) {
    cells.assign(static_cast<std::size_t>(box.nx) * box.ny, 0.0);
    const bool twoD = box.ny > 1;
    const double sx = box.nx / (box.x1 - box.x0), sy = twoD ? box.ny / (box.y1 - box.y0) : 0.0;
    // The cell below a coordinate (in cell-centre units) and the share of the next one.
    auto split = [&](double u, int n, long& i0, double& f) {
        const double below = std::floor(u);
        i0 = static_cast<long>(below), f = u - below;
        if (box.periodic) i0 = wrapIndex(i0, n);
    };
    auto add = [&](long ix, long iy, double m) {
        if (box.periodic) ix = wrapIndex(ix, box.nx), iy = wrapIndex(iy, box.ny);
        else if (ix < 0 || ix >= box.nx || iy < 0 || iy >= box.ny) return;
        cells[static_cast<std::size_t>(iy) * box.nx + static_cast<std::size_t>(ix)] += m;
    };
    for (std::size_t k = 0; k < count; ++k) {
        const double m = mass[k];
        const double u = (x[k] - box.x0) * sx - 0.5;
        const double v = twoD ? (y[k] - box.y0) * sy - 0.5 : 0.0;
        // Far outside a bounded box (or not finite): no cell to give to, and no overflow of the index.
        if (!std::isfinite(m) || !std::isfinite(u) || !std::isfinite(v)) continue;
        if (!box.periodic && (u < -2.0 || u > box.nx + 1.0 || v < -2.0 || v > box.ny + 1.0)) continue;
        long ix = 0, iy = 0;
        double fx = 0.0, fy = 0.0;
        split(box.periodic ? std::fmod(u, double(box.nx)) : u, box.nx, ix, fx);
        if (twoD) split(box.periodic ? std::fmod(v, double(box.ny)) : v, box.ny, iy, fy);
        add(ix, iy, m * (1.0 - fx) * (1.0 - fy));
        add(ix + 1, iy, m * fx * (1.0 - fy));
        if (twoD) {
            add(ix, iy + 1, m * (1.0 - fx) * fy);
            add(ix + 1, iy + 1, m * fx * fy);
        }
    }
}

void smoothCells(std::vector<double>& cells, const GridBox& box, double sigmaX, double sigmaY) {
    std::vector<double> line;
    if (sigmaX > 0.0) {
        const std::vector<double> taps = gaussianTaps(sigmaX);
        for (int iy = 0; iy < box.ny; ++iy)
            smoothLine(cells.data() + static_cast<std::size_t>(iy) * box.nx, box.nx, 1, taps, box.periodic, line);
    }
    if (sigmaY > 0.0 && box.ny > 1) {
        const std::vector<double> taps = gaussianTaps(sigmaY);
        for (int ix = 0; ix < box.nx; ++ix) smoothLine(cells.data() + ix, box.ny, box.nx, taps, box.periodic, line);
    }
}

DensityGrid densityOf(const double* x, const double* y, const double* mass, std::size_t count, const GridBox& box,
                      double sigmaX, double sigmaY) {
    DensityGrid grid;
    grid.box = box;
    depositMasses(x, y, mass, count, box, grid.values);
    smoothCells(grid.values, box, sigmaX, sigmaY);
    const double perArea = 1.0 / box.cellArea();
    for (double& v : grid.values) v *= perArea;
    return grid;
}

}  // namespace flowscope
