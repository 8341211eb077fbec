#include "polder/solver/swe_backend.hpp"

#include <algorithm>
#include <limits>

namespace polder {

double stable_time_step(FaceSpeeds s, double dx, double dy, double cfl) {
  // dt·(Sx/dx + Sy/dy) = cfl: the 2-D update is then a convex combination of 1-D updates that
  // each meet the half-cell condition dt_1D·S/Δ ≤ 1/2 when cfl ≤ 0.5, so depths stay ≥ 0.
  const double rate = std::max(s.x, 0.0) / dx + std::max(s.y, 0.0) / dy;
  return rate > 0.0 ? cfl / rate : std::numeric_limits<double>::infinity();
}

BackendKind resolve_auto_backend() { return cuda_device_available() ? BackendKind::cuda : BackendKind::cpu; }

std::unique_ptr<SweBackend> make_backend(BackendKind kind, const SweSetup& setup, Precision precision) {
  return kind == BackendKind::cuda ? make_cuda_backend(setup, precision) : make_cpu_backend(setup, precision);
}

}  // namespace polder
