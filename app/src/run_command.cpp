#include "polder/app/run_command.hpp"

#include <iostream>
#include <optional>
#include <sstream>

#include "polder/app/error_report.hpp"
#include "polder/parallel/comm.hpp"

namespace polder {

int run_command(RunOptions options) {
  const bool root = parallel::is_root();
  options.decompose = parallel::size() > 1;
  if (!root) options.quiet = true;  // one log, from the root
  std::ostringstream discard;
  // Log lines go to stdout: stderr carries only progress and, on failure, the one error line.
  std::ostream& log = options.quiet ? static_cast<std::ostream&>(discard) : std::cout;

  std::optional<parallel::Failure> failure;
  RunReport report;
  try {
    report = run_scenario(options, log);
  } catch (...) {
    failure = describe_failure(std::current_exception());
  }
  // Ranks that failed after the backend's checkpoint (all of them, for a failure in the shared
  // time loop; the root alone, for one while writing) meet the others here. A rank that failed
  // before that checkpoint was already matched there: the CollectiveFailure it caused elsewhere
  // is reported without a second round.
  const bool already_agreed = failure && failure->rank != parallel::rank();
  if (options.decompose && !already_agreed) failure = parallel::first_failure(failure);
  if (failure) {
    if (root) {
      std::cerr << failure->message;
      if (parallel::size() > 1 && failure->rank != 0) std::cerr << " (on MPI rank " << failure->rank << ")";
      std::cerr << "\n";
    }
    return failure->exit_code;
  }
  if (root) {
    std::cout << report.summary;
    for (const auto& table : report.tables) std::cout << "table: " << table.string() << "\n";
    std::cout << "result: " << report.result_file.string() << "\n";
  }
  return 0;
}

}  // namespace polder
