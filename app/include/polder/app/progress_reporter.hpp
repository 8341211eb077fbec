#pragma once
#include "polder/solver/simulation.hpp"

namespace polder {

// Progress on stderr (simulated time, percent, wall time, estimate to finish), redrawn in place;
// silent when quiet or when stderr is not a terminal.
[[nodiscard]] ProgressFn make_progress_reporter(bool quiet);

}  // namespace polder
