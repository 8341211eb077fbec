// The resolved scenario as readable text, for the log and the result file.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "polder/scenarios/scenario.hpp"
#include "scenario_internal.hpp"

namespace polder {
namespace {

using detail::format_duration;
using detail::format_number;

std::string value_or_raster(const ValueOrRaster& v, const std::string& unit) {
  if (v.raster) return "raster " + v.raster->string();
  if (v.value) return format_number(*v.value) + unit;
  return "none";
}

// "2.5 m (constant)" or "24 samples, 0 s to 86400 s (1 d), 1.2 to 3.4 m".
std::string series_text(const TimeSeries& s, const std::string& unit) {
  if (s.empty()) return "none";
  if (s.values().size() == 1) return format_number(s.values().front()) + unit + " (constant)";
  const auto [lo, hi] = std::minmax_element(s.values().begin(), s.values().end());
  return std::to_string(s.values().size()) + " samples, " + format_duration(s.times().front()) + " to " +
         format_duration(s.times().back()) + ", values " + format_number(*lo) + " to " + format_number(*hi) + unit;
}

std::string growth_name(BreachGrowthModel g) {
  switch (g) {
    case BreachGrowthModel::verheij_van_der_knaap:
      return "verheij-van-der-knaap";
    case BreachGrowthModel::fixed_width:
      return "fixed";
    case BreachGrowthModel::width_series:
      return "series";
  }
  return "?";
}

std::string edge_text(const EdgeBoundary& e) {
  switch (e.kind) {
    case EdgeKind::closed:
      return "closed (wall)";
    case EdgeKind::free:
      return "free (open outflow)";
    case EdgeKind::level:
      return "water level " + series_text(e.level, " m");
  }
  return "?";
}

double line_length(const std::vector<std::pair<double, double>>& pts) {
  double len = 0.0;
  for (std::size_t k = 1; k < pts.size(); ++k)
    len += std::hypot(pts[k].first - pts[k - 1].first, pts[k].second - pts[k - 1].second);
  return len;
}

}  // namespace

std::string describe(const Scenario& s) {
  std::ostringstream o;
  const auto row = [&o](int indent, const std::string& label, const std::string& value) {
    o << std::string(static_cast<std::size_t>(indent), ' ') << label << ":";
    const std::size_t width = 22;
    const std::size_t used = static_cast<std::size_t>(indent) + label.size() + 1;
    o << std::string(used < width ? width - used : 1, ' ') << value << "\n";
  };

  o << "scenario '" << s.info.name << "'\n";
  row(2, "file", s.file.string());
  if (!s.info.description.empty()) row(2, "description", s.info.description);
  row(2, "reference time", s.info.reference_time ? *s.info.reference_time : "none (times are from the start)");

  o << "terrain\n";
  row(2, "dem", s.terrain.dem.string());
  row(2, "roughness", "Manning n " + value_or_raster(s.terrain.roughness, " s/m^(1/3)"));

  o << "initial state\n";
  if (s.initial.level)
    row(2, "water level", value_or_raster(*s.initial.level, " m") + " (cells with bed below it start wet)");
  else if (s.initial.depth)
    row(2, "depth", value_or_raster(*s.initial.depth, " m"));
  else
    row(2, "water", "none (dry)");

  o << "breaches: " << s.breaches.size() << "\n";
  for (std::size_t i = 0; i < s.breaches.size(); ++i) {
    const auto& b = s.breaches[i];
    const auto& p = b.params;
    o << "  breach[" << i << "] '" << p.name << "'\n";
    row(4, "location", "x " + format_number(b.x) + " m, y " + format_number(b.y) + " m (snapped to a cell within " +
                           format_number(b.max_snap_distance_m) + " m)");
    row(4, "opens at", format_duration(p.start_s));
    row(4, "crest", (p.initial_crest ? format_number(*p.initial_crest) + " m" : std::string("the receiving cell's bed")) +
                        " lowered to " + format_number(p.min_crest) + " m over " + format_duration(p.lowering_duration_s));
    row(4, "initial width", format_number(p.initial_width) + " m");
    row(4, "max width", format_number(p.max_width) + " m");
    std::string growth = growth_name(p.growth);
    if (p.growth == BreachGrowthModel::verheij_van_der_knaap)
      growth += " (f1 " + format_number(p.law.f1) + ", f2 " + format_number(p.law.f2) + ", critical velocity " +
                format_number(p.law.critical_velocity) + " m/s)";
    else if (p.growth == BreachGrowthModel::width_series)
      growth += " (" + series_text(p.width_series, " m") + ", time since the breach opens)";
    row(4, "growth", growth);
    row(4, "outside level", b.outside_level_source + " (" + series_text(p.outside_level, " m") + ")");
  }

  o << "inflows: " << s.inflows.size() << "\n";
  for (std::size_t i = 0; i < s.inflows.size(); ++i) {
    const auto& f = s.inflows[i];
    o << "  inflow[" << i << "] '" << f.name << "'\n";
    if (f.points.size() == 1)
      row(4, "point", "x " + format_number(f.points[0].first) + " m, y " + format_number(f.points[0].second) + " m");
    else
      row(4, "line", std::to_string(f.points.size()) + " points, " + format_number(line_length(f.points)) +
                         " m long, from (" + format_number(f.points.front().first) + ", " +
                         format_number(f.points.front().second) + ") to (" + format_number(f.points.back().first) +
                         ", " + format_number(f.points.back().second) + ")");
    const std::string unit = f.unit == DischargeUnit::total_m3_per_s ? " m3/s" : " m2/s";
    row(4, "discharge", series_text(f.discharge, unit));
  }

  o << "boundary\n";
  const char* sides[] = {"west", "east", "south", "north"};
  for (std::size_t k = 0; k < 4; ++k) row(2, sides[k], edge_text(s.boundary[k]));

  const auto& sim = s.simulation;
  const auto& r = sim.run;
  o << "simulation\n";
  row(2, "duration", format_duration(r.duration_s));
  row(2, "cfl", format_number(r.cfl));
  row(2, "precision", sim.precision == Precision::double_precision ? "double" : "single");
  row(2, "backend", sim.backend == BackendChoice::auto_select ? "auto (CUDA when a device is present, else CPU)"
                    : sim.backend == BackendChoice::cpu        ? "cpu"
                                                               : "cuda");
  row(2, "snapshot interval",
      r.snapshot_interval_s > 0.0 ? format_duration(r.snapshot_interval_s) : std::string("0 s (final state only)"));
  row(2, "max time step", format_duration(r.max_dt_s));
  row(2, "rise rate interval", format_duration(r.rise_interval_s));
  row(2, "series interval", format_duration(r.series_interval_s));
  row(2, "velocity min depth", format_number(sim.velocity_min_depth) + " m");

  std::string th;
  for (const double d : s.thresholds) th += (th.empty() ? "" : ", ") + format_number(d) + " m";
  o << "arrival\n";
  row(2, "thresholds", th);
  if (s.rain) {
    o << "rain\n";
    row(2, "intensity", s.rain->intensity_mm_per_h ? series_text(*s.rain->intensity_mm_per_h, " mm/h")
                        : s.rain->intensity_raster ? "raster " + s.rain->intensity_raster->string() + " [mm/h]"
                                                   : std::string("none"));
    row(2, "loss rate", format_number(s.rain->loss_mm_per_h) + " mm/h");
    row(2, "start", format_duration(s.rain->start_s));
    row(2, "end", s.rain->end_s ? format_duration(*s.rain->end_s) : std::string("end of the run"));
  }
  o << "exposure\n";
  row(2, "population", s.exposure.population ? s.exposure.population->string() : "none");
  if (s.exposure.population_points) row(2, "population points", s.exposure.population_points->string());
  if (s.exposure.livestock) row(2, "livestock (farms)", s.exposure.livestock->string());
  for (const auto& [species, file] : s.exposure.species_rasters) row(2, "livestock (" + species + ")", file.string());
  if (s.exposure.any()) {
    const EvacuationParameters& p = s.exposure.settings.evacuation;
    row(2, "priority threshold", p.threshold_m > 0.0 ? format_number(p.threshold_m) + " m" : "the first arrival threshold");
    row(2, "lead time", format_number(p.lead_time_min) + " min");
    row(2, "decision delay", format_number(p.decision_delay_min) + " min");
    row(2, "min count", format_number(s.exposure.settings.min_count));
    row(2, "farm rows", s.exposure.settings.farm_rows ? "written" : "not written");
  }
  if (s.exposure.zones) {
    row(2, "zones", s.exposure.zones->string());
    row(2, "zone name field", s.exposure.zone_name_field);
    row(2, "zone id field", s.exposure.zone_id_field ? *s.exposure.zone_id_field : "none (vectors: 1, 2, ... in file order)");
  }
  o << "output\n";
  row(2, "file", s.output.file ? s.output.file->string() : "default");
  return o.str();
}

}  // namespace polder
