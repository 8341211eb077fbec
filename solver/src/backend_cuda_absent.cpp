// Linked instead of backend_cuda.cu when polder is built without the CUDA toolkit.
#include "polder/solver/backend_errors.hpp"
#include "polder/solver/swe_backend.hpp"

namespace polder {

bool cuda_backend_built() { return false; }
bool cuda_device_available() { return false; }
void select_cuda_device_for_rank(int) {}

std::unique_ptr<SweBackend> make_cuda_backend(const SweSetup&, Precision) {
  throw DeviceUnavailable("this polder was built without the CUDA backend (configure with -DPOLDER_CUDA=ON on a machine with nvcc)");
}

}  // namespace polder
