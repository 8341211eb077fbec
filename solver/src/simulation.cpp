#include "polder/solver/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

namespace polder {

double VolumeBalance::relative_error() const {
  // The scale max(initial + injected, stored), guarded by `initial` for runs where sinks
  // remove (nearly) everything and both terms vanish.
  const double scale = std::max({initial + injected, stored, initial});
  if (scale <= 0.0) return 0.0;
  return std::abs(stored - initial - injected + outflow) / scale;
}

namespace {
// Next multiple of `interval` strictly after t (with a tolerance so that round-off in t does not
// produce a second, tiny step at the same output time).
double next_multiple(double t, double interval) {
  if (interval <= 0.0) return std::numeric_limits<double>::infinity();
  const double k = std::floor(t / interval + 1e-9) + 1.0;
  return k * interval;
}
bool at_multiple(double t, double interval) {
  if (interval <= 0.0) return false;
  const double k = std::round(t / interval);
  return std::abs(t - k * interval) <= 1e-9 * std::max(1.0, interval);
}
}  // namespace

Simulation::Simulation(std::unique_ptr<SweBackend> backend, RunSettings settings, std::array<EdgeBoundary, 4> edges,
                       std::vector<Breach> breaches, std::vector<InflowParams> inflows,
                       const std::vector<std::uint8_t>& active)
    : backend_(std::move(backend)), settings_(settings), edges_(std::move(edges)), breaches_(std::move(breaches)),
      inflows_(std::move(inflows)) {
  if (!(settings_.cfl > 0.0 && settings_.cfl <= 0.5))
    throw std::invalid_argument("cfl must be in (0, 0.5]: larger values lose positivity of the depth");
  if (!(settings_.duration_s > 0.0)) throw std::invalid_argument("duration must be positive");
  if (!(settings_.max_dt_s > 0.0)) throw std::invalid_argument("max_time_step must be positive");
  for (const auto& in : inflows_) inflow_cells_.push_back(resolve_inflow_cells(backend_->geometry(), active, in));
}

void Simulation::set_rain(RainParams rain) {
  if (!rain.pattern.empty()) backend_->set_rain_pattern(rain.pattern);
  rain_ = std::move(rain);
}

void Simulation::add_gauge(std::string name, std::size_t cell) {
  if (cell >= backend_->geometry().cell_count()) throw std::invalid_argument("gauge '" + name + "' is outside the grid");
  gauges_.push_back({std::move(name), cell, {}, {}});
}

std::array<EdgeCondition, 4> Simulation::edge_conditions(double t_s) const {
  std::array<EdgeCondition, 4> out{};
  for (std::size_t e = 0; e < 4; ++e) {
    out[e].kind = edges_[e].kind;
    if (edges_[e].kind == EdgeKind::level) out[e].level = edges_[e].level.at(t_s);
  }
  return out;
}

double Simulation::next_event(double t) const {
  double next = settings_.duration_s;
  next = std::min(next, next_multiple(t, settings_.snapshot_interval_s));
  next = std::min(next, next_multiple(t, settings_.rise_interval_s));
  next = std::min(next, next_multiple(t, settings_.series_interval_s));
  for (const auto& b : breaches_) {
    for (double event : {b.params().start_s, b.params().start_s + b.params().lowering_duration_s})
      if (event > t + 1e-9) next = std::min(next, event);
  }
  if (rain_)
    for (double event : {rain_->start_s, rain_->end_s})
      if (event > t + 1e-9) next = std::min(next, event);
  return next;
}

void Simulation::take_snapshot(double t_s, std::vector<Snapshot>& out) const {
  const StateSnapshot s = backend_->download_state();
  Snapshot snap;
  snap.time_s = t_s;
  const std::size_t n = s.depth.size();
  snap.depth.resize(n);
  snap.velocity_x.resize(n);
  snap.velocity_y.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double h = s.depth[k];
    snap.depth[k] = static_cast<float>(h);
    snap.velocity_x[k] = h > 1e-6 ? static_cast<float>(s.qx[k] / h) : 0.0f;
    snap.velocity_y[k] = h > 1e-6 ? static_cast<float>(s.qy[k] / h) : 0.0f;
  }
  out.push_back(std::move(snap));
}

