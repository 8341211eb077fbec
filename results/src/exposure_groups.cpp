#include "exposure_groups.hpp"

#include <cmath>
#include <limits>

#include "polder/results/hdf5_writing.hpp"

namespace polder {

namespace {

using namespace h5w;  // NOLINT: built from the shared helpers

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct Info {
  std::string name, long_name, units;
};

std::vector<std::int32_t> positions(std::size_t n) {
  std::vector<std::int32_t> v(n);
  for (std::size_t k = 0; k < n; ++k) v[k] = static_cast<std::int32_t>(k);
  return v;
}

// One table group (zones or farms): columns over the group's own row dimension.
class Table {
 public:
  Table(hid_t group, Handle row, const ResultContent& c) : group_(group), row_(std::move(row)), c_(c) {}
  [[nodiscard]] hid_t row() const { return row_; }

  void numbers(const Info& info, const std::vector<double>& v, bool nan_fill = false) const {
    const Handle ds = write_dataset<double>(group_, info.name, {v.size()}, v, nan_fill ? std::optional<double>(nan) : std::nullopt);
    describe(ds, info.long_name, info.units);
    attach(ds, {row_});
  }
  void optional_numbers(const Info& info, const std::vector<std::optional<double>>& v) const {
    std::vector<double> out;
    for (const auto& x : v) out.push_back(x.value_or(nan));
    numbers(info, out, true);
  }
  void integers(const Info& info, const std::vector<std::int32_t>& v, std::optional<std::int32_t> fill = std::nullopt) const {
    const Handle ds = write_dataset<std::int32_t>(group_, info.name, {v.size()}, v, fill);
    describe(ds, info.long_name, info.units);
    attach(ds, {row_});
  }
  void times(const Info& info, const std::vector<std::optional<std::int32_t>>& v) const {
    std::vector<std::int32_t> out;
    for (const auto& x : v) out.push_back(x.value_or(int_fill));
    const Handle ds = write_dataset<std::int32_t>(group_, info.name, {out.size()}, out, int_fill);
    write_attribute(ds, "long_name", info.long_name);
    write_time_units(ds, c_.reference_time, true);
    attach(ds, {row_});
  }
  void flags(const Info& info, const std::vector<std::uint8_t>& v, const std::string& meanings) const {
    const Handle ds = write_dataset<std::uint8_t>(group_, info.name, {v.size()}, v);
    write_attribute(ds, "long_name", info.long_name);
    const std::uint8_t values[] = {0, 1};
    write_attribute<std::uint8_t>(ds, "flag_values", values);
    write_attribute(ds, "flag_meanings", meanings);
    attach(ds, {row_});
  }
  void strings(const Info& info, const std::vector<std::string>& v) const {
    const Handle ds = write_strings(group_, info.name, v);
    write_attribute(ds, "long_name", info.long_name);  // CF gives strings no units
    attach(ds, {row_});
  }

  // The priority columns shared by zones and farms.
  void priority(const std::vector<const EvacuationPriority*>& p) const {
    std::vector<std::optional<std::int32_t>> arrival;
    std::vector<std::optional<double>> available, lss, slack;
    std::vector<double> needed, weight;
    std::vector<std::int32_t> rank;
    for (const EvacuationPriority* x : p) {
      arrival.push_back(x->arrival);
      available.push_back(x->time_available_min);
      lss.push_back(x->latest_safe_start);
      slack.push_back(x->slack_min);
      needed.push_back(x->time_needed_min);
      weight.push_back(x->weight);
      rank.push_back(x->rank > 0 ? x->rank : int_fill);  // 0: withheld
    }
    times({"priority_arrival", "arrival time at the priority threshold", ""}, arrival);
    optional_numbers({"time_available", "lead time + arrival - decision delay", "minutes"}, available);
    // time_needed is NaN only where the counts behind it are suppressed.
    numbers({"time_needed", "time needed to evacuate: mobilisation, loading and transport", "minutes"}, needed, true);
    {
      const Handle ds = write_dataset<double>(group_, "latest_safe_start", {lss.size()}, unwrap(lss), nan);
      write_attribute(ds, "long_name", "latest start of the evacuation that still finishes before the water arrives");
      write_time_units(ds, c_.reference_time, true);
      attach(ds, {row_});
    }
    optional_numbers({"slack", "time available - time needed (negative: cannot finish in time)", "minutes"}, slack);
    numbers({"priority_weight", "people + weighted animals, the tie-break of the ranking", "1"}, weight, true);
    integers({"priority_rank", "evacuation priority, 1 = first", "1"}, rank, int_fill);
  }

