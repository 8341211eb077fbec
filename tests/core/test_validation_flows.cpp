// Validation 5 (normal depth in a sloping Manning channel), 6 (point inflows into a dry closed box:
// volume accounting), 7 (output times land exactly) and 8 (a breach filling a closed basin).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "../backend_under_test.hpp"
#include "polder/kernels/swe_constants.hpp"
#include "polder/solver/inflow.hpp"
#include "polder/solver/simulation.hpp"
#include "test_support.hpp"

namespace polder {
namespace {

using test::report;

std::array<EdgeBoundary, 4> closed_edges() { return {}; }

// ---------------------------------------------------------------------------------------------
// 5. Normal depth: wide channel, q = 1 m²/s, n = 0.03, S = 0.001. Manning with R = h:
//    q = h^(5/3)·√S/n  →  h_n = (q·n/√S)^(3/5) = 0.968886 m.
// Channel 2000 m × 30 m (200 × 3 cells of 10 m), bed z = S·(2000 − x), initially 0.5 m deep and at
// rest; the inflow is a line across the first column with unit m²/s (InflowParams), the west
// edge closed, the east edge open. Run 8 h (the middle depth then changes by < 1e-4 relative over
// the last hour: steady; with the free outlet the backwater still creeps by 3e-4 in the 6th hour).

constexpr double chan_q = 1.0, chan_n = 0.03, chan_slope = 1e-3, chan_dx = 10.0, chan_length = 2000.0;
const double normal_depth = std::pow(chan_q * chan_n / std::sqrt(chan_slope), 0.6);

struct ChannelResult {
  double middle_depth = 0.0;   // mean of the 3 cells at x = 1005 m [m]
  double middle_change_last_hour = 0.0;  // relative
  double outlet_depth = 0.0;   // last column, middle row [m]
  double outflow_rate = 0.0;   // mean over the last hour [m³/s]
  double inflow_rate = 0.0;    // as applied over the last hour [m³/s]
};

ChannelResult run_channel(EdgeKind outlet) {
  const int nx = static_cast<int>(chan_length / chan_dx);
  SweSetup s = test::make_setup(nx, 3, chan_dx, chan_dx);
  const GridGeometry& g = s.geometry;
  for (int j = 0; j < 3; ++j)
    for (int i = 0; i < nx; ++i) {
      const std::size_t k = g.index(i, j);
      s.bed[k] = chan_slope * (chan_length - g.x_center(i));
      s.manning[k] = chan_n;
      s.depth[k] = 0.5;
    }
  auto b = test::backend_under_test(s, Precision::double_precision);
  std::array<EdgeCondition, 4> edges{};
  edges[1].kind = outlet;
  edges[1].level = chan_slope * 0.5 * chan_dx + normal_depth;  // for EdgeKind::level: h_n in the last column
  b->set_edges(edges);
  InflowParams in;
  in.name = "upstream";
  in.points = {{0.5 * chan_dx, 0.0}, {0.5 * chan_dx, 3.0 * chan_dx}};
  in.discharge = TimeSeries::constant(chan_q);
  in.unit = DischargeUnit::per_metre_m2_per_s;
  const std::vector<InflowCell> cells = resolve_inflow_cells(g, s.active, in);
  std::vector<PointSource> sources;
  for (const auto& c : cells) sources.push_back({c.cell, c.weight * chan_q});

  auto middle = [&] {
    double sum = 0.0;
    for (int j = 0; j < 3; ++j) sum += b->depth_at(g.index(nx / 2, j));
    return sum / 3.0;
  };
  const double t_end = 8 * 3600.0, t_last = t_end - 3600.0;
  double t = 0.0, out = 0.0, injected = 0.0, middle_before = 0.0;
  while (t < t_end) {
    const double target = t < t_last ? t_last : t_end;  // land exactly on the start of the last hour
    const double dt = std::min({b->compute_fluxes(0.5), 60.0, target - t});
    const double o = b->apply_fluxes(dt);
    double applied = 0.0;
    for (double v : b->apply_point_sources(sources, dt)) applied += v;
    if (target == t_end) {
      out += o;
      injected += applied;
    }
    t = dt == target - t ? target : t + dt;
    if (t == t_last) middle_before = middle();
  }
  ChannelResult r;
  r.middle_depth = middle();
  r.middle_change_last_hour = std::abs(r.middle_depth - middle_before) / r.middle_depth;
  r.outlet_depth = b->depth_at(g.index(nx - 1, 1));
  r.outflow_rate = out / 3600.0;
  r.inflow_rate = injected / 3600.0;
  return r;
}

TEST(NormalDepth, FreeOutflowChannel) {
  // Tolerances: middle depth within 1 % of h_n = 0.9689 m; outflow equals inflow within 0.5 %.
  const ChannelResult r = run_channel(EdgeKind::free);
  report("normal_free.middle_depth_m", r.middle_depth);
  report("normal_free.middle_depth_relative_error", r.middle_depth / normal_depth - 1.0);
  report("normal_free.outlet_depth_m", r.outlet_depth);
  report("normal_free.outflow_over_inflow_minus_1", r.outflow_rate / r.inflow_rate - 1.0);
  EXPECT_NEAR(r.inflow_rate, chan_q * 3.0 * chan_dx, 1e-6 * chan_q * 30.0);  // the line injects q·W
  EXPECT_LT(r.middle_change_last_hour, 1e-4);                                 // steady
  EXPECT_NEAR(r.outflow_rate, r.inflow_rate, 5e-3 * r.inflow_rate);
  EXPECT_NEAR(r.middle_depth, normal_depth, 0.01 * normal_depth) << "outlet depth " << r.outlet_depth << " m";
}

TEST(NormalDepth, OutletHeldAtNormalDepth) {
  // The same channel with the downstream level held at the normal-depth level (EdgeKind::level):
  // isolates friction, bed slope and the inflow line from the outflow boundary. Tolerances:
  // middle depth within 1 % of h_n; outflow equals inflow within 0.5 %.
  const ChannelResult r = run_channel(EdgeKind::level);
  report("normal_level.middle_depth_m", r.middle_depth);
  report("normal_level.middle_depth_relative_error", r.middle_depth / normal_depth - 1.0);
  report("normal_level.outflow_over_inflow_minus_1", r.outflow_rate / r.inflow_rate - 1.0);
  EXPECT_LT(r.middle_change_last_hour, 1e-4);
  EXPECT_NEAR(r.middle_depth, normal_depth, 0.01 * normal_depth);
  EXPECT_NEAR(r.outflow_rate, r.inflow_rate, 5e-3 * r.inflow_rate);
}

// ---------------------------------------------------------------------------------------------
// 6. Point inflows into a dry closed box: 200 m × 200 m, 5 m cells, flat bed, n = 0.03, 30 min.
// Twenty inflows with different piecewise-linear hydrographs (rising, falling, starting late,
// ending early; two share a cell).

struct InflowCase {
  std::vector<InflowParams> inflows;
  std::vector<double> exact_volume;  // ∫Q dt over the run, exact for piecewise-linear series [m³]
  std::vector<double> peak;          // [m³/s]
};

double integral_piecewise_linear(const TimeSeries& s, double t_end) {
  // Exact: trapezoids between samples, the held values before the first and after the last.
  const auto& t = s.times();
  const auto& v = s.values();
  double sum = std::max(0.0, std::min(t.front(), t_end)) * v.front();
  for (std::size_t k = 0; k + 1 < t.size() && t[k] < t_end; ++k) {
    const double b = std::min(t[k + 1], t_end);
    sum += 0.5 * (v[k] + s.at(b)) * (b - t[k]);
  }
  if (t_end > t.back()) sum += (t_end - t.back()) * v.back();
  return sum;
}

InflowCase twenty_inflows(double duration) {
  InflowCase c;
  for (int k = 0; k < 20; ++k) {
    InflowParams in;
    in.name = "inflow_" + std::to_string(k);
    const int kk = k == 19 ? 0 : k;  // inflow 19 shares inflow 0's cell
    in.points = {{17.5 + 40.0 * (kk % 5) + 0.3 * kk, 12.5 + 45.0 * (kk / 5) + 0.2 * kk}};
    const double peak = 0.4 + 0.13 * k;
    const double t0 = 37.0 * k;           // starts later for larger k
    const double t1 = t0 + 113.0 + 7.3 * k;  // rises to the peak
    const double t2 = t1 + 301.7;         // falls to half
    const double t3 = k % 3 == 0 ? t2 + 450.0 : duration + 500.0;  // some end inside the run
    in.discharge = TimeSeries({t0, t1, t2, t3}, {0.0, peak, 0.5 * peak, k % 3 == 0 ? 0.0 : 0.2 * peak});
    c.exact_volume.push_back(integral_piecewise_linear(in.discharge, duration));
    c.peak.push_back(peak);
    c.inflows.push_back(std::move(in));
  }
  return c;
}

void run_inflow_box(Precision precision, double balance_tolerance, const char* tag) {
  SweSetup s = test::make_setup(40, 40, 5.0, 5.0);
  for (auto& n : s.manning) n = 0.03;
  const double duration = 1800.0;
  const InflowCase c = twenty_inflows(duration);
  RunSettings rs;
  rs.duration_s = duration;
  rs.max_dt_s = 30.0;
  Simulation sim(test::backend_under_test(s, precision), rs, closed_edges(), {}, c.inflows, s.active);
  const SimulationResult r = sim.run();
  const VolumeBalance& v = r.volume;
  report(std::string(tag) + ".volume_relative_error", v.relative_error());
  report(std::string(tag) + ".injected_m3", v.injected);
  EXPECT_EQ(v.initial, 0.0);
  EXPECT_EQ(v.outflow, 0.0);  // closed box
  // Tolerance: stored = initial + injected to `balance_tolerance` relative.
  EXPECT_LE(v.relative_error(), balance_tolerance);
  EXPECT_NEAR(v.stored, v.injected, balance_tolerance * v.injected);
  // Each inflow accounted for: per-inflow volumes sum to the injected total (1e-12), and each is
  // within one step's inflow (peak·max_dt) of its analytic ∫Q dt.
  ASSERT_EQ(r.inflows.size(), 20u);
  double sum = 0.0, worst_rel = 0.0;
  for (std::size_t k = 0; k < 20; ++k) {
    const double applied = r.inflows[k].volume.back();
    sum += applied;
    EXPECT_NEAR(applied, c.exact_volume[k], c.peak[k] * rs.max_dt_s) << c.inflows[k].name;
    worst_rel = std::max(worst_rel, std::abs(applied - c.exact_volume[k]) / c.exact_volume[k]);
    EXPECT_EQ(r.inflows[k].time_s.back(), duration);
  }
  report(std::string(tag) + ".worst_inflow_vs_integral_relative", worst_rel);
  EXPECT_NEAR(sum, v.injected, 1e-12 * v.injected);
}

TEST(PointInflow, DryClosedBoxDouble) {
  // Tolerance: VolumeBalance relative error ≤ 1e-12 (double).
  run_inflow_box(Precision::double_precision, 1e-12, "inflow_box_double");
}

TEST(PointInflow, DryClosedBoxSingle) {
  // Single precision: the injected volume is booked exactly as the float depth changed, but the
  // float flux updates round: balance to 1e-5 relative.
  run_inflow_box(Precision::single_precision, 1e-5, "inflow_box_single");
}

// ---------------------------------------------------------------------------------------------
// 7. Output times: snapshots at multiples of the interval and at the end, exactly.

SimulationResult sloshing_run(double duration, double snapshot_interval) {
  // 200 m × 200 m closed box, a 2 m deep square of water in one corner: CFL-limited steps of
  // irregular length all the way through.
  SweSetup s = test::make_setup(20, 20, 10.0, 10.0);
  for (int j = 0; j < 6; ++j)
    for (int i = 0; i < 6; ++i) s.depth[s.geometry.index(i, j)] = 2.0;
  RunSettings rs;
  rs.duration_s = duration;
  rs.snapshot_interval_s = snapshot_interval;
  InflowParams in;  // a trickle, so that the series (every 60 s) are recorded too
  in.name = "trickle";
  in.points = {{105.0, 105.0}};
  in.discharge = TimeSeries::constant(0.01);
  Simulation sim(test::backend_under_test(s, Precision::double_precision), rs, closed_edges(), {}, {in}, s.active);
  return sim.run();
}

TEST(OutputTimes, SnapshotsLandExactlyOnTheSchedule) {
  // snapshot_interval 600 s, duration 3700 s → 0, 600, …, 3600, 3700, compared with == .
  const SimulationResult r = sloshing_run(3700.0, 600.0);
  std::vector<double> times;
  for (const auto& snap : r.snapshots) times.push_back(snap.time_s);
  const std::vector<double> expected{0.0, 600.0, 1200.0, 1800.0, 2400.0, 3000.0, 3600.0, 3700.0};
  EXPECT_EQ(times, expected);
  EXPECT_EQ(r.end_time_s, 3700.0);
  EXPECT_GT(r.steps, 200);  // CFL-limited steps (not 60 s ones): landing needs shortening
  // Series every 60 s, exactly, plus the end.
  const auto& ts = r.inflows.at(0).time_s;
  ASSERT_EQ(ts.size(), 63u);  // 0, 60, …, 3660, 3700
  for (std::size_t k = 0; k + 1 < ts.size(); ++k) EXPECT_EQ(ts[k], 60.0 * static_cast<double>(k));
  EXPECT_EQ(ts.back(), 3700.0);
}

TEST(OutputTimes, IntervalNotExactInBinary) {
  // 0.1 s is not representable: snapshots at k·0.1 within 1e-9 s, one per multiple, plus the end.
  const SimulationResult r = sloshing_run(1.05, 0.1);
  ASSERT_EQ(r.snapshots.size(), 12u);  // 0, 0.1, …, 1.0, 1.05
  for (std::size_t k = 0; k + 1 < r.snapshots.size(); ++k)
    EXPECT_NEAR(r.snapshots[k].time_s, 0.1 * static_cast<double>(k), 1e-9) << k;
  EXPECT_EQ(r.snapshots.back().time_s, 1.05);
}

// ---------------------------------------------------------------------------------------------
// 8. A breach into an empty closed basin: 200 m × 200 m, 10 m cells, flat bed at 0, n = 0.03.
// The breach cuts the dike cell (0, 10) on the west edge (bed +3 m) down to a crest of 0.5 m in
// 10 min; the outside level is 2.5 m throughout. Verheij–van der Knaap growth from 5 m. Run 4 h
// (measured: the last widening at 4080 s, levels within 1 cm from 4320 s on).

struct BreachRun {
  SimulationResult result;
  double basin_area = 0.0;
};

BreachRun breach_basin(double max_width, double duration) {
  SweSetup s = test::make_setup(20, 20, 10.0, 10.0);
  for (auto& n : s.manning) n = 0.03;
  const std::size_t cell = s.geometry.index(0, 10);
  s.bed[cell] = 3.0;
  BreachParams p;
  p.name = "west";
  p.start_s = 0.0;
  p.initial_width = 5.0;
  p.max_width = max_width;
  p.min_crest = 0.5;
  p.lowering_duration_s = 600.0;
  p.outside_level = TimeSeries::constant(2.5);
  RunSettings rs;
  rs.duration_s = duration;
  std::vector<Breach> breaches{Breach(p, cell, s.bed[cell])};
  Simulation sim(test::backend_under_test(s, Precision::double_precision), rs, closed_edges(), breaches, {}, s.active);
  return {sim.run(), s.geometry.cell_area() * static_cast<double>(s.geometry.cell_count())};
}

TEST(BreachBasin, VolumeEqualsAppliedDischargeAndGrowthStopsAtEqualLevels) {
  // Tolerances: stored − initial = Σ applied breach volume to 1e-9 relative; the inside level ends
  // within 0.01 m of the outside level; no widening once the head difference is below
  // u_c²/(2g) (submerged flow then runs at √(2g·Δh) ≤ u_c, so the law stops growth; series
  // sampled every 60 s); the width is the same over the last 2 h and below max_width (so
  // equalisation, not the cap, stopped it).
  const BreachRun run = breach_basin(200.0, 4 * 3600.0);
  const SimulationResult& r = run.result;
  ASSERT_EQ(r.breaches.size(), 1u);
  const Breach& b = r.breaches[0];
  const BreachSeries& s = b.series();
  const double applied = b.cumulative_volume();
  const double stored = r.volume.stored - r.volume.initial;
  report("breach_basin.volume_relative_error", std::abs(stored - applied) / applied);
  report("breach_basin.final_width_m", b.width());
  report("breach_basin.final_level_gap_m", s.outside_level.back() - s.inside_level.back());
  EXPECT_EQ(r.volume.initial, 0.0);
  EXPECT_NEAR(stored, applied, 1e-9 * applied);
  EXPECT_NEAR(r.volume.injected, applied, 1e-12 * applied);
  EXPECT_LE(r.volume.relative_error(), 1e-9);
  EXPECT_GT(applied, 0.9 * 2.5 * run.basin_area);  // the basin did fill
  EXPECT_NEAR(s.inside_level.back(), 2.5, 0.01);
  // Width never decreases, never exceeds the maximum, and stops growing.
  for (std::size_t k = 1; k < s.width.size(); ++k) ASSERT_GE(s.width[k], s.width[k - 1]);
  EXPECT_GT(b.width(), 5.0);
  EXPECT_LT(b.width(), 200.0);
  double last_growth_s = 0.0, levels_met_s = -1.0;
  for (std::size_t k = 1; k < s.width.size(); ++k) {
    if (s.width[k] > s.width[k - 1]) last_growth_s = s.time_s[k];
    const double uc = b.params().law.critical_velocity;
    if (std::abs(s.outside_level[k] - s.inside_level[k]) >= uc * uc / (2.0 * 9.80665)) levels_met_s = s.time_s[k];
  }
  report("breach_basin.last_widening_s", last_growth_s);
  report("breach_basin.head_below_uc2_over_2g_after_s", levels_met_s);
  EXPECT_LE(last_growth_s, levels_met_s + 60.0);
  std::size_t two_hours_before_end = 0;
  while (s.time_s[two_hours_before_end] < s.time_s.back() - 7200.0) ++two_hours_before_end;
  EXPECT_EQ(s.width[two_hours_before_end], b.width());
}

TEST(BreachBasin, WidthIsCappedAtTheMaximum) {
  // A small maximum (8 m) is reached and never exceeded (exact comparison).
  const BreachRun run = breach_basin(8.0, 3 * 3600.0);
  const Breach& b = run.result.breaches.at(0);
  for (double w : b.series().width) ASSERT_LE(w, 8.0);
  EXPECT_EQ(b.width(), 8.0);
  const double applied = b.cumulative_volume();
  EXPECT_NEAR(run.result.volume.stored - run.result.volume.initial, applied, 1e-9 * applied);
}

}  // namespace
}  // namespace polder
