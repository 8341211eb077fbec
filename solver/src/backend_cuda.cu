// The CUDA instantiation of the same time-stepping template as backend_cpu.cpp.
#include <cuda_runtime.h>

#include "polder/kernels/exec_cuda.cuh"
#include "polder/solver/backend_errors.hpp"
#include "polder/solver/detail/swe_backend_impl.hpp"

namespace polder {

bool cuda_backend_built() { return true; }

bool cuda_device_available() {
  int count = 0;
  return cudaGetDeviceCount(&count) == cudaSuccess && count > 0;
}

void select_cuda_device_for_rank(int local_rank) {
  int count = 0;
  if (cudaGetDeviceCount(&count) == cudaSuccess && count > 0) cudaSetDevice(local_rank % count);
}

std::unique_ptr<SweBackend> make_cuda_backend(const SweSetup& setup, Precision precision) {
  if (!cuda_device_available()) throw DeviceUnavailable("the CUDA backend was asked for, but no CUDA device is present");
  if (precision == Precision::single_precision) return std::make_unique<detail::SweBackendImpl<CudaExec, float>>(setup);
  return std::make_unique<detail::SweBackendImpl<CudaExec, double>>(setup);
}

}  // namespace polder
