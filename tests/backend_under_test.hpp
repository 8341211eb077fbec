#pragma once
// The backend the validation cases run on: the CPU by default, CUDA with POLDER_TEST_BACKEND=cuda
// (scripts/device_check.sh runs the suites both ways on a GPU machine, so every validation case is
// also a CPU-vs-CUDA check).
#include <cstdlib>
#include <memory>
#include <string>

#include "polder/solver/swe_backend.hpp"

namespace polder::test {

inline std::unique_ptr<SweBackend> backend_under_test(const SweSetup& setup, Precision precision) {
  const char* choice = std::getenv("POLDER_TEST_BACKEND");
  const bool cuda = choice != nullptr && std::string(choice) == "cuda";
  return make_backend(cuda ? BackendKind::cuda : BackendKind::cpu, setup, precision);
}

}  // namespace polder::test
