// Unit tests of the solver's small parts: Breach, TimeSeries, inflow-line resolution, the volume
// balance definition, and snapping a point to the domain edge (grids/domain_edge.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "polder/grids/domain_edge.hpp"
#include "polder/kernels/swe_constants.hpp"
#include "polder/kernels/weir_k.hpp"
#include "polder/solver/breach.hpp"
#include "polder/solver/inflow.hpp"
#include "polder/solver/simulation.hpp"
#include "polder/solver/time_series.hpp"

namespace polder {
namespace {

constexpr double g = gravity;

// ---------------------------------------------------------------------------------------------
// TimeSeries

TEST(TimeSeries, InterpolatesLinearlyAndHoldsOutsideItsRange) {
  const TimeSeries s({0.0, 100.0, 300.0}, {1.0, 3.0, 2.0});
  EXPECT_EQ(s.at(-10.0), 1.0);   // first value before the first sample
  EXPECT_EQ(s.at(0.0), 1.0);
  EXPECT_EQ(s.at(50.0), 2.0);    // 1 + 0.5·2
  EXPECT_EQ(s.at(100.0), 3.0);
  EXPECT_EQ(s.at(200.0), 2.5);   // 3 + 0.5·(−1)
  EXPECT_NEAR(s.at(250.0), 2.25, 1e-15);
  EXPECT_EQ(s.at(300.0), 2.0);
  EXPECT_EQ(s.at(1e9), 2.0);     // held after the end
  EXPECT_EQ(s.end_time(), 300.0);
  EXPECT_EQ(TimeSeries::constant(4.25).at(-5.0), 4.25);
  EXPECT_EQ(TimeSeries::constant(4.25).at(1e6), 4.25);
  EXPECT_TRUE(TimeSeries().empty());
  EXPECT_EQ(TimeSeries().at(3.0), 0.0);
}

TEST(TimeSeries, RejectsBadInput) {
  EXPECT_THROW(TimeSeries({0.0, 0.0}, {1.0, 2.0}), std::invalid_argument);   // not increasing
  EXPECT_THROW(TimeSeries({0.0, -1.0}, {1.0, 2.0}), std::invalid_argument);  // decreasing
  EXPECT_THROW(TimeSeries({0.0, 1.0}, {1.0}), std::invalid_argument);        // sizes differ
  EXPECT_THROW(TimeSeries({}, {}), std::invalid_argument);                   // empty
  EXPECT_THROW(TimeSeries({0.0}, {std::nan("")}), std::invalid_argument);    // not finite
}

// ---------------------------------------------------------------------------------------------
// Breach

BreachParams lowering_params() {
  BreachParams p;
  p.name = "test";
  p.start_s = 600.0;
  p.initial_crest = 3.0;
  p.min_crest = 0.5;
  p.lowering_duration_s = 1800.0;
  p.initial_width = 10.0;
  p.max_width = 47.0;
  p.outside_level = TimeSeries::constant(4.0);
  return p;
}

TEST(Breach, CrestDropsLinearlyOverTheLoweringDuration) {
  // crest(t) = z0 + (z_min − z0)·(t − start)/T0 inside phase 1; z0 before, z_min after. 1e-12 m.
  const Breach b(lowering_params(), 0, 1.0);
  EXPECT_EQ(b.crest_at(0.0), 3.0);
  EXPECT_EQ(b.crest_at(600.0), 3.0);
  for (double t = 600.0; t <= 2400.0; t += 37.5) {
    const double expected = 3.0 + (0.5 - 3.0) * (t - 600.0) / 1800.0;
    EXPECT_NEAR(b.crest_at(t), expected, 1e-12) << "t=" << t;
  }
  EXPECT_NEAR(b.crest_at(1500.0), 1.75, 1e-12);
  EXPECT_EQ(b.crest_at(2400.0), 0.5);
  EXPECT_EQ(b.crest_at(1e6), 0.5);
}

TEST(Breach, BedFollowsTheCrestDownButIsNeverRaised) {
  // bed_at = min(original bed, crest). Original bed 1.0: the crest passes it at
  // t = 600 + (3 − 1)/2.5·1800 = 2040 s.
  const Breach b(lowering_params(), 0, 1.0);
  for (double t = 0.0; t <= 4000.0; t += 10.0) {
    ASSERT_LE(b.bed_at(t), 1.0) << "raised at t=" << t;
    ASSERT_EQ(b.bed_at(t), std::min(1.0, b.crest_at(t))) << "t=" << t;
  }
  EXPECT_EQ(b.bed_at(2000.0), 1.0);
  EXPECT_LT(b.bed_at(2100.0), 1.0);
  EXPECT_EQ(b.bed_at(3000.0), 0.5);
  // Default initial crest: the cell's own bed.
  BreachParams p = lowering_params();
  p.initial_crest.reset();
  const Breach d(p, 0, 2.0);
  EXPECT_EQ(d.crest_at(0.0), 2.0);
  EXPECT_NEAR(d.bed_at(1500.0), 2.0 + (0.5 - 2.0) * 0.5, 1e-12);
}

// Drives finish_step with 1 s steps and constant levels, feeding back the capped weir discharge
// as the applied volume (what Simulation does). Returns the width after each step.
std::vector<double> drive_breach(Breach& b, double inside_level, double t_end, double area = 1e6) {
  std::vector<double> widths;
  for (double t = 0.0; t < t_end; t += 1.0) {
    const double q = b.discharge(t, inside_level, 5.0, 1.0, area);
    EXPECT_TRUE(std::isfinite(q)) << "t=" << t;
    b.finish_step(t, 1.0, q * 1.0, inside_level);
    widths.push_back(b.width());
  }
  return widths;
}

TEST(Breach, WidthFollowsTheConstantHeadLawThenStopsAtTheMaximum) {
  // Outside 4.0, inside 0.0 below the crest 0.5: Δh = 3.5 m constant. Phase 2 starts at 2400 s.
  // Until the cap, B(t) = breach_width_constant_head(B0, Δh, τ = (t − 2400)/3600 h), relative 1e-6
  // with 1 s steps; the width never decreases and ends exactly at max_width.
  BreachParams p = lowering_params();
  Breach b(p, 0, 1.0);
  const std::vector<double> w = drive_breach(b, 0.0, 12 * 3600.0);
  double worst = 0.0;
  for (std::size_t s = 0; s < w.size(); ++s) {
    if (s > 0) {
      ASSERT_GE(w[s], w[s - 1]) << "width decreased at step " << s;
    }
    ASSERT_LE(w[s], p.max_width);
    const double t1 = static_cast<double>(s) + 1.0;
    if (t1 <= 2400.0) {
      ASSERT_EQ(w[s], p.initial_width) << "grew during crest lowering, t=" << t1;
    } else if (w[s] < p.max_width) {
      const double exact = breach_width_constant_head(p.law, p.initial_width, 3.5, (t1 - 2400.0) / 3600.0, g);
      worst = std::max(worst, std::abs(w[s] - exact) / exact);
    }
  }
  EXPECT_LT(worst, 1e-6);
  EXPECT_EQ(w.back(), p.max_width);
}

TEST(Breach, NoGrowthAndNoNanWhenTheFlowReverses) {
  // Inside 4.5 above outside 4.0: the weir flows out (negative), Δh < 0, the width stays.
  BreachParams p = lowering_params();
  Breach b(p, 0, 1.0);
  const double q = b.discharge(5000.0, 4.5, 4.0, 1.0, 100.0);
  EXPECT_LT(q, 0.0);
  EXPECT_TRUE(std::isfinite(q));
  const std::vector<double> w = drive_breach(b, 4.5, 8 * 3600.0);
  for (double x : w) {
    ASSERT_TRUE(std::isfinite(x));
    ASSERT_EQ(x, p.initial_width);
  }
  // Equal levels: no flow, no growth, no NaN (0/0 in the speed is guarded).
  Breach e(p, 0, 1.0);
  const std::vector<double> we = drive_breach(e, 4.0, 4 * 3600.0);
  EXPECT_EQ(we.back(), p.initial_width);
  EXPECT_EQ(e.discharge(5000.0, 4.0, 3.0, 1.0, 100.0), 0.0);
}

TEST(Breach, DischargeIsTheWeirCappedAtTheLevelItDrivesTowards) {
  BreachParams p = lowering_params();
  const Breach b(p, 0, 1.0);
  EXPECT_EQ(b.discharge(100.0, 0.0, 0.0, 1.0, 100.0), 0.0);  // not open yet
  // Phase 2, inside 1.0: free weir, head 3.5 over crest 0.5, width 10, large area: uncapped.
  const double free_q = broad_crested_weir(4.0, 1.0, 0.5, 10.0, g).discharge;
  EXPECT_EQ(b.discharge(3000.0, 1.0, 0.5, 1.0, 1e9), free_q);
  // Small cell: capped so that one step fills it to the outside level exactly: (4 − 1)·area/dt.
  EXPECT_DOUBLE_EQ(b.discharge(3000.0, 1.0, 0.5, 2.0, 4.0), 3.0 * 4.0 / 2.0);
  // Outflow from a nearly empty cell: never more than the cell holds.
  EXPECT_DOUBLE_EQ(b.discharge(3000.0, 6.0, 0.01, 1.0, 100.0), -0.01 * 100.0);
}

TEST(Breach, FixedWidthNeverGrows) {
  BreachParams p = lowering_params();
  p.growth = BreachGrowthModel::fixed_width;
  Breach b(p, 0, 1.0);
  EXPECT_EQ(drive_breach(b, 0.0, 6 * 3600.0).back(), p.initial_width);
}

// ---------------------------------------------------------------------------------------------
// Inflow lines and the volume balance

TEST(Inflow, LineAcrossAColumnGetsItsLengthPerCell) {
  // A line along x = 5 from y = 0 to y = 30 over 3 cells of 10 m: per-metre weights are the length
  // inside each cell (10 m, to the documented 1e-6 of the total); totals are shares summing to 1.
  GridGeometry geo;
  geo.nx = 4;
  geo.ny = 3;
  geo.dx = geo.dy = 10.0;
  const std::vector<std::uint8_t> active(12, 1);
  InflowParams in;
  in.name = "line";
  in.points = {{5.0, 0.0}, {5.0, 30.0}};
  in.discharge = TimeSeries::constant(1.0);
  in.unit = DischargeUnit::per_metre_m2_per_s;
  const auto cells = resolve_inflow_cells(geo, active, in);
  ASSERT_EQ(cells.size(), 3u);
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_EQ(cells[j].cell, geo.index(0, static_cast<int>(j)));
    EXPECT_NEAR(cells[j].weight, 10.0, 1e-6 * 30.0);
  }
  in.unit = DischargeUnit::total_m3_per_s;
  double sum = 0.0;
  for (const auto& c : resolve_inflow_cells(geo, active, in)) sum += c.weight;
  EXPECT_NEAR(sum, 1.0, 1e-12);
  in.points = {{5.0, 5.0}};
  EXPECT_EQ(resolve_inflow_cells(geo, active, in).size(), 1u);
  in.unit = DischargeUnit::per_metre_m2_per_s;
  EXPECT_THROW((void)resolve_inflow_cells(geo, active, in), std::invalid_argument);  // m²/s needs a line
}

TEST(VolumeBalance, RelativeErrorDefinition) {
  // |stored − initial − injected + outflow| / max(initial + injected, stored).
  VolumeBalance v{100.0, 50.0, 10.0, 140.0};
  EXPECT_EQ(v.relative_error(), 0.0);
  v.stored = 141.0;
  EXPECT_DOUBLE_EQ(v.relative_error(), 1.0 / 150.0);
  v = VolumeBalance{0.0, 0.0, 0.0, 0.0};
  EXPECT_EQ(v.relative_error(), 0.0);
}

// ---------------------------------------------------------------------------------------------
// snap_to_domain_edge

struct SnapGrid {
  GridGeometry geo;
  std::vector<std::uint8_t> active;
  SnapGrid() {
    geo.nx = 10;
    geo.ny = 8;
    geo.dx = geo.dy = 10.0;
    geo.x_min = 1000.0;
    geo.y_min = 2000.0;
    active.assign(geo.cell_count(), 1);
  }
};

TEST(SnapToDomainEdge, NearestEdgeCellAndItsDistance) {
  const SnapGrid s;
  // Near the west border: cell (0, 4), centre (1005, 2045), distance √(2² + 1²).
  auto r = snap_to_domain_edge(s.geo, s.active, 1003.0, 2046.0, 50.0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->cell, (CellIndex{0, 4}));
  EXPECT_NEAR(r->distance_m, std::sqrt(5.0), 1e-12);
  // Interior point: the interior cells are no candidates; nearest edge cell is (5, 7) on the
  // north row (centre 2075), distance √(3² + 33²) = 33.136.
  r = snap_to_domain_edge(s.geo, s.active, 1052.0, 2042.0, 40.0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->cell, (CellIndex{5, 7}));
  EXPECT_NEAR(r->distance_m, std::hypot(3.0, 33.0), 1e-12);
  // A point outside the grid snaps back onto it.
  r = snap_to_domain_edge(s.geo, s.active, 990.0, 2045.0, 20.0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->cell, (CellIndex{0, 4}));
  EXPECT_NEAR(r->distance_m, 15.0, 1e-12);
}

TEST(SnapToDomainEdge, NothingBeyondTheLimit) {
  const SnapGrid s;
  EXPECT_FALSE(snap_to_domain_edge(s.geo, s.active, 1052.0, 2042.0, 30.0));  // nearest is 33.1 m
  EXPECT_FALSE(snap_to_domain_edge(s.geo, s.active, 500.0, 500.0, 100.0));
  // Exactly at the limit counts (3-4-5 triangle from the centre of (0, 4)); just under does not.
  EXPECT_TRUE(snap_to_domain_edge(s.geo, s.active, 1008.0, 2049.0, 5.0));
  EXPECT_FALSE(snap_to_domain_edge(s.geo, s.active, 1008.0, 2049.0, 4.999));
}

TEST(SnapToDomainEdge, TieRuleNorthernRowThenWesternColumn) {
  // The implementation (domain_edge.cpp) reads "lower row" as a top-down raster row: among equally
  // near cells the northern one wins, then the western one.
  const SnapGrid s;
  // Between (0, 3) and (0, 4): 5 m from both.
  auto r = snap_to_domain_edge(s.geo, s.active, 1005.0, 2040.0, 20.0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->cell, (CellIndex{0, 4}));
  // Between (4, 0) and (5, 0).
  r = snap_to_domain_edge(s.geo, s.active, 1050.0, 2005.0, 20.0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->cell, (CellIndex{4, 0}));
}

TEST(SnapToDomainEdge, NodataHolesMakeEdgesAndAreNeverChosen) {
  SnapGrid s;
  s.active[s.geo.index(5, 4)] = 0;  // a nodata cell inside the grid
  EXPECT_TRUE(is_domain_edge(s.geo, s.active, 4, 4));
  EXPECT_FALSE(is_domain_edge(s.geo, s.active, 5, 4));
  EXPECT_FALSE(is_domain_edge(s.geo, s.active, 3, 4));
  auto r = snap_to_domain_edge(s.geo, s.active, 1045.0, 2045.0, 1.0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->cell, (CellIndex{4, 4}));
  EXPECT_EQ(r->distance_m, 0.0);
  // At the hole's centre its four neighbours are 10 m away: not the hole, the northern one.
  r = snap_to_domain_edge(s.geo, s.active, 1055.0, 2045.0, 10.0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->cell, (CellIndex{5, 5}));
  EXPECT_NEAR(r->distance_m, 10.0, 1e-12);
}

}  // namespace
}  // namespace polder
