#pragma once
// `polder batch LIBRARY.toml --out DIR`: every scenario of a library, one result file each, over
// the MPI ranks (docs/parallel.md, "Scenario libraries"). With N > 1 ranks, rank 0 hands out
// scenarios on request and writes the index; ranks 1..N-1 run them, one process per scenario.
// With one rank, that rank runs every scenario itself, in library order.
#include <filesystem>
#include <iosfwd>
#include <optional>

#include "polder/scenarios/scenario.hpp"

namespace polder::batch {

struct BatchOptions {
  std::filesystem::path library;
  std::filesystem::path out_dir;              // created when missing
  std::optional<BackendChoice> backend;       // --backend, overrides each scenario's
  bool quiet = false;                         // only the final summary
};

// Exit codes (docs/cli.md).
inline constexpr int exit_all_succeeded = 0;
inline constexpr int exit_bad_library = 2;
inline constexpr int exit_some_failed = 3;

// Called on every rank. Log lines and the summary go to `out` (rank 0 only); the one line of a
// bad library or output folder to `err` (rank 0 only). Returns the exit code, the same on every
// rank.
[[nodiscard]] int run_batch(const BatchOptions& options, std::ostream& out, std::ostream& err);

// The `polder batch` command: run_batch on stdout/stderr; an internal error (a bug) prints one
// line and stops every rank with exit code 1.
[[nodiscard]] int batch_command(const BatchOptions& options);

}  // namespace polder::batch
