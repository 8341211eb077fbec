#include "polder/app/progress_reporter.hpp"

#include <unistd.h>

#include <cstdio>

namespace polder {

ProgressFn make_progress_reporter(bool quiet) {
  if (quiet || isatty(STDERR_FILENO) == 0) return {};
  return [](const Progress& p) {
    const double fraction = p.duration_s > 0.0 ? p.t_s / p.duration_s : 1.0;
    const double remaining = fraction > 0.0 ? p.wall_s * (1.0 - fraction) / fraction : 0.0;
    std::fprintf(stderr, "\r  t = %7.2f h  %5.1f %%  wall %6.1f s  about %6.1f s to go  (%ld steps)   ", p.t_s / 3600.0,
                 100.0 * fraction, p.wall_s, remaining, p.steps);
    if (fraction >= 1.0) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  };
}

}  // namespace polder
