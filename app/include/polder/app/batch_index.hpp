#pragma once
// `polder batch`: the library index (DIR/index.csv and DIR/index.h5, docs/parallel.md "Scenario
// libraries") and the key figures it holds, read back from each finished result file so that the
// batch stays independent of the run internals.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace polder::batch {

enum class Status { pending, done, failed, skipped_complete };
[[nodiscard]] const char* status_text(Status s);

inline constexpr double no_value = std::numeric_limits<double>::quiet_NaN();
inline constexpr int index_hours[] = {6, 12, 24};  // people reached within these hours

struct ZoneArrival {
  std::string zone;                    // /exposure/zones/name
  std::optional<std::int32_t> minute;  // first arrival at the first threshold; none = never
};

// Key figures of one complete result file (docs/result-file.md); NaN where the file has none.
struct ResultFigures {
  double flooded_area_km2 = no_value;        // summary_flooded_area_km2
  double simulation_wall_time_s = no_value;  // summary_wall_time_s: the run that wrote the file
  double people_within[std::size(index_hours)] = {no_value, no_value, no_value};  // summary_people_reached_<h>h
  std::vector<ZoneArrival> zones;            // empty without [exposure] zones
};

struct IndexRow {
  std::string name;
  Status status = Status::pending;
  std::string error;              // one line, failed only
  double wall_time_s = no_value;  // spent on it by this invocation
  int rank = -1;                  // the rank that ran it; -1 when it did not run in this invocation
  std::string result;             // the result file relative to the output folder; empty when none
  ResultFigures figures;
};

struct Index {
  std::string library_name;
  std::filesystem::path library_file;
  std::vector<IndexRow> rows;  // library order
};

// True when `file` is a finished result (root attribute complete = 1) of a scenario with exactly
// this text (root attribute `scenario`); false when missing, unreadable or different.
[[nodiscard]] bool complete_result(const std::filesystem::path& file, const std::string& scenario_text);

// Reads the key figures of a result file; throws IoError when it cannot.
[[nodiscard]] ResultFigures read_figures(const std::filesystem::path& file);

// Writes <dir>/index.csv and <dir>/index.h5, each under a temporary name renamed when complete,
// so a killed job always leaves a valid index. Throws IoError.
void write_index(const std::filesystem::path& dir, const Index& index);

}  // namespace polder::batch
