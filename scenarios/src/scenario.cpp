// Reading and validating a scenario file (docs/scenario-file.md).
#include "polder/scenarios/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <toml++/toml.h>

#include "polder/scenarios/config_error.hpp"
#include "scenario_internal.hpp"

namespace polder {
namespace {

namespace fs = std::filesystem;
using detail::format_duration;
using detail::format_number;
using Names = std::initializer_list<std::string_view>;

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// The closest candidate within edit distance 2, if any.
std::optional<std::string> closest(std::string_view word, Names candidates) {
  std::optional<std::string> best;
  std::size_t best_d = 3;
  for (const auto c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = std::string(c);
    }
  }
  return best;
}

std::string join_names(Names names, std::string_view open, std::string_view close) {
  std::string out;
  for (const auto n : names) {
    if (!out.empty()) out += ", ";
    out += open;
    out += n;
    out += close;
  }
  return out;
}

std::string shorten(std::string_view s) {
  constexpr std::size_t max_len = 60;
  return s.size() <= max_len ? std::string(s) : std::string(s.substr(0, max_len)) + "...";
}

// What a node holds, for "got ..." in messages.
std::string describe_node(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return "the string \"" + shorten(n.as_string()->get()) + "\"";
    case toml::node_type::integer:
      return "the integer " + std::to_string(n.as_integer()->get());
    case toml::node_type::floating_point:
      return "the number " + format_number(n.as_floating_point()->get());
    case toml::node_type::boolean:
      return std::string("the boolean ") + (n.as_boolean()->get() ? "true" : "false");
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time of day";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

std::string two_digits(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u", v % 100u);
  return buf;
}

// ISO 8601 text of a TOML date-time: "2026-01-31T06:00:00Z", "2026-01-31T06:00:00.5+01:00".
std::string iso_text(const toml::date_time& dt) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02u", unsigned{dt.date.year}, unsigned{dt.date.month},
                unsigned{dt.date.day}, unsigned{dt.time.hour}, unsigned{dt.time.minute}, unsigned{dt.time.second});
  std::string out = buf;
  if (dt.time.nanosecond != 0) {
    std::snprintf(buf, sizeof buf, "%09u", unsigned{dt.time.nanosecond});
    std::string frac = buf;
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    out += "." + frac;
  }
  if (dt.offset) {
    const int m = dt.offset->minutes;
    if (m == 0) {
      out += "Z";
    } else {
      const auto a = static_cast<unsigned>(m < 0 ? -m : m);
      out += (m < 0 ? "-" : "+") + two_digits(a / 60u) + ":" + two_digits(a % 60u);
    }
  }
  return out;
}

bool file_name_safe(std::string_view s) {
  if (s.empty() || s.size() > 100 || s.front() == '.') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
}

std::string indexed(std::string_view base, std::size_t i) { return std::string(base) + "[" + std::to_string(i) + "]"; }

struct LoadedSeries {
  TimeSeries series;
  std::string source;  // the number as text, or the resolved CSV path
};

// Checks one value of a CSV series; returns an empty string when fine, else the reason.
using ValueCheck = std::function<std::string(double)>;

class Loader {
 public:
  explicit Loader(const fs::path& file)
      : file_(file.string()), dir_(fs::absolute(file).lexically_normal().parent_path()) {}

  // A file holding only an [exposure] section (polder exposure --config).
  ExposureConfig load_exposure_only(const toml::table& root) const {
    check_keys(root, "", {"exposure"});
    ExposureConfig e;
    if (const auto* t = optional_section(root, "exposure")) load_exposure(*t, e);
    return e;
  }

  void load(const toml::table& root, Scenario& s) const {
    check_keys(root, "",
               {"scenario", "terrain", "initial", "breach", "inflow", "boundary", "rain", "simulation", "arrival",
                "exposure", "output"});
    load_info(required_section(root, "scenario"), s.info);
    load_terrain(required_section(root, "terrain"), s.terrain);
    if (const auto* t = optional_section(root, "initial")) load_initial(*t, s.initial);
    load_breaches(root, s.breaches);
    load_inflows(root, s.inflows);
    check_unique_names(s);
    if (const auto* t = optional_section(root, "boundary")) load_boundary(*t, s.boundary);
    load_simulation(required_section(root, "simulation"), s.simulation);
    if (const auto* t = optional_section(root, "rain")) s.rain = load_rain(*t);
    if (const auto* t = optional_section(root, "arrival")) load_arrival(*t, s.thresholds);
    if (const auto* t = optional_section(root, "exposure")) load_exposure(*t, s.exposure);
    check_priority_threshold(s);
    if (const auto* t = optional_section(root, "output")) {
      check_keys(*t, "output", {"file"});
      if (const auto* n = t->get("file")) s.output.file = output_path(*n, "output.file");
    }
  }

 private:
  [[noreturn]] void fail(const std::string& key, const std::string& why) const { throw ConfigError(file_, key, why); }

  static std::string join(const std::string& prefix, std::string_view name) {
    return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
  }

  // ---- tables and keys ------------------------------------------------------------------------

