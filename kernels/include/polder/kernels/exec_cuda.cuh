#pragma once
// CUDA execution policy: the same interface as CpuExec. Loops become one kernel launch of a
// device lambda; reductions go through Thrust.
#include <thrust/execution_policy.h>
#include <thrust/functional.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/transform_reduce.h>

#include <cstddef>
#include <limits>

#include "polder/kernels/device_buffer.cuh"

namespace polder {

namespace detail {
template <class F>
__global__ void for_each_kernel(std::size_t n, F f) {
  const std::size_t k = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (k < n) f(k);
}
template <class F>
__global__ void for_each_2d_kernel(int nx, int ny, F f) {
  const int i = int(blockIdx.x * blockDim.x + threadIdx.x);
  const int j = int(blockIdx.y * blockDim.y + threadIdx.y);
  if (i < nx && j < ny) f(i, j);
}
template <class F>
__global__ void single_kernel(F f) {
  f();
}
}  // namespace detail

struct CudaExec {
  template <class T>
  using Buffer = DeviceBuffer<T>;
  static constexpr const char* name = "cuda";
  static constexpr unsigned block = 256;

  template <class F>
  static void for_each(std::size_t n, F f) {
    if (n == 0) return;
    const auto grid = static_cast<unsigned>((n + block - 1) / block);
    detail::for_each_kernel<<<grid, block>>>(n, f);
    cuda_check(cudaGetLastError(), "kernel launch");
  }

  template <class F>
  static void for_each_2d(int nx, int ny, F f) {
    if (nx <= 0 || ny <= 0) return;
    const dim3 threads(32, 8);
    const dim3 blocks(unsigned(nx + 31) / 32, unsigned(ny + 7) / 8);
    detail::for_each_2d_kernel<<<blocks, threads>>>(nx, ny, f);
    cuda_check(cudaGetLastError(), "kernel launch");
  }

  template <class F>
  static double reduce_max_2d(int nx, int ny, F f) {
    const unsigned width = unsigned(nx);
    return reduce_max(std::size_t(nx) * std::size_t(ny), [=] __host__ __device__(std::size_t k) -> double {
      const unsigned u = unsigned(k);
      return f(int(u % width), int(u / width));
    });
  }

  template <class F>
  static void single(F f) {
    detail::single_kernel<<<1, 1>>>(f);
    cuda_check(cudaGetLastError(), "kernel launch");
  }

  template <class F>
  static double reduce_max(std::size_t n, F f) {
    return thrust::transform_reduce(thrust::device, thrust::counting_iterator<std::size_t>(0),
                                    thrust::counting_iterator<std::size_t>(n), f,
                                    -std::numeric_limits<double>::infinity(), thrust::maximum<double>());
  }

  template <class F>
  static double reduce_sum(std::size_t n, F f) {
    return thrust::transform_reduce(thrust::device, thrust::counting_iterator<std::size_t>(0),
                                    thrust::counting_iterator<std::size_t>(n), f, 0.0, thrust::plus<double>());
  }
};

}  // namespace polder
