#pragma once
#include <map>
#include <optional>
#include <string>

#include "polder/results/result_file.hpp"
#include "polder/solver/simulation.hpp"

namespace polder {

struct SummaryFigures {
  std::map<std::string, double> values;  // stored as summary_<key> root attributes
  std::string text;                      // printed at the end of a run
};

[[nodiscard]] SummaryFigures summarise(const SimulationResult& r, const GridGeometry& g, const std::vector<std::uint8_t>& active,
                                       const std::vector<double>& thresholds, const std::optional<ExposureCurves>& exposure);

}  // namespace polder
