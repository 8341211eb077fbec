// Validation 1 (lake at rest over bumpy and steep beds) and 2 (dry stays dry, positivity and mass
// conservation of a column released down a 1:2 slope). Closed edges throughout.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "../backend_under_test.hpp"
#include "polder/solver/swe_backend.hpp"
#include "test_support.hpp"

namespace polder {
namespace {

using test::report;

// ---------------------------------------------------------------------------------------------
// 1. Lake at rest

constexpr int lake_nx = 32;
constexpr int lake_ny = 16;
constexpr double lake_dx = 10.0;

// Sine bumps (±2.5 m) on a −30 m floor, plus 1:2 slopes rising east of x = 200 m and north of
// y = 100 m (5 m per cell): the bed spans −32.5 … +57.5 m, within ±100 m.
double lake_bed(double x, double y) {
  const double pi = std::numbers::pi;
  return -30.0 + 2.5 * std::sin(2.0 * pi * x / 80.0) * std::sin(2.0 * pi * y / 60.0) + 0.5 * std::max(0.0, x - 200.0) +
         0.5 * std::max(0.0, y - 100.0);
}

struct LakeCase {
  SweSetup setup;
  double level = 0.0;
  int dry_cells = 0, thin_cells = 0, sub_threshold_cells = 0;
};

// Still water at `level`. With `shoreline`, the first ring of cells above the level is made
// alternately dry (bed above the level) and barely wet: still depths 5e-7 and 1e-7 m (below
// h_dry = 1e-6) and 0.01 m (below the 0.02 m arrival threshold), and one isolated puddle of
// 1e-7 m sits on the dry slope.
LakeCase lake_case(double level, bool shoreline) {
  LakeCase c;
  c.level = level;
  c.setup = test::make_setup(lake_nx, lake_ny, lake_dx, lake_dx);
  c.setup.velocity_min_depth = 0.0;
  const GridGeometry& g = c.setup.geometry;
  const double thin[3] = {5e-7, 1e-7, 0.01};
  int n_thin = 0;
  for (int j = 0; j < lake_ny; ++j)
    for (int i = 0; i < lake_nx; ++i) {
      const std::size_t k = g.index(i, j);
      double z = lake_bed(g.x_center(i), g.y_center(j));
      if (shoreline && z > level && z < level + 8.0 && (i + j) % 2 == 0) {
        const double d = thin[n_thin++ % 3];
        z = level - d;
      }
      c.setup.bed[k] = z;
      c.setup.depth[k] = std::max(0.0, level - z);
    }
  if (shoreline) {
    // A hollow 1 m below its lowest neighbour on the dry slope (beds ≈ +30 m), holding 1e-7 m.
    const int pi = lake_nx - 3, pj = lake_ny - 3;
    double lowest = std::numeric_limits<double>::infinity();
    for (const auto& [di, dj] : {std::pair{-1, 0}, std::pair{1, 0}, std::pair{0, -1}, std::pair{0, 1}})
      lowest = std::min(lowest, c.setup.bed[g.index(pi + di, pj + dj)]);
    const std::size_t puddle = g.index(pi, pj);
    c.setup.bed[puddle] = lowest - 1.0;
    c.setup.depth[puddle] = 1e-7;
  }
  for (std::size_t k = 0; k < c.setup.depth.size(); ++k) {
    if (c.setup.depth[k] == 0.0) ++c.dry_cells;
    if (c.setup.depth[k] > 0.0 && c.setup.depth[k] <= 1e-6) ++c.thin_cells;
    if (c.setup.depth[k] < c.setup.thresholds[0]) ++c.sub_threshold_cells;
  }
  return c;
}

struct LakeResult {
  double max_depth_drift = 0.0;  // max over cells and steps of |h(t) − h(0)| [m]
  double max_speed = 0.0;        // max over cells with h > h_dry and steps of |q|/h [m/s]
  bool dry_stayed_dry = true;    // cells dry at t = 0 hold exactly 0 water and momentum
  int arrivals_below_threshold = 0;
  long steps = 0;
};

LakeResult run_lake(const LakeCase& c, Precision precision, double duration = 3600.0) {
  auto backend = test::backend_under_test(c.setup, precision);
  const std::vector<double>& h0 = c.setup.depth;
  LakeResult r;
  auto check = [&](double t) {
    backend->update_tracking(t);
    const StateSnapshot s = backend->download_state();
    for (std::size_t k = 0; k < h0.size(); ++k) {
      r.max_depth_drift = std::max(r.max_depth_drift, std::abs(s.depth[k] - h0[k]));
      if (s.depth[k] > c.setup.h_dry) r.max_speed = std::max(r.max_speed, std::hypot(s.qx[k], s.qy[k]) / s.depth[k]);
      if (h0[k] == 0.0 && (s.depth[k] != 0.0 || s.qx[k] != 0.0 || s.qy[k] != 0.0)) r.dry_stayed_dry = false;
      if (!std::isfinite(s.depth[k])) r.max_depth_drift = std::numeric_limits<double>::infinity();
    }
  };
  check(0.0);
  r.steps = test::advance(*backend, 0.0, duration, 0.5, check);
  const TrackedMaps m = backend->download_tracking();
  for (std::size_t k = 0; k < h0.size(); ++k)
    if (h0[k] < c.setup.thresholds[0] && m.arrival_minute[k] >= 0) ++r.arrivals_below_threshold;
  return r;
}

TEST(LakeAtRest, FullyWetBumpyAndSteepBedDouble) {
  // Tolerances (double): velocities ≤ 1e-10 m/s and depth (= level) drift ≤ 1e-10 m after 1 h.
  const LakeCase c = lake_case(60.0, false);
  ASSERT_EQ(c.dry_cells, 0);
  const LakeResult r = run_lake(c, Precision::double_precision);
  report("lake_wet_double.max_level_drift_m", r.max_depth_drift);
  report("lake_wet_double.max_speed_m_per_s", r.max_speed);
  report("lake_wet_double.steps", static_cast<double>(r.steps));
  EXPECT_LE(r.max_depth_drift, 1e-10);
  EXPECT_LE(r.max_speed, 1e-10);
  EXPECT_EQ(r.arrivals_below_threshold, 0);
}

TEST(LakeAtRest, ShorelinesAndThinCellsDouble) {
  // As above, plus: dry cells hold exactly 0; no cell that started below the 0.02 m arrival
  // threshold (including depths below h_dry) ever reaches it.
  const LakeCase c = lake_case(0.0, true);
  ASSERT_GT(c.dry_cells, 20);
  ASSERT_GE(c.thin_cells, 4);
  const LakeResult r = run_lake(c, Precision::double_precision);
  report("lake_shore_double.max_level_drift_m", r.max_depth_drift);
  report("lake_shore_double.max_speed_m_per_s", r.max_speed);
  EXPECT_LE(r.max_depth_drift, 1e-10);
  EXPECT_LE(r.max_speed, 1e-10);
  EXPECT_TRUE(r.dry_stayed_dry);
  EXPECT_EQ(r.arrivals_below_threshold, 0);
}

struct OpenLakeResult {
  double drift = 0.0, speed = 0.0, outflow = 0.0;
};

// The shoreline case for 1 h with every edge of the given kind (level edges at the lake level).
OpenLakeResult run_open_lake(EdgeKind kind) {
  const LakeCase c = lake_case(0.0, true);
  auto backend = test::backend_under_test(c.setup, Precision::double_precision);
  std::array<EdgeCondition, 4> edges{};
  for (auto& e : edges) e = {kind, c.level};
  backend->set_edges(edges);
  OpenLakeResult r;
  test::advance(*backend, 0.0, 3600.0, 0.5, [&](double) {
    const StateSnapshot s = backend->download_state();
    for (std::size_t k = 0; k < s.depth.size(); ++k) {
      r.drift = std::max(r.drift, std::abs(s.depth[k] - c.setup.depth[k]));
      if (s.depth[k] > c.setup.h_dry) r.speed = std::max(r.speed, std::hypot(s.qx[k], s.qy[k]) / s.depth[k]);
    }
  });
  return r;
}

TEST(LakeAtRest, LevelEdgesAtTheLakeLevel) {
  // The shoreline case with all four edges held at the lake level (EdgeKind::level): the ghost
  // states are at rest too, so the closed-box tolerances hold (1e-10 m/s, 1e-10 m).
  const OpenLakeResult r = run_open_lake(EdgeKind::level);
  report("lake_level_edges_double.max_level_drift_m", r.drift);
  report("lake_level_edges_double.max_speed_m_per_s", r.speed);
  EXPECT_LE(r.drift, 1e-10);
  EXPECT_LE(r.speed, 1e-10);
}

TEST(LakeAtRest, FreeEdges) {
  // The same with all four edges free. Without a surface fall towards it a free edge reflects like
  // a wall (free_edge_flux), so a lake at rest is an equilibrium and must stay one: tolerances
  // 1e-10 m/s and 1e-10 m, as for closed and level edges.
  const OpenLakeResult r = run_open_lake(EdgeKind::free);
  report("lake_free_edges_double.max_level_drift_m", r.drift);
  report("lake_free_edges_double.max_speed_m_per_s", r.speed);
  EXPECT_LE(r.drift, 1e-10);
  EXPECT_LE(r.speed, 1e-10);
}

TEST(LakeAtRest, FullyWetSingle) {
  // Single precision, beds within ±100 m, depths up to 92.5 m. A float depth near 92 m is spaced
  // 7.6e-6 m, so the 1e-5 m bound (1.3 spacings) cannot hold here: the initial h and z round
  // separately and the round-off sloshing settles at a few spacings (measured: the same drift at
  // 1 h and at 2 h, i.e. bounded, not growing). Tolerance: 8 float spacings of the deepest depth
  // (6.1e-5 m). The 1e-5 m bound is asserted on the shoreline case below (depths ≤ 32.5 m).
  const LakeCase c = lake_case(60.0, false);
  double h_max = 0.0;
  for (double d : c.setup.depth) h_max = std::max(h_max, d);
  const float hf = static_cast<float>(h_max);
  const double spacing = static_cast<double>(std::nextafter(hf, 1e30f) - hf);
  const LakeResult r = run_lake(c, Precision::single_precision);
  report("lake_wet_single.max_depth_drift_m", r.max_depth_drift);
  report("lake_wet_single.max_depth_drift_in_float_spacings", r.max_depth_drift / spacing);
  report("lake_wet_single.max_speed_m_per_s", r.max_speed);
  EXPECT_LE(r.max_depth_drift, 8.0 * spacing);
  EXPECT_EQ(r.arrivals_below_threshold, 0);
}

TEST(LakeAtRest, ShorelinesAndThinCellsSingle) {
  // Single precision, depths ≤ 32.5 m: depth drift ≤ 1e-5 m after 1 h; dry cells exactly 0; no
  // arrival where the still depth is below the threshold.
  const LakeCase c = lake_case(0.0, true);
  const LakeResult r = run_lake(c, Precision::single_precision);
  report("lake_shore_single.max_depth_drift_m", r.max_depth_drift);
  report("lake_shore_single.max_speed_m_per_s", r.max_speed);
  EXPECT_LE(r.max_depth_drift, 1e-5);
  EXPECT_TRUE(r.dry_stayed_dry);
  EXPECT_EQ(r.arrivals_below_threshold, 0);
}

// ---------------------------------------------------------------------------------------------
// 2. Dry stays dry, positivity, mass conservation

// 200 m × 40 m, 2 m cells: a plateau at +40 m (x < 20 m), a 1:2 slope down to 0 at x = 100 m, a
// dry plain beyond with an island whose top (+60 m) is 10 m above the highest water level.
// A 10 m deep column on the plateau (x < 20 m, 10 m ≤ y < 30 m) is released at t = 0.
SweSetup column_setup() {
  SweSetup s = test::make_setup(100, 20, 2.0, 2.0);
  const GridGeometry& g = s.geometry;
  for (int j = 0; j < g.ny; ++j)
    for (int i = 0; i < g.nx; ++i) {
      const double x = g.x_center(i), y = g.y_center(j);
      double z = x < 20.0 ? 40.0 : (x < 100.0 ? 40.0 - 0.5 * (x - 20.0) : 0.0);
      if (x > 150.0 && x < 160.0 && y > 16.0 && y < 24.0) z = 60.0;
      s.bed[g.index(i, j)] = z;
      if (x < 20.0 && y >= 10.0 && y < 30.0) s.depth[g.index(i, j)] = 10.0;
    }
  return s;
}

void run_column(Precision precision, double mass_tolerance, const char* tag) {
  const SweSetup s = column_setup();
  auto b = test::backend_under_test(s, precision);
  const double v0 = b->stored_volume();
  ASSERT_NEAR(v0, 10.0 * 100.0 * 4.0, 1e-9);
  double min_depth = 0.0, worst_mass = 0.0;
  bool finite = true, island_dry = true;
  double max_wet_x = 0.0;
  test::advance(*b, 0.0, 60.0, 0.5, [&](double) {
    const StateSnapshot st = b->download_state();
    for (std::size_t k = 0; k < st.depth.size(); ++k) {
      min_depth = std::min(min_depth, st.depth[k]);
      finite = finite && std::isfinite(st.depth[k]) && std::isfinite(st.qx[k]) && std::isfinite(st.qy[k]);
      if (s.bed[k] == 60.0 && st.depth[k] != 0.0) island_dry = false;
      if (st.depth[k] > 0.0) max_wet_x = std::max(max_wet_x, s.geometry.x_center(static_cast<int>(k % 100)));
    }
    worst_mass = std::max(worst_mass, std::abs(b->stored_volume() - v0) / v0);
  });
  report(std::string(tag) + ".min_depth_m", min_depth);
  report(std::string(tag) + ".max_relative_mass_error", worst_mass);
  EXPECT_GE(min_depth, 0.0);  // never negative, not even by round-off
  EXPECT_TRUE(finite);
  EXPECT_TRUE(island_dry);  // its top is above any water level reached
  EXPECT_LE(worst_mass, mass_tolerance);
  EXPECT_GT(max_wet_x, 190.0);  // the wave did run out over the plain to the far wall
}

TEST(Positivity, ColumnDownASteepSlopeDouble) {
  // Tolerances: depth ≥ 0 at every step, no NaN, island exactly dry, mass relative 1e-12.
  run_column(Precision::double_precision, 1e-12, "column_double");
}

// One step on a 3 × 3 closed box from random states (random beds, depths from dry to 2 m,
// velocities up to ±4 m/s, half the trials with the four neighbours rushing away from a shallow
// centre). The update clips a negative depth to zero, which creates water, so a step that would
// have gone negative shows as a gain of stored volume. Returns the number of such steps.
int clipped_steps(double cfl, int trials, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  int clipped = 0;
  for (int t = 0; t < trials; ++t) {
    SweSetup s = test::make_setup(3, 3, 1.0, 1.0);
    s.qx.assign(9, 0.0);
    s.qy.assign(9, 0.0);
    for (std::size_t k = 0; k < 9; ++k) {
      const double h = u01(rng) < 0.3 ? 1e-3 * u01(rng) : 2.0 * u01(rng);
      s.depth[k] = h;
      s.qx[k] = h * (8.0 * u01(rng) - 4.0);
      s.qy[k] = h * (8.0 * u01(rng) - 4.0);
      s.bed[k] = u01(rng) < 0.5 ? 0.0 : u01(rng);
    }
    if (t % 2 == 0) {
      const double v = 2.0 + 6.0 * u01(rng);
      s.depth[4] = 0.01 + 0.5 * u01(rng);
      s.qx[4] = s.qy[4] = 0.0;
      s.qx[3] = -v * s.depth[3];
      s.qx[5] = v * s.depth[5];
      s.qy[1] = -v * s.depth[1];
      s.qy[7] = v * s.depth[7];
    }
    auto b = test::backend_under_test(s, Precision::double_precision);
    const double v0 = b->stored_volume();
    const double dt = b->compute_fluxes(cfl);
    if (!std::isfinite(dt)) continue;
    b->apply_fluxes(dt);
    if ((b->stored_volume() - v0) / v0 > 1e-12) ++clipped;
  }
  return clipped;
}

TEST(Positivity, RandomStatesAtTheLargestAllowedCfl) {
  // Tolerance: no step at cfl = 0.5 (the largest RunSettings accepts; dt = cfl/(Sx/dx + Sy/dy))
  // needs its depth clipped, in 20 000 random 3 × 3 steps. The same detector does find clipped
  // steps at cfl = 2, so it can fail.
  const int at_half = clipped_steps(0.5, 20000, 7);
  const int at_two = clipped_steps(2.0, 20000, 7);
  report("positivity_random.clipped_steps_at_cfl_0.5", at_half);
  report("positivity_random.clipped_steps_at_cfl_2.0", at_two);
  EXPECT_EQ(at_half, 0);
  EXPECT_GT(at_two, 0);
}

TEST(Positivity, ColumnDownASteepSlopeSingle) {
  // Single precision: same, but mass only to 1e-5 relative (float round-off in every update).
  run_column(Precision::single_precision, 1e-5, "column_single");
}

}  // namespace
}  // namespace polder
