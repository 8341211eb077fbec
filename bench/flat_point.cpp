// The `flat-point` benchmark (issue "Shallow-water core", bench/README.md): 1000 × 1000 cells of
// 10 m, bed z = 5 + 0.0002·x + 0.3·sin(2πx/2000)·sin(2πy/1500), 500 m³/s into the centre cell,
// Manning 0.03, closed edges, 1800 s. Prints wall time, steps, effective cell-updates per second
// (all cells × steps / wall time) and wet-cell updates per second.
//
//   polder_bench_flat_point [--cells N] [--duration S] [--precision double|single|both]
//                           [--backend cpu|cuda] [--threads T ...]
#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <numbers>
#include <string>
#include <vector>

#include "polder/solver/swe_backend.hpp"

namespace {

struct Options {
  int cells = 1000;
  double duration_s = 1800.0;
  std::vector<polder::Precision> precisions{polder::Precision::double_precision, polder::Precision::single_precision};
  polder::BackendKind backend = polder::BackendKind::cpu;
  std::vector<int> threads;
};

polder::SweSetup flat_point_case(int n) {
  polder::SweSetup s;
  s.geometry = polder::GridGeometry{n, n, 0.0, 0.0, 10.0, 10.0, ""};
  const std::size_t count = s.geometry.cell_count();
  s.bed.resize(count);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const double x = s.geometry.x_center(i);
      const double y = s.geometry.y_center(j);
      s.bed[s.geometry.index(i, j)] =
          5.0 + 0.0002 * x + 0.3 * std::sin(2.0 * std::numbers::pi * x / 2000.0) * std::sin(2.0 * std::numbers::pi * y / 1500.0);
    }
  s.active.assign(count, 1);
  s.manning.assign(count, 0.03);
  s.depth.assign(count, 0.0);
  return s;
}

void run_once(const Options& o, polder::Precision precision, int threads) {
  if (threads > 0) omp_set_num_threads(threads);
  const polder::SweSetup setup = flat_point_case(o.cells);
  auto backend = polder::make_backend(o.backend, setup, precision);
  const std::size_t centre = setup.geometry.index(o.cells / 2, o.cells / 2);
  const double cfl = 0.5;
  const double max_dt = 60.0;
  double t = 0.0;
  long steps = 0;
  double wet_sum = 0.0;
  long wet_samples = 0;
  const auto t0 = std::chrono::steady_clock::now();
  while (t < o.duration_s - 1e-9) {
    const double dt = std::min({backend->compute_fluxes(cfl), max_dt, o.duration_s - t});
    backend->apply_fluxes_and_track(dt, t + dt);
    backend->apply_point_sources_and_track({{centre, 500.0}}, dt, t + dt);
    t += dt;
    if (++steps % 20 == 0) {
      wet_sum += double(backend->wet_cells(1e-6));
      ++wet_samples;
    }
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cells = double(setup.geometry.cell_count());
  const double mean_wet = wet_samples > 0 ? wet_sum / double(wet_samples) : 0.0;
  std::printf("flat-point  %-12s threads %2d  cells %9.0f  simulated %6.0f s  steps %6ld  wall %8.2f s  "
              "cell-updates/s %9.3e  wet-cell-updates/s %9.3e  mean wet cells %9.0f\n",
              backend->name().c_str(), threads > 0 ? threads : omp_get_max_threads(), cells, t, steps, wall,
              cells * double(steps) / wall, mean_wet * double(steps) / wall, mean_wet);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int a = 1; a < argc; ++a) {
    const std::string arg = argv[a];
    auto next = [&]() -> std::string {
      if (a + 1 >= argc) {
        std::fprintf(stderr, "missing value after %s\n", arg.c_str());
        std::exit(2);
      }
      return argv[++a];
    };
    if (arg == "--cells") o.cells = std::stoi(next());
    else if (arg == "--duration") o.duration_s = std::stod(next());
    else if (arg == "--precision") {
      const std::string p = next();
      o.precisions.clear();
      if (p == "double" || p == "both") o.precisions.push_back(polder::Precision::double_precision);
      if (p == "single" || p == "both") o.precisions.push_back(polder::Precision::single_precision);
    } else if (arg == "--backend") o.backend = next() == "cuda" ? polder::BackendKind::cuda : polder::BackendKind::cpu;
    else if (arg == "--threads") o.threads.push_back(std::stoi(next()));
    else {
      std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
      return 2;
    }
  }
  if (o.threads.empty()) o.threads.push_back(0);
  if (o.backend == polder::BackendKind::cuda && !polder::cuda_device_available()) {
    std::printf("flat-point: no CUDA device here; nothing measured\n");
    return 0;
  }
  for (auto p : o.precisions)
    for (int t : o.threads) run_once(o, p, t);
  return 0;
}
