#include "polder/solver/distributed_backend.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "polder/parallel/comm.hpp"

namespace polder {

namespace {

// Tags of the four halo messages, named after the direction the data travels.
enum HaloTag : int { to_west = 101, to_east = 102, to_south = 103, to_north = 104 };

// Values of `field` (one per cell of `from`) for the cells of rectangle `r` (in `from`'s indices).
template <class T>
std::vector<T> slice(const std::vector<T>& field, const GridGeometry& from, CellRect r) {
  std::vector<T> out;
  if (field.empty()) return out;
  out.reserve(r.count());
  for (int j = r.j0; j <= r.j1; ++j)
    for (int i = r.i0; i <= r.i1; ++i) out.push_back(field[from.index(i, j)]);
  return out;
}

class DistributedBackend final : public SweBackend {
 public:
  DistributedBackend(BackendKind kind, const SweSetup& global, Precision precision)
      : global_(global.geometry),
        layout_(parallel::choose_layout(parallel::size(), global.geometry.nx, global.geometry.ny)),
        block_(parallel::block_of(parallel::rank(), layout_, global.geometry.nx, global.geometry.ny)) {
    if (global.geometry.cell_count() > std::size_t(std::numeric_limits<int>::max()))
      throw parallel::DecompositionError("a grid of " + std::to_string(global.geometry.cell_count()) +
                                         " cells is more than one gather to the root can count (2^31 - 1); "
                                         "see docs/parallel.md, \"Output and memory\"");
    // The local grid: the block plus a one-cell halo on every side that has a neighbour.
    halo_ = {block_.west >= 0 ? 1 : 0, block_.east >= 0 ? 1 : 0, block_.south >= 0 ? 1 : 0, block_.north >= 0 ? 1 : 0};
    local_in_global_ = {block_.i0 - halo_[0], block_.i1 + halo_[1], block_.j0 - halo_[2], block_.j1 + halo_[3]};
    SweSetup local = global;
    local.geometry.nx = local_in_global_.i1 - local_in_global_.i0 + 1;
    local.geometry.ny = local_in_global_.j1 - local_in_global_.j0 + 1;
    local.geometry.x_min = global_.x_min + local_in_global_.i0 * global_.dx;
    local.geometry.y_min = global_.y_min + local_in_global_.j0 * global_.dy;
    local.bed = slice(global.bed, global_, local_in_global_);
    local.active = slice(global.active, global_, local_in_global_);
    local.manning = slice(global.manning, global_, local_in_global_);
    local.depth = slice(global.depth, global_, local_in_global_);
    local.qx = slice(global.qx, global_, local_in_global_);
    local.qy = slice(global.qy, global_, local_in_global_);
    owned_ = {halo_[0], halo_[0] + block_.width() - 1, halo_[2], halo_[2] + block_.height() - 1};
    local.owned = owned_;
    local_geo_ = local.geometry;
    if (kind == BackendKind::cuda) select_cuda_device_for_rank(parallel::local_rank());
    local_ = make_backend(kind, local, precision);
    name_ = local_->name() + " on " + std::to_string(parallel::size()) + " MPI ranks (" + std::to_string(layout_.px) +
            " x " + std::to_string(layout_.py) + " blocks)";
    // Every rank has built its part: from here on all ranks take part in every collective. (A rank
    // that failed earlier, even before this constructor, is waiting in this same agreement.)
    parallel::checkpoint();
    cart_ = std::make_unique<parallel::CartesianGrid>(layout_.px, layout_.py);
    // block_of's arithmetic and MPI's Cartesian topology must name the same neighbours: the halo
    // messages go to MPI's, the slicing follows block_of. Both are the same on every rank.
    const parallel::Neighbours n = cart_->neighbours();
    if (n.west != block_.west || n.east != block_.east || n.south != block_.south || n.north != block_.north)
      parallel::abort_all(1);  // a broken MPI library; ranks could no longer agree on anything
  }

  std::string name() const override { return name_; }
  const GridGeometry& geometry() const override { return global_; }

  FaceSpeeds compute_face_fluxes() override {
    const auto t0 = clock::now();
    exchange_halo();
    const auto t1 = clock::now();
    local_->set_edges(local_edges());
    const FaceSpeeds mine = local_->compute_face_fluxes();
    const auto t2 = clock::now();
    std::vector<double> s{mine.x, mine.y};
    parallel::max_all(s);
    ++exchanges_;
    exchange_wall_s_ += seconds(t1 - t0);
    reduction_wall_s_ += seconds(clock::now() - t2);
    return {s[0], s[1]};
  }

