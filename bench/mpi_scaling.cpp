// Strong scaling of one scenario over MPI ranks (issue "MPI"): run under `mpirun -n N`.
// Two cases on the same grid of N × N cells of 10 m:
//   flat-point  the flat-point benchmark's inflow in the centre cell of a dry domain: the wet
//               region is small and sits on few ranks, so it shows the dry-region imbalance;
//   wet         the whole domain under 1 m of water with a 0.5 m mound in the middle: every
//               cell works every step, the compute-bound case a cluster run approaches.
// The root prints per case: wall time, steps, cell-updates/s, the halo bytes a rank sends per
// step, the share of wall time in halo exchange and in the step reductions (which includes
// waiting for slower ranks), and the imbalance of wet cells (max / mean over ranks).
//
//   mpirun -n N polder_bench_mpi_scaling [--cells N] [--duration S] [--case flat-point|wet|both]
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <string>
#include <vector>

#include "polder/parallel/comm.hpp"
#include "polder/solver/distributed_backend.hpp"

namespace {

struct Options {
  int cells = 1000;
  double duration_s = 600.0;
  bool flat_point = true;
  bool wet = true;
};

polder::SweSetup make_case(int n, bool wet) {
  polder::SweSetup s;
  s.geometry = polder::GridGeometry{n, n, 0.0, 0.0, 10.0, 10.0, ""};
  const std::size_t count = s.geometry.cell_count();
  s.bed.resize(count);
  s.depth.assign(count, 0.0);
  const double centre = 5.0 * n;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const double x = s.geometry.x_center(i);
      const double y = s.geometry.y_center(j);
      const std::size_t k = s.geometry.index(i, j);
      s.bed[k] = 5.0 + 0.0002 * x + 0.3 * std::sin(2.0 * std::numbers::pi * x / 2000.0) * std::sin(2.0 * std::numbers::pi * y / 1500.0);
      if (wet) {
        const double r2 = ((x - centre) * (x - centre) + (y - centre) * (y - centre)) / (0.1 * centre * 0.1 * centre);
        s.depth[k] = std::max(0.0, 6.0 - s.bed[k]) + 1.0 + 0.5 * std::exp(-r2);
      }
    }
  s.active.assign(count, 1);
  s.manning.assign(count, 0.03);
  return s;
}

void run_case(const Options& o, bool wet) {
  const polder::SweSetup setup = make_case(o.cells, wet);
  auto backend = polder::make_distributed_backend(polder::BackendKind::cpu, setup, polder::Precision::double_precision);
  const std::size_t centre = setup.geometry.index(o.cells / 2, o.cells / 2);
  std::vector<polder::PointSource> sources;
  if (!wet) sources.push_back({centre, 500.0});
  double t = 0.0;
  long steps = 0;
  polder::parallel::barrier();
  const auto t0 = std::chrono::steady_clock::now();
  while (t < o.duration_s - 1e-9) {
    const double dt = std::min({backend->compute_fluxes(0.5), 60.0, o.duration_s - t});
    backend->apply_fluxes_and_track(dt, t + dt);
    if (!sources.empty()) backend->apply_point_sources_and_track(sources, dt, t + dt);
    t += dt;
    ++steps;
  }
  polder::parallel::barrier();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const polder::HaloTraffic h = polder::halo_traffic(*backend);
  const double cells_wet_total = double(backend->wet_cells(1e-6));
  std::vector<double> mine{h.exchange_wall_s, h.reduction_wall_s, double(h.bytes_sent_per_exchange)};
  std::vector<double> worst = mine;
  polder::parallel::max_all(worst);
  // Wet cells per block, counted by the root on the gathered state.
  const polder::StateSnapshot state = backend->download_state();
  if (!polder::parallel::is_root()) return;
  const int ranks = polder::parallel::size();
  std::vector<double> wet_per_rank(std::size_t(ranks), 0.0);
  for (int r = 0; r < ranks; ++r) {
    const auto b = polder::parallel::block_of(r, h.layout, o.cells, o.cells);
    for (int j = b.j0; j <= b.j1; ++j)
      for (int i = b.i0; i <= b.i1; ++i)
        if (state.depth[setup.geometry.index(i, j)] > 1e-6) wet_per_rank[std::size_t(r)] += 1.0;
  }
  const double mean_wet = cells_wet_total / ranks;
  const double max_wet = *std::max_element(wet_per_rank.begin(), wet_per_rank.end());
  const double cells = double(setup.geometry.cell_count());
  std::printf("mpi-scaling %-10s ranks %2d (%d x %d) threads/rank %d  cells %9.0f  steps %6ld  wall %8.2f s  "
              "cell-updates/s %9.3e  halo %7.0f B/step/rank (max)  exchange %5.1f %%  reductions+wait %5.1f %%  "
              "wet-cell imbalance %6.2f\n",
              wet ? "wet" : "flat-point", ranks, h.layout.px, h.layout.py, omp_get_max_threads(), cells, steps, wall,
              cells * double(steps) / wall, worst[2], 100.0 * worst[0] / wall, 100.0 * worst[1] / wall,
              mean_wet > 0.0 ? max_wet / mean_wet : 0.0);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  polder::parallel::Session session(argc, argv);
  Options o;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    const std::string value = a + 1 < argc ? argv[a + 1] : "";
    if (arg == "--cells") o.cells = std::stoi(value), ++a;
    else if (arg == "--duration") o.duration_s = std::stod(value), ++a;
    else if (arg == "--case") {
      o.flat_point = value == "flat-point" || value == "both";
      o.wet = value == "wet" || value == "both";
      ++a;
    } else {
      if (polder::parallel::is_root()) std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
      return 2;
    }
  }
  if (o.flat_point) run_case(o, false);
  if (o.wet) run_case(o, true);
  return 0;
}
