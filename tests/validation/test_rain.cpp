// Rain and losses (issue "Shallow-water core", sources): exact volumes on simple cases.
#include <gtest/gtest.h>

#include <cmath>

#include "../backend_under_test.hpp"
#include "polder/solver/simulation.hpp"

namespace {

polder::SweSetup flat_box(int nx, int ny, double bed) {
  polder::SweSetup s;
  s.geometry = polder::GridGeometry{nx, ny, 0.0, 0.0, 20.0, 20.0, ""};
  const std::size_t n = s.geometry.cell_count();
  s.bed.assign(n, bed);
  s.active.assign(n, 1);
  s.manning.assign(n, 0.03);
  s.depth.assign(n, 0.0);
  return s;
}

}  // namespace

TEST(Rain, UniformRainOnAFlatClosedBoxGivesTheRainDepthEverywhere) {
  const auto setup = flat_box(20, 10, 1.5);
  polder::RunSettings run;
  run.duration_s = 7200.0;
  polder::Simulation sim(polder::test::backend_under_test(setup, polder::Precision::double_precision), run, {}, {}, {}, setup.active);
  polder::RainParams rain;
  rain.rate_m_per_s = polder::TimeSeries::constant(36e-3 / 3600.0);  // 36 mm/h
  rain.start_s = 1800.0;
  rain.end_s = 5400.0;  // one hour of rain
  sim.set_rain(rain);
  const auto r = sim.run();
  // 36 mm over 20 × 10 cells of 400 m²: exact to round-off (1e-12 relative).
  const double expected = 0.036 * 200 * 400.0;
  EXPECT_NEAR(r.volume.injected, expected, 1e-12 * expected);
  EXPECT_LE(r.volume.relative_error(), 1e-12);
  for (double d : r.maps.max_depth) EXPECT_NEAR(d, 0.036, 1e-12);
  // Nothing moves on a flat bed under uniform rain: arrival of 0.02 m at 20/36 of the hour.
  const int expected_minute = int(std::ceil((1800.0 + 3600.0 * 0.02 / 0.036) / 60.0));
  for (int a : r.maps.arrival_minute) EXPECT_NEAR(a, expected_minute, 1);
}

TEST(Rain, LossesNeverTakeMoreThanACellHolds) {
  auto setup = flat_box(10, 10, 0.0);
  for (std::size_t k = 0; k < 50; ++k) setup.depth[k] = 0.01;  // half the box holds 1 cm
  polder::RunSettings run;
  run.duration_s = 3600.0;
  polder::Simulation sim(polder::test::backend_under_test(setup, polder::Precision::double_precision), run, {}, {}, {}, setup.active);
  polder::RainParams losses;
  losses.loss_m_per_s = 0.05 / 3600.0;  // 5 cm/h: far more than is there
  sim.set_rain(losses);
  const auto r = sim.run();
  EXPECT_NEAR(r.volume.stored, 0.0, 1e-12);
  EXPECT_NEAR(r.volume.injected, -0.01 * 50 * 400.0, 1e-9);  // exactly what was there, no more
  EXPECT_LE(r.volume.relative_error(), 1e-12);
}

TEST(Rain, PatternScalesTheIntensityPerCell) {
  const auto setup = flat_box(4, 1, 0.0);
  polder::RunSettings run;
  run.duration_s = 60.0;
  run.max_dt_s = 60.0;
  auto backend = polder::test::backend_under_test(setup, polder::Precision::double_precision);
  polder::Simulation sim(std::move(backend), run, {}, {}, {}, setup.active);
  polder::RainParams rain;
  rain.rate_m_per_s = polder::TimeSeries::constant(1e-5);
  rain.pattern = {0.0, 1.0, 2.0, 3.0};
  sim.set_rain(rain);
  const auto r = sim.run();
  // One step of 60 s before anything can move: depth = factor × 1e-5 m/s × 60 s.
  EXPECT_NEAR(r.volume.injected, 6e-4 * 6.0 * 400.0, 1e-12);
  EXPECT_NEAR(r.maps.max_depth[3], 1.8e-3, 1e-12);
}
