#pragma once
// The density of a measure on a grid: a smoothed histogram of weighted points, for views
// of mu_t = (1/m) sum_i w_i delta_{x_i} where the particles are too many to draw one by one.
//
// Each point's mass is shared among the four nearest cell centres by linear weights
// (cloud in cell: a point's centre of mass is kept), then the cells are smoothed by a
// Gaussian of `sigma` cells along each axis (separable, truncated at 4 sigma and
// renormalized, so smoothing moves no mass). Values are mass per unit area (per unit
// length on a grid of one row), so the sum of value x cell area is the mass in the box.
// On a periodic box both steps wrap; otherwise mass beyond the box's edges is lost.
#include <cstddef>
#include <vector>

namespace flowscope {

struct GridBox {
    double x0 = 0.0, x1 = 1.0, y0 = 0.0, y1 = 1.0;  // the box; y is unused on one row
    int nx = 1, ny = 1;                              // cells along x and y (ny = 1: a 1-D grid)
    bool periodic = false;                           // coordinates wrap at the box's edges

    double cellWidth() const { return (x1 - x0) / nx; }
    double cellHeight() const { return ny > 1 ? (y1 - y0) / ny : 1.0; }
    double cellArea() const { return cellWidth() * cellHeight(); }
};

struct DensityGrid {
    GridBox box;
    std::vector<double> values;  // ny rows of nx, row 0 at y0; mass per unit area

    double at(int ix, int iy) const { return values[static_cast<std::size_t>(iy) * box.nx + ix]; }
    double mass() const;         // sum of value x cell area
};

// Masses `mass[k]` at (x[k], y[k]) (y is ignored on one row), k < count; non-finite points
// are skipped. sigmaX, sigmaY: the smoothing in cells (0: none).
DensityGrid densityOf(const double* x, const double* y, const double* mass, std::size_t count, const GridBox& box,
                      double sigmaX, double sigmaY);

// The steps on their own, on cells held as mass per cell (not yet divided by the cell area).
void depositMasses(const double* x, const double* y, const double* mass, std::size_t count, const GridBox& box,
                   std::vector<double>& cells);
void smoothCells(std::vector<double>& cells, const GridBox& box, double sigmaX, double sigmaY);
// The normalized Gaussian taps of `sigma` cells, centre first: taps[0], taps[1] = taps[-1], ...
std::vector<double> gaussianTaps(double sigma);

}  // namespace flowscope