  void check_keys(const toml::table& t, const std::string& prefix, Names known) const {
    for (auto&& [k, v] : t) {
      const std::string_view name = k.str();
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      const auto suggestion = closest(name, known);
      std::string why;
      if (!prefix.empty()) {
        why = "unknown key '" + std::string(name) + "'" +
              (suggestion ? " (did you mean '" + *suggestion + "'?)" : "; allowed keys: " + join_names(known, "", ""));
      } else if (v.is_table() || v.is_array_of_tables()) {
        why = "unknown section [" + std::string(name) + "]" +
              (suggestion ? " (did you mean [" + *suggestion + "]?)"
                          : "; allowed sections: " + join_names(known, "[", "]"));
      } else {
        why = "unknown top-level key '" + std::string(name) +
              "': every key belongs in a section such as [scenario] or [simulation]";
      }
      fail(join(prefix, name), why);
    }
  }

  const toml::table* optional_section(const toml::table& root, std::string_view name) const {
    const auto* n = root.get(name);
    if (!n) return nullptr;
    if (const auto* t = n->as_table()) return t;
    fail(std::string(name), "must be a section (write [" + std::string(name) + "]), got " + describe_node(*n));
  }

  const toml::table& required_section(const toml::table& root, std::string_view name) const {
    if (const auto* t = optional_section(root, name)) return *t;
    fail(std::string(name), "missing required section [" + std::string(name) + "]");
  }

