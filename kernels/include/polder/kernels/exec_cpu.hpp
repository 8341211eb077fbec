#pragma once
// CPU execution policy: plain OpenMP loops over cells. Its CUDA twin is exec_cuda.cuh; the
// solver's time-stepping template is instantiated once with each.
#include <algorithm>
#include <cstddef>
#include <limits>

#include "polder/kernels/host_buffer.hpp"

namespace polder {

struct CpuExec {
  template <class T>
  using Buffer = HostBuffer<T>;
  static constexpr const char* name = "cpu";
  // Below this many iterations a loop runs on one thread: the fork and barrier of a parallel
  // region cost more than they save (a breach flood's wet region starts with a few cells).
  static constexpr std::ptrdiff_t parallel_threshold = 16384;

  template <class F>
  static void for_each(std::size_t n, F f) {
    const auto count = static_cast<std::ptrdiff_t>(n);
#pragma omp parallel for schedule(static) if (count > parallel_threshold)
    for (std::ptrdiff_t k = 0; k < count; ++k) f(static_cast<std::size_t>(k));
  }

  // Loops over an nx × ny index space, rows in parallel, so the inner loop is contiguous and
  // carries no index division.
  template <class F>
  static void for_each_2d(int nx, int ny, F f) {
#pragma omp parallel for schedule(static) if (std::ptrdiff_t(nx) * ny > parallel_threshold)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) f(i, j);
  }

  template <class F>
  static double reduce_max_2d(int nx, int ny, F f) {
    double result = -std::numeric_limits<double>::infinity();
#pragma omp parallel for schedule(static) reduction(max : result) if (std::ptrdiff_t(nx) * ny > parallel_threshold)
    for (int j = 0; j < ny; ++j) {
      double row = -std::numeric_limits<double>::infinity();
      for (int i = 0; i < nx; ++i) row = std::max(row, f(i, j));
      result = std::max(result, row);
    }
    return result;
  }

  // Runs f once: for the few point sources, whose order matters when two share a cell.
  template <class F>
  static void single(F f) {
    f();
  }

  template <class F>
  static double reduce_max(std::size_t n, F f) {
    const auto count = static_cast<std::ptrdiff_t>(n);
    double result = -std::numeric_limits<double>::infinity();
#pragma omp parallel for schedule(static) reduction(max : result) if (count > parallel_threshold)
    for (std::ptrdiff_t k = 0; k < count; ++k) result = std::max(result, f(static_cast<std::size_t>(k)));
    return result;
  }

  template <class F>
  static double reduce_sum(std::size_t n, F f) {
    const auto count = static_cast<std::ptrdiff_t>(n);
    double result = 0.0;
#pragma omp parallel for schedule(static) reduction(+ : result) if (count > parallel_threshold)
    for (std::ptrdiff_t k = 0; k < count; ++k) result += f(static_cast<std::size_t>(k));
    return result;
  }
};

}  // namespace polder
