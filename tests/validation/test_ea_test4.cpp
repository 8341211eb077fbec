// UK Environment Agency 2D benchmark Test 4 (Néelz & Pender 2013), set up as the LISFLOOD-FP 8.0
// package's ea4.bci says: 20 m inflow line on the west edge (y 990-1010 m, ea4.bdy in m²/s), the
// rest of the west edge closed, east, south and north edges free; flat bed, Manning 0.05, 5 h.
// Compared with the LISFLOOD-FP 8.0 DG2 reference at 5 m (tests/data/ea-test4, CC-BY-4.0).
//
// Asserted (issue "Shallow-water core"): at each of the six gauges the peak depth within 10 % of
// the reference and the arrival (first sample with depth ≥ 0.02 m, 60 s sampling like the
// reference) within 5 minutes. RMSE and differences are printed for docs/numerics.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "../backend_under_test.hpp"
#include "polder/solver/simulation.hpp"

namespace {

const std::string data = std::string(POLDER_TEST_DATA) + "/ea-test4/";

// ea4.bdy: after the name and a "N seconds" line, rows of (value, time).
polder::TimeSeries read_bdy(const std::string& file) {
  std::ifstream f(file);
  std::string line;
  std::getline(f, line);  // comment
  std::getline(f, line);  // name
  std::getline(f, line);  // "5 seconds"
  std::vector<double> t, v;
  double value = 0, time = 0;
  while (f >> value >> time) {
    t.push_back(time);
    v.push_back(value);
  }
  return polder::TimeSeries(t, v);
}

struct Reference {
  std::vector<double> time;
  std::vector<std::array<double, 6>> depth;
};

Reference read_reference(const std::string& file) {
  std::ifstream f(file);
  std::string line;
  Reference r;
  while (std::getline(f, line))
    if (line.rfind("Time;", 0) == 0) break;
  while (std::getline(f, line)) {
    std::istringstream s(line);
    double t;
    std::array<double, 6> d{};
    if (!(s >> t)) continue;
    for (auto& x : d) s >> x;
    r.time.push_back(t);
    r.depth.push_back(d);
  }
  return r;
}

double first_time_at_or_above(const std::vector<double>& t, const std::vector<double>& d, double threshold) {
  for (std::size_t k = 0; k < t.size(); ++k)
    if (d[k] >= threshold) return t[k];
  return INFINITY;
}

}  // namespace

TEST(EaTest4, GaugeDepthsMatchTheLisfloodDg2Reference) {
  const double cell = 5.0;
  polder::SweSetup s;
  s.geometry = polder::GridGeometry{200, 400, 0.0, 0.0, cell, cell, ""};
  const std::size_t n = s.geometry.cell_count();
  s.bed.assign(n, 0.0);
  s.active.assign(n, 1);
  s.manning.assign(n, 0.05);
  s.depth.assign(n, 0.0);
  auto backend = polder::test::backend_under_test(s, polder::Precision::double_precision);

  polder::RunSettings run;
  run.duration_s = 18000.0;
  run.series_interval_s = 60.0;
  std::array<polder::EdgeBoundary, 4> edges{};
  edges[1].kind = polder::EdgeKind::free;  // east
  edges[2].kind = polder::EdgeKind::free;  // south
  edges[3].kind = polder::EdgeKind::free;  // north
  polder::InflowParams inflow{"test4", {{0.0, 990.0}, {0.0, 1010.0}}, read_bdy(data + "ea4.bdy"),
                              polder::DischargeUnit::per_metre_m2_per_s};
  polder::Simulation sim(std::move(backend), run, edges, {}, {inflow}, s.active);
  const double gauges[6][2] = {{50, 1000}, {100, 1000}, {200, 1000}, {300, 1000}, {400, 1000}, {300, 1300}};
  for (int g = 0; g < 6; ++g) {
    const auto c = s.geometry.cell_at(gauges[g][0], gauges[g][1]);
    sim.add_gauge("gauge" + std::to_string(g + 1), s.geometry.index(c->i, c->j));
  }
  const polder::SimulationResult r = sim.run();
  const Reference ref = read_reference(data + "reference/ea4-5m-dg2.stage");
  ASSERT_GT(ref.time.size(), 250u);

  // Mass: the inflow hydrograph integrates to 20 m × (0.5·3300 + 10800 + 0.5·3600) m²/s·s.
  const double expected_volume = 20.0 * (0.5 * 3300.0 + 10800.0 + 0.5 * 3600.0);
  EXPECT_NEAR(r.volume.injected, expected_volume, 1e-6 * expected_volume);
  EXPECT_LE(r.volume.relative_error(), 1e-12);

  for (int g = 0; g < 6; ++g) {
    const auto& rec = r.gauges[std::size_t(g)];
    std::vector<double> ref_depth(ref.time.size());
    for (std::size_t k = 0; k < ref.time.size(); ++k) ref_depth[k] = ref.depth[k][std::size_t(g)];
    // Our depth at the reference's sample times (linear between our 60 s records).
    polder::TimeSeries ours(rec.time_s, rec.depth);
    double sq = 0.0;
    for (std::size_t k = 0; k < ref.time.size(); ++k) sq += std::pow(ours.at(ref.time[k]) - ref_depth[k], 2);
    const double rmse = std::sqrt(sq / double(ref.time.size()));
    const double peak = *std::max_element(rec.depth.begin(), rec.depth.end());
    const double ref_peak = *std::max_element(ref_depth.begin(), ref_depth.end());
    const double arrival = first_time_at_or_above(rec.time_s, rec.depth, 0.02);
    const double ref_arrival = first_time_at_or_above(ref.time, ref_depth, 0.02);
    std::printf("EA test 4 gauge %d: RMSE %.4f m, peak %.4f vs %.4f m (%+.1f %%), arrival %.0f vs %.0f s (%+.1f min)\n", g + 1,
                rmse, peak, ref_peak, 100.0 * (peak - ref_peak) / ref_peak, arrival, ref_arrival, (arrival - ref_arrival) / 60.0);
    EXPECT_NEAR(peak, ref_peak, 0.10 * ref_peak) << "gauge " << g + 1;
    EXPECT_NEAR(arrival, ref_arrival, 300.0) << "gauge " << g + 1;
  }
}