  double apply_fluxes(double dt) override { return parallel::sum_all(local_->apply_fluxes(dt)); }
  double apply_fluxes_and_track(double dt, double t_end_s) override {
    return parallel::sum_all(local_->apply_fluxes_and_track(dt, t_end_s));
  }

  std::vector<double> apply_point_sources(const std::vector<PointSource>& sources, double dt) override {
    return add_sources(sources, [&](const std::vector<PointSource>& mine) { return local_->apply_point_sources(mine, dt); });
  }
  std::vector<double> apply_point_sources_and_track(const std::vector<PointSource>& sources, double dt,
                                                    double t_end_s) override {
    return add_sources(sources, [&](const std::vector<PointSource>& mine) {
      return local_->apply_point_sources_and_track(mine, dt, t_end_s);
    });
  }

  double apply_rain_and_track(double rate, double loss, double dt, double t_end_s) override {
    return parallel::sum_all(local_->apply_rain_and_track(rate, loss, dt, t_end_s));
  }
  void set_rain_pattern(const std::vector<double>& factor) override {
    if (factor.size() != global_.cell_count()) throw std::invalid_argument("rain pattern: one value per cell expected");
    local_->set_rain_pattern(slice(factor, global_, local_in_global_));
  }
  void update_tracking(double t_s) override { local_->update_tracking(t_s); }
  void sample_rise_rate(double interval_s) override { local_->sample_rise_rate(interval_s); }

  double stored_volume() const override { return parallel::sum_all(local_->stored_volume()); }
  std::size_t wet_cells(double min_depth) const override {
    return static_cast<std::size_t>(parallel::sum_all(static_cast<std::uint64_t>(local_->wet_cells(min_depth))));
  }
  // The owners' values on every rank, in one reduction (a max over the owner's value and -inf
  // everywhere else is exact).
  std::vector<CellState> probe(const std::vector<std::size_t>& cells) const override {
    std::vector<std::size_t> mine;
    std::vector<std::size_t> where;
    for (std::size_t s = 0; s < cells.size(); ++s)
      if (const auto k = owned_local(cells[s])) {
        mine.push_back(*k);
        where.push_back(s);
      }
    const std::vector<CellState> found = local_->probe(mine);
    std::vector<double> values(2 * cells.size(), -std::numeric_limits<double>::infinity());
    for (std::size_t m = 0; m < where.size(); ++m) {
      values[2 * where[m]] = found[m].depth;
      values[2 * where[m] + 1] = found[m].bed;
    }
    parallel::max_all(values);
    std::vector<CellState> out(cells.size());
    for (std::size_t s = 0; s < cells.size(); ++s) out[s] = {values[2 * s], values[2 * s + 1]};
    return out;
  }
  // The bed is not exchanged, so every rank holding the cell (owner or halo) changes it.
  void set_bed(std::size_t cell, double z) override {
    if (const auto k = held_local(cell)) local_->set_bed(*k, z);
  }

  std::vector<double> read_state(CellRect r) const override {
    (void)r;
    throw std::logic_error("read_state is per rank; a distributed backend has no global state to read");
  }
  void write_state(CellRect r, const std::vector<double>&) override {
    (void)r;
    throw std::logic_error("write_state is per rank; a distributed backend has no global state to write");
  }

  StateSnapshot download_state() const override {
    // read_state gives depth, qx, qy one after the other: as three parts of one local field.
    const std::vector<double> mine = local_->read_state(owned_);
    const std::size_t count = owned_.count();
    std::vector<double> fields(3 * local_geo_.cell_count(), 0.0);
    for (std::size_t part = 0; part < 3; ++part) {
      std::size_t c = 0;
      for (int j = owned_.j0; j <= owned_.j1; ++j)
        for (int i = owned_.i0; i <= owned_.i1; ++i, ++c)
          fields[part * local_geo_.cell_count() + local_geo_.index(i, j)] = mine[part * count + c];
    }
    std::vector<double> all = gather_field(fields, 3);
    StateSnapshot s;
    if (!parallel::is_root()) return s;
    const std::size_t n = global_.cell_count();
    s.depth.assign(all.begin(), all.begin() + std::ptrdiff_t(n));
    s.qx.assign(all.begin() + std::ptrdiff_t(n), all.begin() + std::ptrdiff_t(2 * n));
    s.qy.assign(all.begin() + std::ptrdiff_t(2 * n), all.end());
    return s;
  }

