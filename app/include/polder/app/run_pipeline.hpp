#pragma once
// `polder run`: scenario file in, result file out.
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "polder/scenarios/scenario.hpp"

namespace polder {

struct RunOptions {
  std::filesystem::path scenario;
  std::optional<std::filesystem::path> out;   // --out, overrides [output] file
  std::optional<BackendChoice> backend;       // --backend, overrides [simulation] backend
  bool quiet = false;                         // no progress, no log lines
};

struct RunReport {
  std::filesystem::path result_file;
  std::string summary;  // the human-readable end-of-run summary
};

// Where the result goes: --out, else the scenario's [output] file, else <name>.h5 in the
// current directory.
[[nodiscard]] std::filesystem::path result_path(const Scenario& s, const std::optional<std::filesystem::path>& out);

// Runs the whole path; log lines (configuration, snapping, reprojection) go to `log`.
// Throws ConfigError, RasterError, IoError, DeviceUnavailable on bad input; writes no result then.
RunReport run_scenario(const RunOptions& options, std::ostream& log);

}  // namespace polder
