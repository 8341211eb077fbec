#pragma once
// Turning an exception into the one error line and exit code that docs/cli.md promises:
// 2 for bad input (scenario, rasters, vectors, result files, missing device), 1 for internal
// failures. Every command reports through this, so the wording is the same everywhere.
#include <exception>

#include "polder/parallel/comm.hpp"

namespace polder {

// The failure the exception stands for: message "polder: error: …" (exit 2) or
// "polder: internal error: …" (exit 1). A parallel::CollectiveFailure keeps its rank's failure.
[[nodiscard]] parallel::Failure describe_failure(const std::exception_ptr& e);

}  // namespace polder