  TrackedMaps download_tracking() const override {
    const TrackedMaps local = local_->download_tracking();
    const std::size_t n_local = local_geo_.cell_count();
    const std::size_t thresholds = n_local > 0 ? local.arrival_minute.size() / n_local : 0;
    TrackedMaps m;
    m.arrival_minute = gather_field(local.arrival_minute, thresholds);
    m.max_depth = gather_field(local.max_depth, 1);
    m.time_of_max_depth_min = gather_field(local.time_of_max_depth_min, 1);
    m.max_speed = gather_field(local.max_speed, 1);
    m.max_rise_rate = gather_field(local.max_rise_rate, 1);
    return m;
  }

  [[nodiscard]] HaloTraffic traffic() const {
    const std::size_t values_x = 3 * std::size_t(block_.height());
    const std::size_t values_y = 3 * std::size_t(local_geo_.nx);
    std::size_t values = 0;
    if (block_.west >= 0) values += values_x;
    if (block_.east >= 0) values += values_x;
    if (block_.south >= 0) values += values_y;
    if (block_.north >= 0) values += values_y;
    return {values * sizeof(double), exchanges_, exchange_wall_s_, reduction_wall_s_, block_, layout_};
  }

 private:
  // Physical edges keep their condition; the sides facing a neighbour are walls of the halo,
  // whose cells are overwritten by the next exchange anyway.
  std::array<EdgeCondition, 4> local_edges() const {
    std::array<EdgeCondition, 4> e = edges_;
    for (std::size_t s = 0; s < 4; ++s)
      if (halo_[s] != 0) e[s] = EdgeCondition{EdgeKind::closed, 0.0};
    return e;
  }

  // Two phases: east-west over the owned rows, then south-north over the full local width, so
  // that the corner halo cells arrive with the second phase.
  void exchange_halo() {
    const int nx = local_geo_.nx;
    const CellRect west_col{owned_.i0, owned_.i0, owned_.j0, owned_.j1};
    const CellRect east_col{owned_.i1, owned_.i1, owned_.j0, owned_.j1};
    const CellRect west_halo{owned_.i0 - 1, owned_.i0 - 1, owned_.j0, owned_.j1};
    const CellRect east_halo{owned_.i1 + 1, owned_.i1 + 1, owned_.j0, owned_.j1};
    exchange_pair(block_.west, west_col, west_halo, to_west, to_east, block_.east, east_col, east_halo);
    const CellRect south_row{0, nx - 1, owned_.j0, owned_.j0};
    const CellRect north_row{0, nx - 1, owned_.j1, owned_.j1};
    const CellRect south_halo{0, nx - 1, owned_.j0 - 1, owned_.j0 - 1};
    const CellRect north_halo{0, nx - 1, owned_.j1 + 1, owned_.j1 + 1};
    exchange_pair(block_.south, south_row, south_halo, to_south, to_north, block_.north, north_row, north_halo);
  }

  // Sends the low-side strip to the `low` neighbour and the high-side strip to `high`, receiving
  // their strips into the halos.
  void exchange_pair(int low, CellRect low_strip, CellRect low_halo, int tag_to_low, int tag_to_high, int high,
                     CellRect high_strip, CellRect high_halo) {
    if (low < 0 && high < 0) return;
    std::vector<double> send_low, send_high, recv_low, recv_high;
    std::vector<parallel::Exchange> ex;
    if (low >= 0) {
      send_low = local_->read_state(low_strip);
      recv_low.resize(3 * low_halo.count());
      // What arrives from the low neighbour travelled towards the high side.
      ex.push_back({low, send_low.data(), send_low.size(), nullptr, 0, tag_to_low});
      ex.push_back({low, nullptr, 0, recv_low.data(), recv_low.size(), tag_to_high});
    }
    if (high >= 0) {
      send_high = local_->read_state(high_strip);
      recv_high.resize(3 * high_halo.count());
      ex.push_back({high, send_high.data(), send_high.size(), nullptr, 0, tag_to_high});
      ex.push_back({high, nullptr, 0, recv_high.data(), recv_high.size(), tag_to_low});
    }
    cart_->exchange(ex);
    if (low >= 0) local_->write_state(low_halo, recv_low);
    if (high >= 0) local_->write_state(high_halo, recv_high);
  }

