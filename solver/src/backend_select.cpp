#include "polder/solver/swe_backend.hpp"

namespace polder {

BackendKind resolve_auto_backend() { return cuda_device_available() ? BackendKind::cuda : BackendKind::cpu; }

std::unique_ptr<SweBackend> make_backend(BackendKind kind, const SweSetup& setup, Precision precision) {
  return kind == BackendKind::cuda ? make_cuda_backend(setup, precision) : make_cpu_backend(setup, precision);
}

}  // namespace polder