 private:
  static std::vector<double> unwrap(const std::vector<std::optional<double>>& v) {
    std::vector<double> out;
    for (const auto& x : v) out.push_back(x.value_or(nan));
    return out;
  }
  hid_t group_;
  Handle row_;
  const ResultContent& c_;
};

using Curves3d = std::vector<std::vector<std::vector<double>>>;  // [threshold][row][minute]

// Newly reached in each minute from the cumulative curves (minute 0: everything reached at 0);
// a withheld (NaN) curve stays NaN.
Curves3d newly_reached(const Curves3d& cumulative) {
  Curves3d out = cumulative;
  for (auto& rows : out)
    for (auto& curve : rows)
      for (std::size_t m = curve.size(); m-- > 1;) curve[m] -= curve[m - 1];
  return out;
}

// [threshold][row][minute] as one (threshold, row, minute) dataset.
void write_curves_3d(hid_t group, const Info& info, const std::vector<std::vector<std::vector<double>>>& curves,
                     std::size_t rows, std::size_t minutes, std::initializer_list<hid_t> dims) {
  const Handle ds = create_dataset<double>(group, info.name, {hsize_t(curves.size()), hsize_t(rows), hsize_t(minutes)});
  for (std::size_t t = 0; t < curves.size(); ++t) {
    std::vector<double> slice;
    for (const auto& curve : curves[t]) slice.insert(slice.end(), curve.begin(), curve.end());
    write_values<double>(ds, slice, t);
  }
  describe(ds, info.long_name, info.units);
  attach(ds, dims);
}

class ExposureWriter {
 public:
  ExposureWriter(const ResultContent& c, hid_t threshold) : c_(c), e_(*c.exposure), threshold_(threshold) {}

  void write(hid_t file) {
    const Handle group = create_group(file, "exposure");
    if (e_.has_people) {
      write_attribute(group, "population_in_domain", e_.population_in_domain);
      write_attribute(group, "population_outside_domain", e_.population_outside_domain);
    }
    if (!e_.settings.empty()) write_attribute(group, "evacuation_parameters", e_.settings);
    for (const auto& [name, value] : e_.reported) write_attribute(group, name, value);
    const Handle minute = make_dimension_scale<std::int32_t>(group, "minute", e_.minute);
    write_attribute(minute, "long_name", "whole minutes since the simulation start");
    write_attribute(minute, "units", "minutes");
    const std::vector<hsize_t> dims = {hsize_t(c_.thresholds.size()), hsize_t(e_.minute.size())};
    if (e_.has_people) {
      const std::pair<const std::vector<std::vector<double>>*, Info> curves[] = {
          {&e_.people_reached, {"people_reached", "people reached by water at least the threshold depth, cumulative", "1"}},
          {&e_.people_new, {"people_new", "people newly reached in this minute", "1"}}};
      for (const auto& [rows, info] : curves) {
        const Handle ds = create_dataset<double>(group, info.name, dims);
        for (std::size_t t = 0; t < rows->size(); ++t) write_values<double>(ds, (*rows)[t], t);
        describe(ds, info.long_name, info.units);
        attach(ds, {threshold_, minute});
      }
    }
    std::optional<Handle> species;
    if (!e_.species.empty()) species.emplace(write_species(group, minute));
    if (c_.zone_exposure) write_zones(group, minute, species ? hid_t(*species) : H5I_INVALID_HID);
    if (c_.farms) write_farms(group);
  }

 private:
  // The species dimension lives in /exposure so that /exposure/zones can use it too.
  Handle write_species(hid_t group, hid_t minute) const {
    const std::size_t n = e_.species.size();
    Handle species = make_dimension_scale<std::int32_t>(group, "species", positions(n));
    describe(species, "position of the species in species_name", "1");
    std::vector<std::string> names;
    std::vector<double> in, out;
    for (const SpeciesCurves& s : e_.species) {
      names.push_back(s.species);
      in.push_back(s.in_domain);
      out.push_back(s.outside_domain);
    }
    {
      const Handle ds = write_strings(group, "species_name", names);
      write_attribute(ds, "long_name", "livestock species");
      attach(ds, {species});
    }
    const std::pair<std::vector<double>*, Info> totals[] = {
        {&in, {"animals_in_domain", "head count on model cells", "1"}},
        {&out, {"animals_outside_domain", "head count off the grid or on cells outside the model, not exposed by it", "1"}}};
    for (const auto& [v, info] : totals) {
      const Handle ds = write_dataset<double>(group, info.name, {n}, *v);
      describe(ds, info.long_name, info.units);
      attach(ds, {species});
    }
    const Info curves[] = {{"animals_reached", "head reached by water at least the threshold depth, cumulative", "1"},
                           {"animals_new", "head newly reached in this minute", "1"}};
    for (int which = 0; which < 2; ++which) {
      const Handle ds = create_dataset<double>(group, curves[which].name,
                                               {hsize_t(n), hsize_t(c_.thresholds.size()), hsize_t(e_.minute.size())});
      for (std::size_t s = 0; s < n; ++s) {
        std::vector<double> slice;
        for (const auto& curve : which == 0 ? e_.species[s].reached : e_.species[s].added)
          slice.insert(slice.end(), curve.begin(), curve.end());
        write_values<double>(ds, slice, s);
      }
      describe(ds, curves[which].long_name, curves[which].units);
      attach(ds, {species, threshold_, minute});
    }
    return species;
  }