  // The tables of [[name]]; an absent key gives none.
  std::vector<const toml::table*> table_array(const toml::table& root, std::string_view name) const {
    std::vector<const toml::table*> out;
    const auto* n = root.get(name);
    if (!n) return out;
    const auto* arr = n->as_array();
    if (!arr)
      fail(std::string(name), "must be an array of tables: write [[" + std::string(name) + "]] before each one, got " +
                                  describe_node(*n));
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const auto* t = arr->get(i)->as_table();
      if (!t) fail(indexed(name, i), "must be a table, got " + describe_node(*arr->get(i)));
      out.push_back(t);
    }
    return out;
  }

  const toml::node& required(const toml::table& t, const std::string& prefix, std::string_view name,
                             std::string_view what) const {
    if (const auto* n = t.get(name)) return *n;
    fail(join(prefix, name), "missing required key: " + std::string(what));
  }

  // ---- typed values ---------------------------------------------------------------------------

  double number(const toml::node& n, const std::string& key) const {
    if (const auto* i = n.as_integer()) return static_cast<double>(i->get());
    if (const auto* f = n.as_floating_point()) {
      const double v = f->get();
      if (!std::isfinite(v)) fail(key, "must be a finite number, got " + format_number(v));
      return v;
    }
    fail(key, "must be a number, got " + describe_node(n));
  }

  double number_or(const toml::table& t, const std::string& prefix, std::string_view name, double def) const {
    if (const auto* n = t.get(name)) return number(*n, join(prefix, name));
    return def;
  }

  std::string string(const toml::node& n, const std::string& key) const {
    if (const auto* s = n.as_string()) return s->get();
    fail(key, "must be a string, got " + describe_node(n));
  }

  double duration(const toml::node& n, const std::string& key) const {
    if (n.is_integer() || n.is_floating_point()) return number(n, key);
    if (const auto* s = n.as_string()) {
      try {
        return parse_duration_s(s->get());
      } catch (const std::invalid_argument& e) {
        fail(key, e.what());
      }
    }
    fail(key, "must be a duration: a number of seconds or a string like \"90s\", \"90min\", \"12h\", \"2d\"; got " +
                  describe_node(n));
  }

  double duration_or(const toml::table& t, const std::string& prefix, std::string_view name, double def) const {
    if (const auto* n = t.get(name)) return duration(*n, join(prefix, name));
    return def;
  }

  // One of the allowed words; returns its position in `allowed`.
  std::size_t choice(const toml::node& n, const std::string& key, Names allowed) const {
    const auto* s = n.as_string();
    if (!s) fail(key, "must be one of " + join_names(allowed, "\"", "\"") + ", got " + describe_node(n));
    const std::string& v = s->get();
    const auto it = std::find(allowed.begin(), allowed.end(), std::string_view(v));
    if (it != allowed.end()) return static_cast<std::size_t>(it - allowed.begin());
    const auto suggestion = closest(v, allowed);
    fail(key, "must be one of " + join_names(allowed, "\"", "\"") + ", got \"" + shorten(v) + "\"" +
                  (suggestion ? " (did you mean \"" + *suggestion + "\"?)" : ""));
  }

  void check(bool ok, const std::string& key, const std::string& why) const {
    if (!ok) fail(key, why);
  }

  // ---- paths ----------------------------------------------------------------------------------

  fs::path resolve(const std::string& text) const {
    fs::path p(text);
    if (p.is_relative()) p = dir_ / p;
    return p.lexically_normal();
  }

  fs::path path_text(const toml::node& n, const std::string& key, std::string_view what) const {
    const auto* s = n.as_string();
    if (!s) fail(key, "must be a path to " + std::string(what) + " (a string), got " + describe_node(n));
    if (s->get().empty()) fail(key, "must be a path to " + std::string(what) + ", got an empty string");
    return resolve(s->get());
  }

  // A raster for GDAL: only its existence is checked here (a raster may also be a folder).
  fs::path raster_path(const toml::node& n, const std::string& key) const {
    auto p = path_text(n, key, "a raster file");
    std::error_code ec;
    if (!fs::exists(p, ec)) fail(key, "file not found: " + p.string());
    return p;
  }

  // A zone file: a raster, or a vector file recognised by its extension (.geojson, .gpkg, .shp).
  fs::path zone_path(const toml::node& n, const std::string& key) const {
    auto p = path_text(n, key, "a zone raster or vector file");
    std::error_code ec;
    if (!fs::exists(p, ec)) fail(key, "file not found: " + p.string());
    return p;
  }

  fs::path csv_path(const toml::node& n, const std::string& key) const {
    auto p = path_text(n, key, "a CSV file");
    std::error_code ec;
    if (!fs::exists(p, ec)) fail(key, "file not found: " + p.string());
    if (fs::is_directory(p, ec)) fail(key, "is a folder, not a CSV file: " + p.string());
    return p;
  }

  fs::path output_path(const toml::node& n, const std::string& key) const {
    auto p = path_text(n, key, "the result file");
    std::error_code ec;
    if (fs::is_directory(p, ec)) fail(key, "is a folder; give the path of the result file: " + p.string());
    return p;
  }

  ValueOrRaster value_or_raster(const toml::node& n, const std::string& key, std::string_view what,
                                const ValueCheck& check_value) const {
    ValueOrRaster out;
    if (n.is_string()) {
      out.raster = raster_path(n, key);
    } else if (n.is_integer() || n.is_floating_point()) {
      const double v = number(n, key);
      if (const auto why = check_value ? check_value(v) : std::string(); !why.empty()) fail(key, why);
      out.value = v;
    } else {
      fail(key, "must be " + std::string(what) + " (a number) or the path to a raster, got " + describe_node(n));
    }
    return out;
  }

  // A number (constant in time) or the path to a (time, value) CSV.
  LoadedSeries series(const toml::node& n, const std::string& key, std::string_view what,
                      const ValueCheck& check_value = {}) const {
    LoadedSeries out;
    if (n.is_string()) {
      const auto p = csv_path(n, key);
      const auto rows = detail::read_csv_rows(p, key);
      std::vector<double> t, v;
      for (const auto& r : rows) {
        if (check_value) {
          if (const auto why = check_value(r.value); !why.empty())
            throw ConfigError(p.string(), key, "line " + std::to_string(r.line) + ": " + why);
        }
        t.push_back(r.time_s);
        v.push_back(r.value);
      }
      out.series = TimeSeries(std::move(t), std::move(v));
      out.source = p.string();
    } else if (n.is_integer() || n.is_floating_point()) {
      const double v = number(n, key);
      if (check_value) {
        if (const auto why = check_value(v); !why.empty()) fail(key, why);
      }
      out.series = TimeSeries::constant(v);
      out.source = format_number(v);
    } else {
      fail(key, "must be " + std::string(what) + " (a number, constant in time) or the path to a CSV of (time, value), got " +
                    describe_node(n));
    }
    return out;
  }

  std::string safe_name(const toml::table& t, const std::string& prefix, std::string_view what) const {
    const std::string key = join(prefix, "name");
    const std::string v = string(required(t, prefix, "name", what), key);
    check(file_name_safe(v), key,
          "\"" + shorten(v) +
              "\" cannot be used as a file name: use 1 to 100 letters, digits, '-', '_' or '.', not starting with '.'");
    return v;
  }

  // ---- sections -------------------------------------------------------------------------------

  void load_info(const toml::table& t, ScenarioInfo& info) const {
    check_keys(t, "scenario", {"name", "description", "reference_time"});
    info.name = safe_name(t, "scenario", "the scenario's name (letters, digits, '-', '_', '.')");
    if (const auto* n = t.get("description")) info.description = string(*n, "scenario.description");
    if (const auto* n = t.get("reference_time")) info.reference_time = reference_time(*n, "scenario.reference_time");
  }

  std::string reference_time(const toml::node& n, const std::string& key) const {
    const std::string expected = "must be an ISO 8601 date and time like \"2026-01-31T06:00:00Z\"";
    if (const auto* dt = n.as_date_time()) return iso_text(dt->get());
    const auto* s = n.as_string();
    if (!s) fail(key, expected + ", got " + describe_node(n));
    const std::string& text = s->get();
    const bool chars_ok = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
      return (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '.' || c == '+' || c == 'T' || c == 't' ||
             c == 'Z' || c == 'z' || c == ' ';
    });
    if (chars_ok) {
      // TOML date-times are RFC 3339, the common profile of ISO 8601: let toml++ check it.
      try {
        const toml::table probe = toml::parse("t = " + text);
        if (const auto* dt = probe.get("t"); dt && probe.size() == 1 && dt->is_date_time())
          return iso_text(dt->as_date_time()->get());
      } catch (const toml::parse_error&) {
      }
    }
    fail(key, expected + " (a time zone such as Z or +01:00 is recommended), got \"" + shorten(text) + "\"");
  }

  void load_terrain(const toml::table& t, TerrainConfig& terrain) const {
    check_keys(t, "terrain", {"dem", "roughness"});
    terrain.dem = raster_path(required(t, "terrain", "dem", "the path to the elevation raster (any GDAL format)"),
                              "terrain.dem");
    if (const auto* n = t.get("roughness")) {
      terrain.roughness = value_or_raster(*n, "terrain.roughness", "Manning's n", [](double v) {
        return v > 0.0 && v < 1.0 ? std::string()
                                  : "Manning's n must be > 0 and < 1 s/m^(1/3), got " + format_number(v);
      });
    }
  }

  void load_initial(const toml::table& t, InitialConfig& initial) const {
    check_keys(t, "initial", {"level", "depth"});
    const auto* level = t.get("level");
    const auto* depth = t.get("depth");
    if (level && depth) fail("initial", "'level' and 'depth' exclude each other: set only one of them");
    if (level) initial.level = value_or_raster(*level, "initial.level", "a water level [m]", {});
    if (depth) {
      initial.depth = value_or_raster(*depth, "initial.depth", "a depth [m]", [](double v) {
        return v >= 0.0 ? std::string() : "the depth must be >= 0 m, got " + format_number(v);
      });
    }
  }

  void load_breaches(const toml::table& root, std::vector<BreachConfig>& out) const {
    const auto tables = table_array(root, "breach");
    for (std::size_t i = 0; i < tables.size(); ++i) out.push_back(load_breach(*tables[i], indexed("breach", i)));
  }

  BreachConfig load_breach(const toml::table& t, const std::string& p) const {
    check_keys(t, p,
               {"name", "x", "y", "start", "initial_width", "max_width", "initial_crest", "min_crest",
                "lowering_duration", "growth", "f1", "f2", "critical_velocity", "width_series", "outside_level",
                "max_snap_distance", "line"});
    BreachConfig b;
    BreachParams& bp = b.params;
    bp.name = safe_name(t, p, "the breach's name (letters, digits, '-', '_', '.')");
    if (const auto* line = t.get("line")) {
      // A short polyline along the dike: the breach sits at the point halfway along it.
      if (t.get("x") || t.get("y")) fail(p, "give either x and y or line, not both");
      const auto* a = line->as_array();
      if (!a || a->size() < 2) fail(p + ".line", "must be a list of two or more points [[x1, y1], [x2, y2], ...]");
      for (std::size_t k = 0; k < a->size(); ++k) b.line.push_back(point(*a->get(k), indexed(p + ".line", k)));
      double total = 0.0;
      for (std::size_t k = 1; k < b.line.size(); ++k)
        total += std::hypot(b.line[k].first - b.line[k - 1].first, b.line[k].second - b.line[k - 1].second);
      if (!(total > 0.0)) fail(p + ".line", "has zero length");
      double walked = 0.0;
      for (std::size_t k = 1; k < b.line.size(); ++k) {
        const double seg = std::hypot(b.line[k].first - b.line[k - 1].first, b.line[k].second - b.line[k - 1].second);
        if (walked + seg >= 0.5 * total && seg > 0.0) {
          const double f = (0.5 * total - walked) / seg;
          b.x = b.line[k - 1].first + f * (b.line[k].first - b.line[k - 1].first);
          b.y = b.line[k - 1].second + f * (b.line[k].second - b.line[k - 1].second);
          break;
        }
        walked += seg;
      }
    } else {
      b.x = number(required(t, p, "x", "the breach's x coordinate [m] in the DEM's CRS (or a line)"), p + ".x");
      b.y = number(required(t, p, "y", "the breach's y coordinate [m] in the DEM's CRS (or a line)"), p + ".y");
    }

    bp.start_s = duration_or(t, p, "start", 0.0);
    check(bp.start_s >= 0.0, p + ".start", "must be >= 0 s (time after the simulation start), got " + format_number(bp.start_s));

    bp.initial_width = number_or(t, p, "initial_width", 10.0);
    check(bp.initial_width > 0.0, p + ".initial_width", "must be > 0 m, got " + format_number(bp.initial_width));
    bp.max_width = number_or(t, p, "max_width", std::max(50.0, bp.initial_width));
    check(bp.max_width >= bp.initial_width, p + ".max_width",
          "must be >= initial_width (" + format_number(bp.initial_width) + " m), got " + format_number(bp.max_width));

    bp.min_crest = number(required(t, p, "min_crest", "the lowest crest level [m] the breach erodes to"), p + ".min_crest");
    if (const auto* n = t.get("initial_crest")) {
      bp.initial_crest = number(*n, p + ".initial_crest");
      check(*bp.initial_crest >= bp.min_crest, p + ".initial_crest",
            "must be >= min_crest (" + format_number(bp.min_crest) + " m), got " + format_number(*bp.initial_crest));
    }
    bp.lowering_duration_s = duration_or(t, p, "lowering_duration", 3600.0);
    check(bp.lowering_duration_s >= 0.0, p + ".lowering_duration",
          "must be >= 0 s, got " + format_number(bp.lowering_duration_s));

    bp.growth = BreachGrowthModel::verheij_van_der_knaap;
    if (const auto* n = t.get("growth")) {
      constexpr BreachGrowthModel models[] = {BreachGrowthModel::verheij_van_der_knaap, BreachGrowthModel::fixed_width,
                                              BreachGrowthModel::width_series};
      bp.growth = models[choice(*n, p + ".growth", {"verheij-van-der-knaap", "fixed", "series"})];
    }
    bp.law.f1 = number_or(t, p, "f1", 1.3);
    check(bp.law.f1 > 0.0, p + ".f1", "must be > 0, got " + format_number(bp.law.f1));
    bp.law.f2 = number_or(t, p, "f2", 0.04);
    check(bp.law.f2 > 0.0, p + ".f2", "must be > 0, got " + format_number(bp.law.f2));
    bp.law.critical_velocity = number_or(t, p, "critical_velocity", 0.2);
    check(bp.law.critical_velocity > 0.0, p + ".critical_velocity",
          "must be > 0 m/s, got " + format_number(bp.law.critical_velocity));

    const auto* ws = t.get("width_series");
    if (bp.growth == BreachGrowthModel::width_series) {
      if (!ws) fail(p + ".width_series", "missing required key: growth = \"series\" needs the path to a CSV of (time since the breach start, width [m])");
      const auto* s = ws->as_string();
      if (!s) fail(p + ".width_series", "must be the path to a CSV of (time, width [m]), got " + describe_node(*ws));
      bp.width_series = series(*ws, p + ".width_series", "a width [m]", [](double v) {
                          return v >= 0.0 ? std::string() : "width must be >= 0 m, got " + format_number(v);
                        }).series;
    } else if (ws) {
      fail(p + ".width_series", "is only used with growth = \"series\"; remove it or set growth = \"series\"");
    }

    auto outside = series(required(t, p, "outside_level", "the water level outside the dike [m]: a number or a CSV of (time, level)"),
                          p + ".outside_level", "the outside water level [m]");
    bp.outside_level = std::move(outside.series);
    b.outside_level_source = std::move(outside.source);

    b.max_snap_distance_m = number_or(t, p, "max_snap_distance", 250.0);
    check(b.max_snap_distance_m > 0.0, p + ".max_snap_distance",
          "must be > 0 m, got " + format_number(b.max_snap_distance_m));
    return b;
  }

  std::pair<double, double> point(const toml::node& n, const std::string& key) const {
    const auto* a = n.as_array();
    if (!a || a->size() != 2) fail(key, "must be a point [x, y] of two numbers, got " + describe_node(n) +
                                            (a ? " of " + std::to_string(a->size()) + " elements" : ""));
    return {number(*a->get(0), key + "[0]"), number(*a->get(1), key + "[1]")};
  }

  void load_inflows(const toml::table& root, std::vector<InflowParams>& out) const {
    const auto tables = table_array(root, "inflow");
    for (std::size_t i = 0; i < tables.size(); ++i) out.push_back(load_inflow(*tables[i], indexed("inflow", i)));
  }

  InflowParams load_inflow(const toml::table& t, const std::string& p) const {
    check_keys(t, p, {"name", "point", "line", "hydrograph", "unit"});
    InflowParams f;
    f.name = safe_name(t, p, "the inflow's name (letters, digits, '-', '_', '.')");
    const auto* pt = t.get("point");
    const auto* ln = t.get("line");
    if (pt && ln) fail(p, "'point' and 'line' exclude each other: set only one of them");
    if (!pt && !ln) fail(p + ".point", "missing required key: set either point = [x, y] or line = [[x1, y1], [x2, y2], ...]");
    if (pt) {
      f.points.push_back(point(*pt, p + ".point"));
    } else {
      const auto* a = ln->as_array();
      if (!a) fail(p + ".line", "must be an array of points [[x1, y1], [x2, y2], ...], got " + describe_node(*ln));
      if (a->size() < 2) fail(p + ".line", "needs at least 2 points, got " + std::to_string(a->size()));
      for (std::size_t k = 0; k < a->size(); ++k) {
        const std::string key = indexed(p + ".line", k);
        const auto xy = point(*a->get(k), key);
        check(f.points.empty() || xy != f.points.back(), key, "repeats the previous point");
        f.points.push_back(xy);
      }
    }
    f.discharge = series(required(t, p, "hydrograph", "the discharge: a number or the path to a CSV of (time, discharge)"),
                         p + ".hydrograph", "a discharge")
                      .series;
    const std::size_t unit = choice(required(t, p, "unit", "\"m3/s\" (total discharge) or \"m2/s\" (per metre of line)"),
                                    p + ".unit", {"m3/s", "m2/s"});
    f.unit = unit == 0 ? DischargeUnit::total_m3_per_s : DischargeUnit::per_metre_m2_per_s;
    if (f.unit == DischargeUnit::per_metre_m2_per_s && pt)
      fail(p + ".unit", "\"m2/s\" (discharge per metre) needs a line; use \"m3/s\" with a point");
    return f;
  }

  void check_unique_names(const Scenario& s) const {
    std::vector<std::pair<std::string, std::string>> seen;  // name, key of its owner
    const auto add = [&](const std::string& name, const std::string& owner) {
      for (const auto& [n, o] : seen)
        if (n == name) fail(owner + ".name", "duplicate name \"" + name + "\": already used by " + o);
      seen.emplace_back(name, owner);
    };
    for (std::size_t i = 0; i < s.breaches.size(); ++i) add(s.breaches[i].params.name, indexed("breach", i));
    for (std::size_t i = 0; i < s.inflows.size(); ++i) add(s.inflows[i].name, indexed("inflow", i));
  }

  void load_boundary(const toml::table& t, std::array<EdgeBoundary, 4>& edges) const {
    constexpr std::string_view sides[] = {"west", "east", "south", "north"};
    check_keys(t, "boundary", {"west", "east", "south", "north"});
    for (std::size_t k = 0; k < 4; ++k) {
      const auto* n = t.get(sides[k]);
      if (!n) continue;
      const std::string key = join("boundary", sides[k]);
      EdgeBoundary& e = edges[k];
      if (const auto* tab = n->as_table()) {
        check_keys(*tab, key, {"level"});
        e.kind = EdgeKind::level;
        e.level = series(required(*tab, key, "level", "the water level [m]: a number or the path to a CSV of (time, level)"),
                         key + ".level", "a water level [m]")
                      .series;
      } else if (n->is_string()) {
        e.kind = choice(*n, key, {"closed", "free"}) == 0 ? EdgeKind::closed : EdgeKind::free;
      } else {
        fail(key, "must be \"closed\", \"free\" or { level = <number or CSV path> }, got " + describe_node(*n));
      }
    }
  }

  void load_simulation(const toml::table& t, SimulationConfig& sim) const {
    const std::string p = "simulation";
    check_keys(t, p,
               {"duration", "cfl", "precision", "backend", "snapshot_interval", "max_time_step", "rise_rate_interval",
                "series_interval", "velocity_min_depth"});
    RunSettings& r = sim.run;
    r.duration_s = duration(required(t, p, "duration", "the simulated time, e.g. \"48h\""), "simulation.duration");
    check(r.duration_s > 0.0, "simulation.duration", "must be > 0 s, got " + format_number(r.duration_s));

    r.cfl = number_or(t, p, "cfl", 0.5);
    check(r.cfl > 0.0 && r.cfl <= 0.5, "simulation.cfl",
          "must be in (0, 0.5], got " + format_number(r.cfl) +
              ": larger Courant numbers lose depth positivity (the scheme can produce negative depths)");

    if (const auto* n = t.get("precision"))
      sim.precision = choice(*n, "simulation.precision", {"double", "single"}) == 0 ? Precision::double_precision
                                                                                    : Precision::single_precision;
    if (const auto* n = t.get("backend")) {
      if (n->is_string() && (n->as_string()->get() == "gpu" || n->as_string()->get() == "GPU"))
        fail("simulation.backend", "must be one of \"auto\", \"cpu\", \"cuda\", got \"" + n->as_string()->get() +
                                       "\" (the GPU backend is \"cuda\")");
      constexpr BackendChoice backends[] = {BackendChoice::auto_select, BackendChoice::cpu, BackendChoice::cuda};
      sim.backend = backends[choice(*n, "simulation.backend", {"auto", "cpu", "cuda"})];
    }

    r.snapshot_interval_s = duration_or(t, p, "snapshot_interval", 3600.0);
    check(r.snapshot_interval_s >= 0.0, "simulation.snapshot_interval",
          "must be >= 0 s (0 = only the final state), got " + format_number(r.snapshot_interval_s));
    r.max_dt_s = duration_or(t, p, "max_time_step", 60.0);
    check(r.max_dt_s > 0.0, "simulation.max_time_step", "must be > 0 s, got " + format_number(r.max_dt_s));
    r.rise_interval_s = duration_or(t, p, "rise_rate_interval", 600.0);
    check(r.rise_interval_s > 0.0, "simulation.rise_rate_interval",
          "must be > 0 s, got " + format_number(r.rise_interval_s));
    r.series_interval_s = duration_or(t, p, "series_interval", 60.0);
    check(r.series_interval_s > 0.0, "simulation.series_interval",
          "must be > 0 s, got " + format_number(r.series_interval_s));
    sim.velocity_min_depth = number_or(t, p, "velocity_min_depth", 0.05);
    check(sim.velocity_min_depth >= 0.0, "simulation.velocity_min_depth",
          "must be >= 0 m, got " + format_number(sim.velocity_min_depth));
  }

  RainConfig load_rain(const toml::table& t) const {
    check_keys(t, "rain", {"intensity", "intensity_raster", "loss_rate", "start", "end"});
    RainConfig r;
    const auto* uniform = t.get("intensity");
    const auto* raster = t.get("intensity_raster");
    if (uniform && raster) fail("rain", "give either intensity (uniform) or intensity_raster, not both");
    const auto non_negative = [](double v) { return v >= 0.0 ? std::string() : "rain intensity must be >= 0 mm/h, got " + format_number(v); };
    if (uniform) {
      LoadedSeries loaded = series(*uniform, "rain.intensity", "an intensity [mm/h]", non_negative);
      r.intensity_mm_per_h = loaded.series;
      r.intensity_source = loaded.source;
    } else if (raster) {
      r.intensity_raster = raster_path(*raster, "rain.intensity_raster");
      r.intensity_source = r.intensity_raster->string();
    }
    r.loss_mm_per_h = number_or(t, "rain", "loss_rate", 0.0);
    check(r.loss_mm_per_h >= 0.0, "rain.loss_rate", "must be >= 0 mm/h, got " + format_number(r.loss_mm_per_h));
    if (!uniform && !raster && r.loss_mm_per_h == 0.0)
      fail("rain", "needs intensity, intensity_raster or loss_rate");
    r.start_s = duration_or(t, "rain", "start", 0.0);
    check(r.start_s >= 0.0, "rain.start", "must be >= 0");
    if (const auto* e = t.get("end")) {
      r.end_s = duration(*e, "rain.end");
      check(*r.end_s > r.start_s, "rain.end", "must be after rain.start");
    }
    return r;
  }

  void load_exposure(const toml::table& t, ExposureConfig& e) const {
    check_keys(t, "exposure",
               {"population", "population_points", "livestock", "species_rasters", "zones", "zone_name_field",
                "zone_id_field", "min_count", "farm_rows", "priority", "species"});
    if (const auto* n = t.get("population")) e.population = raster_path(*n, "exposure.population");
    if (const auto* n = t.get("population_points")) e.population_points = vector_path(*n, "exposure.population_points");
    if (const auto* n = t.get("livestock")) e.livestock = vector_path(*n, "exposure.livestock");
    if (const auto* n = t.get("species_rasters")) {
      const auto* tab = n->as_table();
      if (!tab) fail("exposure.species_rasters", "must be a table of species = raster path, e.g. { cattle = \"cattle.tif\" }, got " + describe_node(*n));
      for (auto&& [k, v] : *tab) {
        const std::string key = "exposure.species_rasters." + std::string(k.str());
        check(species_name_ok(k.str()), key, "a species name must be 1 to 40 lower-case letters, digits or '_'");
        e.species_rasters.emplace_back(std::string(k.str()), raster_path(v, key));
      }
    }
    if (const auto* n = t.get("zones")) e.zones = zone_path(*n, "exposure.zones");
    for (const char* name : {"zone_name_field", "zone_id_field"}) {
      const auto* n = t.get(name);
      if (!n) continue;
      const std::string key = join("exposure", name);
      const std::string v = string(*n, key);
      check(!v.empty(), key, "must name an attribute of the zone file, got an empty string");
      check(e.zones.has_value(), key, "only applies together with exposure.zones");
      (std::string_view(name) == "zone_name_field" ? e.zone_name_field : e.zone_id_field.emplace()) = v;
    }
    if (const auto* n = t.get("min_count")) {
      e.settings.min_count = number(*n, "exposure.min_count");
      check(e.settings.min_count >= 0.0, "exposure.min_count", "must be >= 0, got " + format_number(e.settings.min_count));
    }
    if (const auto* n = t.get("farm_rows")) {
      const auto* b = n->as_boolean();
      if (!b) fail("exposure.farm_rows", "must be true or false, got " + describe_node(*n));
      e.settings.farm_rows = b->get();
    }
    if (const auto* n = t.get("priority")) load_priority(section_table(*n, "exposure.priority"), e.settings.evacuation);
    if (const auto* n = t.get("species")) {
      for (auto&& [k, v] : section_table(*n, "exposure.species")) {
        const std::string key = "exposure.species." + std::string(k.str());
        check(species_name_ok(k.str()), key, "a species name must be 1 to 40 lower-case letters, digits or '_'");
        load_species(section_table(v, key), key, e.settings.evacuation, std::string(k.str()));
      }
    }
    const bool counts = e.population || e.population_points || e.livestock || !e.species_rasters.empty();
    // Zones alone would give only depths: they need something to count.
    if (e.zones && !counts)
      fail("exposure.zones", "needs something to count per zone: population, population_points, livestock or species_rasters");
  }

  static bool species_name_ok(std::string_view s) {
    return !s.empty() && s.size() <= 40 && std::all_of(s.begin(), s.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
  }

  const toml::table& section_table(const toml::node& n, const std::string& key) const {
    if (const auto* t = n.as_table()) return *t;
    fail(key, "must be a table (write [" + key + "]), got " + describe_node(n));
  }

  // A point file: a CSV or any OGR vector; its content is checked when it is read.
  fs::path vector_path(const toml::node& n, const std::string& key) const {
    auto p = path_text(n, key, "a point file (CSV or OGR vector)");
    std::error_code ec;
    if (!fs::exists(p, ec)) fail(key, "file not found: " + p.string());
    return p;
  }

  // Minutes from a duration key (durations are seconds everywhere else).
  void minutes_key(const toml::table& t, const std::string& prefix, std::string_view name, double& out,
                   bool allow_negative = false) const {
    const auto* n = t.get(name);
    if (!n) return;
    const std::string key = join(prefix, name);
    const double s = duration(*n, key);
    check(allow_negative || s >= 0.0, key, "must be >= 0, got " + format_duration(s));
    out = s / 60.0;
  }

  void positive_key(const toml::table& t, const std::string& prefix, std::string_view name, double& out) const {
    const auto* n = t.get(name);
    if (!n) return;
    const std::string key = join(prefix, name);
    out = number(*n, key);
    check(out > 0.0, key, "must be > 0, got " + format_number(out));
  }

  // Checked here, not after the flood: the priority counts from one of the recorded arrivals.
  void check_priority_threshold(const Scenario& s) const {
    const double wanted = s.exposure.settings.evacuation.threshold_m;
    if (wanted == 0.0) return;  // not given: the first threshold
    std::string list;
    for (double t : s.thresholds) {
      if (std::abs(t - wanted) <= 1e-9 * std::max(1.0, wanted)) return;
      list += (list.empty() ? "" : ", ") + format_number(t);
    }
    fail("exposure.priority.threshold",
         "must be one of the arrival thresholds ([arrival] thresholds: " + list + " m), got " + format_number(wanted));
  }

  void load_priority(const toml::table& t, EvacuationParameters& p) const {
    const std::string k = "exposure.priority";
    check_keys(t, k,
               {"threshold", "lead_time", "decision_delay", "people_mobilisation", "people_per_vehicle", "road_capacity",
                "livestock_mobilisation", "trucks_per_farm", "trucks_per_zone", "truck_round_trip"});
    positive_key(t, k, "threshold", p.threshold_m);
    minutes_key(t, k, "lead_time", p.lead_time_min, true);
    minutes_key(t, k, "decision_delay", p.decision_delay_min);
    minutes_key(t, k, "people_mobilisation", p.people_mobilisation_min);
    positive_key(t, k, "people_per_vehicle", p.people_per_vehicle);
    positive_key(t, k, "road_capacity", p.road_capacity_vehicles_per_h);
    minutes_key(t, k, "livestock_mobilisation", p.livestock_mobilisation_min);
    for (const char* name : {"trucks_per_farm", "trucks_per_zone"}) {
      double& v = std::string_view(name) == "trucks_per_farm" ? p.trucks_per_farm : p.trucks_per_zone;
      positive_key(t, k, name, v);
      check(v == std::floor(v), join(k, name), "must be a whole number of trucks, got " + format_number(v));
    }
    minutes_key(t, k, "truck_round_trip", p.truck_round_trip_min);
  }

  void load_species(const toml::table& t, const std::string& key, EvacuationParameters& p, const std::string& name) const {
    check_keys(t, key, {"animals_per_truck", "loading_time", "weight"});
    SpeciesParameters s = p.of(name);  // a new name starts from "other"
    positive_key(t, key, "animals_per_truck", s.animals_per_truck);
    minutes_key(t, key, "loading_time", s.loading_min);
    if (const auto* n = t.get("weight")) {
      s.weight = number(*n, join(key, "weight"));
      check(s.weight >= 0.0, join(key, "weight"), "must be >= 0, got " + format_number(s.weight));
    }
    p.species[name] = s;
  }

  void load_arrival(const toml::table& t, std::vector<double>& thresholds) const {
    check_keys(t, "arrival", {"thresholds"});
    const auto* n = t.get("thresholds");
    if (!n) return;
    const std::string key = "arrival.thresholds";
    const auto* a = n->as_array();
    if (!a) fail(key, "must be an array of depths [m], e.g. [0.02, 0.5], got " + describe_node(*n));
    if (a->empty() || a->size() > std::size_t(max_thresholds))
      fail(key, "must hold 1 to " + std::to_string(max_thresholds) + " depths, got " + std::to_string(a->size()));
    std::vector<double> v;
    for (std::size_t k = 0; k < a->size(); ++k) {
      const std::string ek = indexed(key, k);
      const double d = number(*a->get(k), ek);
      check(d > 0.0, ek, "must be > 0 m, got " + format_number(d));
      if (!v.empty() && !(d > v.back()))
        fail(key, "must be strictly ascending: " + format_number(d) + " m at position " + std::to_string(k) +
                      " is not above " + format_number(v.back()) + " m at position " + std::to_string(k - 1));
      v.push_back(d);
    }
    thresholds = std::move(v);
  }

  std::string file_;
  fs::path dir_;
};

}  // namespace

namespace detail {

std::string read_text_file(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code ec;
  if (!fs::exists(file, ec)) throw ConfigError(name, "", "file not found: " + fs::absolute(file).lexically_normal().string());
  if (fs::is_directory(file, ec)) throw ConfigError(name, "", "is a folder, not a file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(name, "", "cannot open the file for reading");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError(name, "", "read error");
  return text.str();
}

toml::table parse_toml(const std::string& text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw ConfigError(name, "",
                      "TOML syntax error at line " + std::to_string(e.source().begin.line) + ", column " +
                          std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
}

}  // namespace detail

Scenario load_scenario_text(const std::string& text, const std::filesystem::path& file) {
  Scenario s;
  s.file = fs::absolute(file).lexically_normal();
  s.text = text;
  const toml::table root = detail::parse_toml(s.text, file.string());
  Loader(file).load(root, s);
  return s;
}

Scenario load_scenario(const std::filesystem::path& file) { return load_scenario_text(detail::read_text_file(file), file); }

ExposureConfig load_exposure_file(const std::filesystem::path& file) {
  const std::string text = detail::read_text_file(file);
  const toml::table root = detail::parse_toml(text, file.string());
  return Loader(file).load_exposure_only(root);
}

}  // namespace polder
