// Domain decomposition: the layout arithmetic, and a scenario run on N ranks against the same
// scenario run on one backend over the whole grid. Run under `mpirun -n N` (ctest does, for
// N = 1, 2, 3, 4, 6); every rank runs the distributed case, the root also runs the reference.
//
// Tolerances: maps, snapshots and breach series bit for bit (the requirement: the halo
// holds exact neighbour state and the step comes from exact maxima); volumes to 1e-12 relative
// (sums in a different order).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <set>

#include "polder/parallel/block_decomposition.hpp"
#include "polder/parallel/comm.hpp"
#include "polder/solver/distributed_backend.hpp"
#include "polder/solver/simulation.hpp"

namespace polder {
namespace {

using parallel::block_of;
using parallel::BlockLayout;
using parallel::choose_layout;
using parallel::DecompositionError;

TEST(BlockLayout, PrefersTheShortestCut) {
  EXPECT_EQ(choose_layout(6, 600, 10).px, 6);   // a long strip: cut across it
  EXPECT_EQ(choose_layout(6, 10, 600).py, 6);
  const BlockLayout square = choose_layout(4, 100, 100);
  EXPECT_EQ(square.px, 2);
  EXPECT_EQ(square.py, 2);
  EXPECT_EQ(choose_layout(1, 1, 1).px, 1);
}

TEST(BlockLayout, RefusesBlocksThinnerThanTheHalo) {
  EXPECT_THROW((void)choose_layout(4, 3, 3), DecompositionError);
  EXPECT_NO_THROW((void)choose_layout(2, 4, 1));  // 2 x 1 blocks of 2 x 1 cells: a split along x only
}

TEST(BlockLayout, BlocksCoverTheGridOnceWithConsistentNeighbours) {
  for (int ranks : {1, 2, 3, 4, 5, 6, 7, 12}) {
    const int nx = 37, ny = 23;
    const BlockLayout l = choose_layout(ranks, nx, ny);
    std::vector<int> owner(std::size_t(nx * ny), -1);
    for (int r = 0; r < ranks; ++r) {
      const auto b = block_of(r, l, nx, ny);
      EXPECT_GE(b.width(), parallel::min_block_cells > nx ? 1 : std::min(nx, parallel::min_block_cells));
      for (int j = b.j0; j <= b.j1; ++j)
        for (int i = b.i0; i <= b.i1; ++i) {
          EXPECT_EQ(owner[std::size_t(j * nx + i)], -1);
          owner[std::size_t(j * nx + i)] = r;
        }
      if (b.east >= 0) {
        const auto e = block_of(b.east, l, nx, ny);
        EXPECT_EQ(e.i0, b.i1 + 1);
        EXPECT_EQ(e.j0, b.j0);
        EXPECT_EQ(e.west, r);
      }
      if (b.north >= 0) {
        const auto n = block_of(b.north, l, nx, ny);
        EXPECT_EQ(n.j0, b.j1 + 1);
        EXPECT_EQ(n.south, r);
      }
    }
    for (int o : owner) EXPECT_GE(o, 0);
  }
}

// A 37 x 23 grid of 10 m cells with every feature that crosses block boundaries: a dam-break
// column, a nodata island, a sloping rough bed, a breach on the north edge, a point inflow, a
// free west edge, a level on the south edge, patterned rain with losses, snapshots, gauges.
struct Case {
  SweSetup setup;
  RunSettings settings;
  std::array<EdgeBoundary, 4> edges;
  std::vector<Breach> breaches;
  std::vector<InflowParams> inflows;
  RainParams rain;
};

Case make_case() {
  Case c;
  SweSetup& s = c.setup;
  s.geometry.nx = 37;
  s.geometry.ny = 23;
  s.geometry.dx = 10.0;
  s.geometry.dy = 10.0;
  const std::size_t n = s.geometry.cell_count();
  s.bed.resize(n);
  s.active.assign(n, 1);
  s.manning.assign(n, 0.03);
  s.depth.assign(n, 0.0);
  s.thresholds = {0.02, 0.3};
  for (int j = 0; j < s.geometry.ny; ++j)
    for (int i = 0; i < s.geometry.nx; ++i) {
      const std::size_t k = s.geometry.index(i, j);
      s.bed[k] = 0.01 * i + 0.2 * std::sin(0.7 * i) * std::cos(0.5 * j);
      if (i >= 5 && i <= 9 && j >= 3 && j <= 19) s.depth[k] = 1.5;  // dam-break column
      if (i >= 20 && i <= 23 && j >= 9 && j <= 12) s.active[k] = 0; // nodata island
    }
  c.settings.duration_s = 1200.0;
  c.settings.snapshot_interval_s = 300.0;
  c.settings.rise_interval_s = 300.0;
  c.settings.series_interval_s = 60.0;
  c.settings.max_dt_s = 10.0;
  c.edges[0].kind = EdgeKind::free;
  c.edges[2].kind = EdgeKind::level;
  c.edges[2].level = TimeSeries({0.0, 1200.0}, {-0.5, 0.4});
  BreachParams b;
  b.name = "north";
  b.initial_width = 5.0;
  b.max_width = 30.0;
  b.lowering_duration_s = 300.0;
  b.min_crest = -0.2;
  b.outside_level = TimeSeries({0.0, 1200.0}, {1.5, 1.2});
  const std::size_t breach_cell = s.geometry.index(28, s.geometry.ny - 1);
  c.breaches.emplace_back(b, breach_cell, s.bed[breach_cell]);
  InflowParams in;
  in.name = "pump";
  in.points = {{s.geometry.x_center(30), s.geometry.y_center(4)}};
  in.discharge = TimeSeries({0.0, 600.0, 1200.0}, {2.0, 6.0, 0.0});
  c.inflows.push_back(in);
  c.rain.rate_m_per_s = TimeSeries({0.0, 1200.0}, {2e-5, 0.0});
  c.rain.loss_m_per_s = 1e-6;
  c.rain.pattern.resize(n);
  for (std::size_t k = 0; k < n; ++k) c.rain.pattern[k] = 0.5 + double(k % 7) / 6.0;
  return c;
}

SimulationResult run_case(std::unique_ptr<SweBackend> backend, const Case& c) {
  Simulation sim(std::move(backend), c.settings, c.edges, c.breaches, c.inflows, c.setup.active);
  sim.set_rain(c.rain);
  sim.add_gauge("middle", c.setup.geometry.index(18, 11));
  return sim.run({});
}

template <class T>
bool bitwise_equal(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

void expect_relative(double a, double b, double tol, const char* what) {
  EXPECT_LE(std::abs(a - b), tol * std::max({std::abs(a), std::abs(b), 1e-300})) << what << ": " << a << " vs " << b;
}

class Decomposed : public ::testing::TestWithParam<Precision> {};

TEST_P(Decomposed, EqualsTheOneBackendRunBitForBit) {
  const Case c = make_case();
  const SimulationResult dist = run_case(make_distributed_backend(BackendKind::cpu, c.setup, GetParam()), c);
  if (!parallel::is_root()) return;
  const SimulationResult ref = run_case(make_cpu_backend(c.setup, GetParam()), c);

  ASSERT_EQ(dist.steps, ref.steps);
  EXPECT_TRUE(bitwise_equal(dist.maps.arrival_minute, ref.maps.arrival_minute));
  EXPECT_TRUE(bitwise_equal(dist.maps.max_depth, ref.maps.max_depth));
  EXPECT_TRUE(bitwise_equal(dist.maps.time_of_max_depth_min, ref.maps.time_of_max_depth_min));
  EXPECT_TRUE(bitwise_equal(dist.maps.max_speed, ref.maps.max_speed));
  EXPECT_TRUE(bitwise_equal(dist.maps.max_rise_rate, ref.maps.max_rise_rate));
  ASSERT_EQ(dist.snapshots.size(), ref.snapshots.size());
  for (std::size_t s = 0; s < ref.snapshots.size(); ++s) {
    EXPECT_EQ(dist.snapshots[s].time_s, ref.snapshots[s].time_s);
    EXPECT_TRUE(bitwise_equal(dist.snapshots[s].depth, ref.snapshots[s].depth)) << "snapshot " << s;
    EXPECT_TRUE(bitwise_equal(dist.snapshots[s].velocity_x, ref.snapshots[s].velocity_x)) << "snapshot " << s;
    EXPECT_TRUE(bitwise_equal(dist.snapshots[s].velocity_y, ref.snapshots[s].velocity_y)) << "snapshot " << s;
  }
  ASSERT_EQ(dist.breaches.size(), 1u);
  EXPECT_TRUE(bitwise_equal(dist.breaches[0].series().discharge, ref.breaches[0].series().discharge));
  EXPECT_TRUE(bitwise_equal(dist.breaches[0].series().width, ref.breaches[0].series().width));
  EXPECT_TRUE(bitwise_equal(dist.gauges[0].depth, ref.gauges[0].depth));
  expect_relative(dist.volume.initial, ref.volume.initial, 1e-12, "initial volume");
  expect_relative(dist.volume.stored, ref.volume.stored, 1e-12, "stored volume");
  expect_relative(dist.volume.injected, ref.volume.injected, 1e-12, "injected volume");
  expect_relative(dist.volume.outflow, ref.volume.outflow, 1e-12, "outflow volume");
  // Depths stored in float carry ~1e-7 relative round-off per update; double keeps 1e-12.
  EXPECT_LT(dist.volume.relative_error(), GetParam() == Precision::double_precision ? 1e-12 : 1e-6);
  // The case must exercise what it claims to: water reached the far side and left the grid.
  EXPECT_GT(ref.volume.outflow, 0.0);
  EXPECT_GT(ref.breaches[0].cumulative_volume(), 0.0);
}

INSTANTIATE_TEST_SUITE_P(Precisions, Decomposed,
                         ::testing::Values(Precision::double_precision, Precision::single_precision),
                         [](const auto& p) { return p.param == Precision::double_precision ? "double" : "single"; });

TEST(Decomposed, ATooSmallGridIsRefusedOnEveryRank) {
  if (parallel::size() < 2) GTEST_SKIP() << "needs 2 or more ranks";
  SweSetup s;
  s.geometry.nx = 3;
  s.geometry.ny = 1;
  s.bed.assign(3, 0.0);
  s.active.assign(3, 1);
  s.manning.assign(3, 0.0);
  s.depth.assign(3, 0.0);
  EXPECT_THROW((void)make_distributed_backend(BackendKind::cpu, s, Precision::double_precision), DecompositionError);
}

}  // namespace
}  // namespace polder

int main(int argc, char** argv) {
  polder::parallel::Session session(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  // One report, from the root; the other ranks' failures still fail their exit code (and mpirun's).
  if (!polder::parallel::is_root()) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  return RUN_ALL_TESTS();
}