  void write_zones(hid_t exposure, hid_t minute, hid_t species) const {
    const ZoneExposure& z = *c_.zone_exposure;
    const Handle group = create_group(exposure, "zones");
    if (z.has_people) write_attribute(group, "people_outside_zones", z.people_outside_zones);
    write_attribute(group, "min_count", z.min_count);
    const std::size_t n = z.zones.size();
    Handle zone_dim = make_dimension_scale<std::int32_t>(group, "zone", positions(n));
    describe(zone_dim, "position of the zone in this table", "1");
    const hid_t zone = zone_dim;
    const Table t(group, std::move(zone_dim), c_);
    const auto column = [&](auto pick) {
      std::vector<std::decay_t<decltype(pick(z.zones[0]))>> v;
      for (const ZoneRow& r : z.zones) v.push_back(pick(r));
      return v;
    };
    t.strings({"name", "zone name", ""}, column([](const ZoneRow& r) { return r.name; }));
    t.integers({"zone_id", "zone id from the zone file", "1"}, column([](const ZoneRow& r) { return r.zone_id; }));
    if (z.has_people) {
      t.numbers({"people", "people on model cells of the zone", "1"}, column([](const ZoneRow& r) { return r.people; }), true);
      t.flags({"people_suppressed", "people figures withheld: fewer people than min_count", ""},
              column([](const ZoneRow& r) { return std::uint8_t(r.people_suppressed); }), "published suppressed");
    }
    t.times({"first_arrival", "first time the water reached the first threshold depth in the zone", ""},
            column([](const ZoneRow& r) { return r.first_arrival; }));
    if (z.has_people) {
      for (std::size_t p = 0; p < std::size(zone_percentages); ++p)
        t.times({"minutes_to_" + std::to_string(zone_percentages[p]) + "_percent",
                 "time at which " + std::to_string(zone_percentages[p]) + " % of the zone's people were reached", ""},
                column([p](const ZoneRow& r) { return r.minutes_to_percent[p]; }));
      for (std::size_t h = 0; h < std::size(zone_hours); ++h)
        t.numbers({"people_within_" + std::to_string(zone_hours[h]) + "h",
                   "people reached at the first threshold within " + std::to_string(zone_hours[h]) + " h", "1"},
                  column([h](const ZoneRow& r) { return r.people_within[h]; }), true);
    }
    t.numbers({"max_depth_mean", "mean maximum water depth over flooded cells", "m"},
              column([](const ZoneRow& r) { return r.max_depth_mean; }));
    t.numbers({"max_depth_max", "largest maximum water depth in the zone", "m"},
              column([](const ZoneRow& r) { return r.max_depth_max; }));
    t.numbers({"flooded_area_km2", "area reached at the first threshold", "km2"},
              column([](const ZoneRow& r) { return r.flooded_area_km2; }));
    if (species >= 0) write_zone_animals(group, t, zone, minute, species);
    std::vector<const EvacuationPriority*> p;
    for (const ZoneRow& r : z.zones) p.push_back(&r.priority);
    t.priority(p);
    if (z.has_people) {
      write_curves_3d(group, {"people_reached", "people in the zone reached by water at least the threshold depth, cumulative", "1"},
                      z.people_reached, n, e_.minute.size(), {threshold_, zone, minute});
      write_curves_3d(group, {"people_new", "people in the zone newly reached in this minute", "1"},
                      newly_reached(z.people_reached), n, e_.minute.size(), {threshold_, zone, minute});
    }
  }

