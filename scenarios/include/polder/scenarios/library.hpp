#pragma once
// A scenario library (docs/scenario-file.md, "Scenario libraries"): a TOML file that lists
// scenario files and/or generates scenarios as the product of breach locations × outside-level
// series × breach parameter sets applied to a base scenario. Every scenario gets a unique name.
#include <filesystem>
#include <string>
#include <vector>

#include "polder/scenarios/scenario.hpp"

namespace polder {

struct LibraryEntry {
  std::string name;               // unique within the library; the result file is <name>.h5
  std::filesystem::path origin;   // the listed scenario file, or the base of a generated one
  Scenario scenario;              // parsed and validated (generated ones carry their own text)
};

struct ScenarioLibrary {
  std::filesystem::path file;
  std::string name;
  std::string description;
  std::vector<LibraryEntry> entries;
};

// Reads, generates and validates every scenario; throws ConfigError{file, key, why} on the first
// problem (naming the library file, or the scenario file for a listed scenario's own errors).
[[nodiscard]] ScenarioLibrary load_library(const std::filesystem::path& file);

}  // namespace polder