  template <class Apply>
  std::vector<double> add_sources(const std::vector<PointSource>& sources, Apply apply) {
    std::vector<PointSource> mine;
    std::vector<std::size_t> where;
    for (std::size_t s = 0; s < sources.size(); ++s)
      if (const auto k = owned_local(sources[s].cell)) {
        mine.push_back({*k, sources[s].discharge});
        where.push_back(s);
      }
    std::vector<double> applied(sources.size(), 0.0);
    const std::vector<double> done = apply(mine);
    for (std::size_t m = 0; m < where.size(); ++m) applied[where[m]] = done[m];
    // Each source is applied by exactly one rank; the others add zeros.
    parallel::sum_all(applied);
    return applied;
  }

  // The local index of a global cell this rank owns / holds (owned or halo).
  std::optional<std::size_t> owned_local(std::size_t cell) const { return local_index(cell, true); }
  std::optional<std::size_t> held_local(std::size_t cell) const { return local_index(cell, false); }
  std::optional<std::size_t> local_index(std::size_t cell, bool owned_only) const {
    const int i = int(cell % std::size_t(global_.nx));
    const int j = int(cell / std::size_t(global_.nx));
    const CellRect r = owned_only ? CellRect{block_.i0, block_.i1, block_.j0, block_.j1} : local_in_global_;
    if (i < r.i0 || i > r.i1 || j < r.j0 || j > r.j1) return std::nullopt;
    return local_geo_.index(i - local_in_global_.i0, j - local_in_global_.j0);
  }

  // Gathers `parts` fields of one value per local cell (part-major) into global fields on the
  // root, one part at a time so that a gather never counts more than the grid's cells (MPI counts
  // are int; the constructor refuses grids beyond that).
  template <class T>
  std::vector<T> gather_field(const std::vector<T>& local, std::size_t parts) const {
    const std::size_t n_local = local_geo_.cell_count();
    const std::size_t n = global_.cell_count();
    std::vector<T> out(parallel::is_root() ? parts * n : 0);
    std::vector<T> mine;
    mine.reserve(owned_.count());
    for (std::size_t p = 0; p < parts; ++p) {
      mine.clear();
      for (int j = owned_.j0; j <= owned_.j1; ++j)
        for (int i = owned_.i0; i <= owned_.i1; ++i) mine.push_back(local[p * n_local + local_geo_.index(i, j)]);
      const std::vector<T> all = parallel::gather_to_root(mine);
      if (!parallel::is_root()) continue;
      std::size_t offset = 0;
      for (int r = 0; r < parallel::size(); ++r) {
        const parallel::Block b = parallel::block_of(r, layout_, global_.nx, global_.ny);
        for (int j = b.j0; j <= b.j1; ++j)
          for (int i = b.i0; i <= b.i1; ++i) out[p * n + global_.index(i, j)] = all[offset++];
      }
    }
    return out;
  }

  using clock = std::chrono::steady_clock;
  static double seconds(clock::duration d) { return std::chrono::duration<double>(d).count(); }

  GridGeometry global_;
  long exchanges_ = 0;
  double exchange_wall_s_ = 0.0;
  double reduction_wall_s_ = 0.0;
  parallel::BlockLayout layout_;
  parallel::Block block_;
  std::unique_ptr<parallel::CartesianGrid> cart_;  // made after the checkpoint: creating it is collective
  std::array<int, 4> halo_{};    // halo width on the west, east, south, north side (0 or 1)
  CellRect local_in_global_;     // the local grid (block + halo) in global indices
  CellRect owned_;               // the block in local indices
  GridGeometry local_geo_;
  std::unique_ptr<SweBackend> local_;
  std::string name_;
};

}  // namespace

std::unique_ptr<SweBackend> make_distributed_backend(BackendKind kind, const SweSetup& global, Precision precision) {
  return std::make_unique<DistributedBackend>(kind, global, precision);
}

HaloTraffic halo_traffic(const SweBackend& distributed) {
  const auto* d = dynamic_cast<const DistributedBackend*>(&distributed);
  if (d == nullptr) return {};
  return d->traffic();
}

}  // namespace polder