  void write_zone_animals(hid_t group, const Table& t, hid_t zone, hid_t minute, hid_t species) const {
    const ZoneExposure& z = *c_.zone_exposure;
    const std::size_t n = z.zones.size(), ns = z.species.size();
    std::vector<std::int32_t> farms;
    std::vector<std::uint8_t> suppressed;
    for (const ZoneRow& r : z.zones) {
      farms.push_back(r.farms);
      suppressed.push_back(std::uint8_t(r.animals_suppressed));
    }
    t.integers({"farms", "farm points in the zone", "1"}, farms);
    t.flags({"animals_suppressed", "animal figures withheld: fewer farms (or animals) than min_count", ""}, suppressed,
            "published suppressed");
    const auto species_by_zone = [&](const Info& info, auto pick) {
      std::vector<double> v;
      for (std::size_t s = 0; s < ns; ++s)
        for (const ZoneRow& r : z.zones) v.push_back(pick(r, s));
      const Handle ds = write_dataset<double>(group, info.name, {ns, n}, v, nan);
      describe(ds, info.long_name, info.units);
      attach(ds, {species, zone});
    };
    species_by_zone({"animals", "head count on model cells of the zone", "1"},
                    [](const ZoneRow& r, std::size_t s) { return r.animals[s]; });
    for (std::size_t h = 0; h < std::size(zone_hours); ++h)
      species_by_zone({"animals_within_" + std::to_string(zone_hours[h]) + "h",
                       "head reached at the first threshold within " + std::to_string(zone_hours[h]) + " h", "1"},
                      [h](const ZoneRow& r, std::size_t s) { return r.animals_within[s][h]; });
    for (const bool cumulative : {true, false}) {
      const Handle ds = create_dataset<double>(group, cumulative ? "animals_reached" : "animals_new",
                                               {hsize_t(ns), hsize_t(c_.thresholds.size()), hsize_t(n), hsize_t(e_.minute.size())});
      for (std::size_t s = 0; s < ns; ++s) {
        const Curves3d curves = cumulative ? z.animals_reached[s] : newly_reached(z.animals_reached[s]);
        std::vector<double> slice;
        for (const auto& per_threshold : curves)
          for (const auto& curve : per_threshold) slice.insert(slice.end(), curve.begin(), curve.end());
        write_values<double>(ds, slice, s);
      }
      describe(ds, cumulative ? "head in the zone reached by water at least the threshold depth, cumulative"
                              : "head in the zone newly reached in this minute", "1");
      attach(ds, {species, threshold_, zone, minute});
    }
  }

  void write_farms(hid_t exposure) const {
    const std::vector<FarmRow>& farms = *c_.farms;
    const Handle group = create_group(exposure, "farms");
    const std::size_t n = farms.size();
    Handle farm_dim = make_dimension_scale<std::int32_t>(group, "farm", positions(n));
    describe(farm_dim, "position of the farm in this table (the farm file's row order)", "1");
    const hid_t farm = farm_dim;
    const Table t(group, std::move(farm_dim), c_);
    const auto column = [&](auto pick) {
      std::vector<std::decay_t<decltype(pick(farms[0]))>> v;
      for (const FarmRow& r : farms) v.push_back(pick(r));
      return v;
    };
    t.strings({"farm_id", "farm id from the farm file", ""}, column([](const FarmRow& r) { return r.farm_id; }));
    t.strings({"name", "farm name", ""}, column([](const FarmRow& r) { return r.name; }));
    t.numbers({"x", "farm x in the grid's CRS", "m"}, column([](const FarmRow& r) { return r.x; }));
    t.numbers({"y", "farm y in the grid's CRS", "m"}, column([](const FarmRow& r) { return r.y; }));
    t.strings({"species", "livestock species", ""}, column([](const FarmRow& r) { return r.species; }));
    t.numbers({"head_count", "head count of the species on the farm", "1"}, column([](const FarmRow& r) { return r.head_count; }));
    t.flags({"in_domain", "the farm lies on a model cell", ""},
            column([](const FarmRow& r) { return std::uint8_t(r.in_domain); }), "outside_domain model_cell");
    t.integers({"zone_id", "zone id at the farm", "1"}, column([](const FarmRow& r) { return r.zone_id.value_or(int_fill); }),
               int_fill);
    t.strings({"zone_name", "zone name at the farm (empty: no zone)", ""}, column([](const FarmRow& r) { return r.zone_name; }));
    {
      std::vector<std::int32_t> v;
      for (std::size_t k = 0; k < c_.thresholds.size(); ++k)
        for (const FarmRow& r : farms) v.push_back(r.arrival[k].value_or(int_fill));
      const Handle ds = write_dataset<std::int32_t>(group, "arrival_time", {c_.thresholds.size(), n}, v, int_fill);
      write_attribute(ds, "long_name", "time at which the water depth at the farm first reached the threshold");
      write_time_units(ds, c_.reference_time, true);
      attach(ds, {threshold_, farm});
    }
    t.optional_numbers({"max_depth", "maximum water depth at the farm's cell", "m"},
                       column([](const FarmRow& r) { return r.max_depth; }));
    std::vector<const EvacuationPriority*> p;
    for (const FarmRow& r : farms) p.push_back(&r.priority);
    t.priority(p);
  }

  const ResultContent& c_;
  const ExposureCurves& e_;
  hid_t threshold_;
};

}  // namespace

void write_exposure_groups(hid_t file, hid_t threshold, const ResultContent& c) { ExposureWriter(c, threshold).write(file); }

}  // namespace polder