SimulationResult Simulation::run(const ProgressFn& progress) {
  using clock = std::chrono::steady_clock;
  const auto wall0 = clock::now();
  SimulationResult result;
  result.backend = backend_->name();
  const GridGeometry& geo = backend_->geometry();
  const double area = geo.cell_area();
  result.volume.initial = backend_->stored_volume();
  result.inflows.resize(inflows_.size());
  for (std::size_t k = 0; k < inflows_.size(); ++k) result.inflows[k].name = inflows_[k].name;
  std::vector<double> inflow_volume(inflows_.size(), 0.0);

  // Breach cells then gauge cells: their depth and bed are read in one transfer (one reduction
  // when the grid is split over MPI ranks) rather than value by value.
  std::vector<std::size_t> probe_cells;
  for (const auto& b : breaches_) probe_cells.push_back(b.cell());
  const std::size_t breach_count = probe_cells.size();
  for (const auto& g : gauges_) probe_cells.push_back(g.cell);
  const std::vector<std::size_t> breach_cells(probe_cells.begin(), probe_cells.begin() + std::ptrdiff_t(breach_count));
  auto level = [](const CellState& c) { return c.bed + c.depth; };
  auto record_series = [&](double t) {
    const std::vector<CellState> probed = backend_->probe(probe_cells);
    for (std::size_t b = 0; b < breach_count; ++b) breaches_[b].record(t, level(probed[b]));
    for (std::size_t k = 0; k < inflows_.size(); ++k) {
      double q = 0.0;
      for (const auto& c : inflow_cells_[k]) q += c.weight * inflows_[k].discharge.at(t);
      result.inflows[k].time_s.push_back(t);
      result.inflows[k].discharge.push_back(q);
      result.inflows[k].volume.push_back(inflow_volume[k]);
    }
    for (std::size_t k = 0; k < gauges_.size(); ++k) {
      gauges_[k].time_s.push_back(t);
      gauges_[k].depth.push_back(probed[breach_count + k].depth);
    }
  };

  double t = 0.0;
  backend_->update_tracking(t);
  record_series(t);
  if (settings_.snapshot_interval_s > 0.0) take_snapshot(t, result.snapshots);
  long steps = 0;
  const double end = settings_.duration_s;
  // The breach cells as probed at the end of the last step, while nothing has changed them since:
  // saves a transfer (a reduction under MPI) per step.
  std::optional<std::vector<CellState>> unchanged_breach_cells;
  while (t < end - 1e-9 * std::max(1.0, end)) {
    // Breach crest lowering cuts the receiving cell's bed; the depth (volume) is kept.
    std::vector<CellState> at_breach =
        unchanged_breach_cells ? std::move(*unchanged_breach_cells) : backend_->probe(breach_cells);
    unchanged_breach_cells.reset();
    bool lowered = false;
    for (std::size_t b = 0; b < breach_count; ++b) {
      const double z = breaches_[b].bed_at(t);
      if (z < at_breach[b].bed) {
        backend_->set_bed(breaches_[b].cell(), z);
        lowered = true;
      }
    }
    if (lowered) at_breach = backend_->probe(breach_cells);  // the bed as stored (single precision rounds it)
    backend_->set_edges(edge_conditions(t));
    const double dt_cfl = backend_->compute_fluxes(settings_.cfl);
    double dt = std::min({dt_cfl, settings_.max_dt_s, next_event(t) - t});
    if (!(dt > 0.0) || !std::isfinite(dt)) throw std::runtime_error("time step collapsed at t = " + std::to_string(t) + " s");

    std::vector<PointSource> sources;
    for (std::size_t b = 0; b < breach_count; ++b) {
      const CellState& c = at_breach[b];
      sources.push_back({breaches_[b].cell(), breaches_[b].discharge(t, level(c), c.depth, dt, area)});
    }
    const double t_mid = t + 0.5 * dt;  // hydrographs at mid-step: second-order in time for ∫Q dt
    for (std::size_t k = 0; k < inflows_.size(); ++k)
      for (const auto& c : inflow_cells_[k]) sources.push_back({c.cell, c.weight * inflows_[k].discharge.at(t_mid)});

    // Land exactly on output times so they do not drift.
    double t_end = t + dt;
    const double event = next_event(t);
    if (std::abs(t_end - event) <= 1e-9 * std::max(1.0, event)) t_end = event;
    result.volume.outflow += backend_->apply_fluxes_and_track(dt, t_end);
    const std::vector<double> applied = backend_->apply_point_sources_and_track(sources, dt, t_end);
    std::vector<CellState> after = breach_count > 0 ? backend_->probe(breach_cells) : std::vector<CellState>{};
    std::size_t s = 0;
    for (std::size_t b = 0; b < breach_count; ++b, ++s) {
      result.volume.injected += applied[s];
      breaches_[b].finish_step(t, dt, applied[s], level(after[b]));
    }
    for (std::size_t k = 0; k < inflows_.size(); ++k)
      for (std::size_t c = 0; c < inflow_cells_[k].size(); ++c, ++s) {
        inflow_volume[k] += applied[s];
        result.volume.injected += applied[s];
      }
    if (rain_) {
      // Rain over the part of the step inside [start, end], at the intensity of its middle.
      const double a = std::max(t, rain_->start_s);
      const double b = std::min(t_end, rain_->end_s);
      const double rate = b > a ? rain_->rate_m_per_s.at(0.5 * (a + b)) * (b - a) / dt : 0.0;
      const double loss = b > a ? rain_->loss_m_per_s * (b - a) / dt : 0.0;
      if (rate != 0.0 || loss != 0.0) result.volume.injected += backend_->apply_rain_and_track(rate, loss, dt, t_end);
      if (rate == 0.0 && loss == 0.0) unchanged_breach_cells = std::move(after);
    } else {
      unchanged_breach_cells = std::move(after);
    }

    t = t_end;
    ++steps;
    if (at_multiple(t, settings_.rise_interval_s)) backend_->sample_rise_rate(settings_.rise_interval_s);
    if (at_multiple(t, settings_.series_interval_s)) record_series(t);
    if (at_multiple(t, settings_.snapshot_interval_s)) take_snapshot(t, result.snapshots);
    if (progress && steps % 50 == 0)
      progress({t, end, std::chrono::duration<double>(clock::now() - wall0).count(), steps});
  }
  if (!at_multiple(t, settings_.series_interval_s)) record_series(t);
  if (result.snapshots.empty() || std::abs(result.snapshots.back().time_s - t) > 1e-9) take_snapshot(t, result.snapshots);
  result.volume.stored = backend_->stored_volume();
  result.maps = backend_->download_tracking();
  result.breaches = breaches_;
  result.gauges = gauges_;
  result.steps = steps;
  result.end_time_s = t;
  result.wall_s = std::chrono::duration<double>(clock::now() - wall0).count();
  if (progress) progress({t, end, result.wall_s, steps});
  return result;
}

}  // namespace polder
