#pragma once
// Helpers shared by the core unit and validation tests: building a SweSetup in code, driving a
// backend step by step, norms and observed orders, and the few printed "measured" lines that
// docs/numerics.md quotes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "polder/kernels/swe_constants.hpp"
#include "polder/solver/swe_backend.hpp"

namespace polder::test {

// A flat, dry, frictionless, all-active grid of nx × ny cells of dx × dy metres.
inline SweSetup make_setup(int nx, int ny, double dx, double dy, double x_min = 0.0, double y_min = 0.0) {
  SweSetup s;
  s.geometry.nx = nx;
  s.geometry.ny = ny;
  s.geometry.dx = dx;
  s.geometry.dy = dy;
  s.geometry.x_min = x_min;
  s.geometry.y_min = y_min;
  const std::size_t n = s.geometry.cell_count();
  s.bed.assign(n, 0.0);
  s.active.assign(n, 1);
  s.manning.assign(n, 0.0);
  s.depth.assign(n, 0.0);
  return s;
}

// Advances the backend from t0 to t_end with closed-form CFL steps (the last step shortened to land
// on t_end). `after_step(t)` runs after every step. Returns the number of steps.
inline long advance(SweBackend& b, double t0, double t_end, double cfl,
                    const std::function<void(double)>& after_step = {}) {
  double t = t0;
  long steps = 0;
  while (t < t_end) {
    double dt = b.compute_fluxes(cfl);
    if (!(dt > 0.0)) throw std::runtime_error("time step collapsed");
    dt = std::min(dt, t_end - t);
    b.apply_fluxes(dt);
    t = (t_end - t <= dt) ? t_end : t + dt;
    ++steps;
    if (after_step) after_step(t);
  }
  return steps;
}

// Observed order of convergence between two resolutions whose cell sizes differ by `ratio`.
inline double observed_order(double err_coarse, double err_fine, double ratio = 2.0) {
  return std::log(err_coarse / err_fine) / std::log(ratio);
}

// Mean over `samples` equally spaced points of f on [a, b] (midpoint rule): a cell average of an
// exact solution that is accurate even where it jumps inside the cell.
inline double cell_average(const std::function<double(double)>& f, double a, double b, int samples = 32) {
  double sum = 0.0;
  for (int s = 0; s < samples; ++s) sum += f(a + (b - a) * (s + 0.5) / samples);
  return sum / samples;
}

// One line per measured figure, so `ctest -V` or the test binary shows what docs/numerics.md quotes.
inline void report(const std::string& name, double value) { std::printf("[measured] %s = %.6e\n", name.c_str(), value); }

}  // namespace polder::test
