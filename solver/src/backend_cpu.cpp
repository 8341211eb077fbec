// The CPU (OpenMP) instantiation of the time-stepping template.
#include "polder/kernels/exec_cpu.hpp"
#include "polder/solver/detail/swe_backend_impl.hpp"

namespace polder {

std::unique_ptr<SweBackend> make_cpu_backend(const SweSetup& setup, Precision precision) {
  if (precision == Precision::single_precision) return std::make_unique<detail::SweBackendImpl<CpuExec, float>>(setup);
  return std::make_unique<detail::SweBackendImpl<CpuExec, double>>(setup);
}

}  // namespace polder
