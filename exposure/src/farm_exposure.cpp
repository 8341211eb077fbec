#include "polder/exposure/farm_exposure.hpp"

#include <map>
#include <optional>
#include <stdexcept>

#include "polder/exposure/priority.hpp"

namespace polder {

std::vector<FarmRow> farm_table(const std::vector<FarmPoint>& farms, const std::vector<std::optional<std::size_t>>& cells,
                                const FarmInputs& in, const EvacuationParameters& p) {
  const std::size_t n = in.active.size();
  if (cells.size() != farms.size() || in.arrival_minute.size() != n * in.thresholds || in.max_depth.size() != n ||
      in.priority_threshold >= in.thresholds)
    throw std::invalid_argument("farm_table: sizes do not match");
  std::map<std::string, Heads> by_farm;  // every species of a farm id
  for (const FarmPoint& f : farms) by_farm[f.id].emplace_back(f.species, f.head_count);

  std::vector<FarmRow> rows;
  for (std::size_t k = 0; k < farms.size(); ++k) {
    const FarmPoint& f = farms[k];
    FarmRow r;
    r.farm_id = f.id;
    r.name = f.name;
    r.x = f.x;
    r.y = f.y;
    r.species = f.species;
    r.head_count = f.head_count;
    r.arrival.assign(in.thresholds, std::nullopt);
    if (const auto cell = cells[k]) {
      if (in.zones && in.zones->zone_of_cell[*cell] >= 0) {
        const auto z = std::size_t(in.zones->zone_of_cell[*cell]);
        r.zone_id = in.zones->ids[z];
        r.zone_name = in.zones->names[z];
      }
      r.in_domain = in.active[*cell] != 0;
      if (r.in_domain) {
        r.max_depth = in.max_depth[*cell];
        for (std::size_t t = 0; t < in.thresholds; ++t)
          if (const std::int32_t a = in.arrival_minute[t * n + *cell]; a >= 0) r.arrival[t] = a;
      }
    }
    rows.push_back(std::move(r));
  }
  // One priority per farm (id), shared by its rows: the farm moves all its species, and must
  // start when the water first reaches any of its rows' cells.
  std::map<std::string, std::optional<std::int32_t>> first_arrival;
  for (const FarmRow& r : rows) {
    auto& a = first_arrival[r.farm_id];
    const auto& mine = r.arrival[in.priority_threshold];
    if (mine && (!a || *mine < *a)) a = mine;
  }
  std::map<std::string, Priority> by_id;
  std::vector<Priority*> entries;  // in order of each farm's first row
  for (const FarmRow& r : rows) {
    if (by_id.count(r.farm_id) != 0) continue;
    const Heads& heads = by_farm[r.farm_id];
    Priority& pr = by_id[r.farm_id];
    pr = make_priority(first_arrival[r.farm_id], livestock_time_needed(heads, p.trucks_per_farm, p),
                       priority_weight(0.0, heads, p), p);
    entries.push_back(&pr);
  }
  assign_ranks(entries);
  for (FarmRow& r : rows) r.priority = by_id.at(r.farm_id);
  return rows;
}

}  // namespace polder
