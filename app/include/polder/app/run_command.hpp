#pragma once
// `polder run`, with or without mpirun: runs the scenario, prints the summary (root only) and
// returns the exit code. Under MPI every rank calls it; failures are agreed on collectively, so
// a bad input seen by one rank stops all of them with one message and the same exit code.
#include "polder/app/run_pipeline.hpp"

namespace polder {

[[nodiscard]] int run_command(RunOptions options);

}  // namespace polder
