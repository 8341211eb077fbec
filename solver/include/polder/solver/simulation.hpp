#pragma once
// One scenario run: the time loop that couples the shallow-water backend with breaches, inflow
// hydrographs, boundary levels and the output schedule, and keeps the volume balance.
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "polder/solver/breach.hpp"
#include "polder/solver/inflow.hpp"
#include "polder/solver/swe_backend.hpp"
#include "polder/solver/time_series.hpp"

namespace polder {

struct RunSettings {
  double duration_s = 3600.0;
  double cfl = 0.5;                  // Courant number, (0, 0.5]; see docs/numerics.md
  double max_dt_s = 60.0;            // cap, also the step of a domain where nothing moves
  double snapshot_interval_s = 0.0;  // 0 = only the final state
  double rise_interval_s = 600.0;    // rise rate is measured over intervals of this length
  double series_interval_s = 60.0;   // breach/inflow series are recorded at this interval
};

struct EdgeBoundary {
  EdgeKind kind = EdgeKind::closed;
  TimeSeries level;  // for EdgeKind::level
};

// Rain on the whole model and a uniform loss rate (infiltration, pumping), both optional.
struct RainParams {
  TimeSeries rate_m_per_s;       // uniform intensity against simulation time (empty = none)
  std::vector<double> pattern;   // per cell factor on the intensity (empty = 1 everywhere)
  double loss_m_per_s = 0.0;     // taken from every wet cell, never more than it holds
  double start_s = 0.0;
  double end_s = 1e300;
};

struct Snapshot {
  double time_s = 0.0;
  std::vector<float> depth, velocity_x, velocity_y;
};

struct InflowRecord {
  std::string name;
  std::vector<double> time_s, discharge, volume;
};

// Depth at one cell, recorded at every series interval (observation point).
struct GaugeRecord {
  std::string name;
  std::size_t cell = 0;
  std::vector<double> time_s, depth;
};

struct VolumeBalance {
  double initial = 0.0;   // [m³]
  double injected = 0.0;  // by breaches, inflows and rain less losses, as actually applied step by step [m³]
  double outflow = 0.0;   // through open grid edges [m³]
  double stored = 0.0;    // at the end [m³]
  [[nodiscard]] double relative_error() const;
};

struct SimulationResult {
  TrackedMaps maps;
  std::vector<Snapshot> snapshots;
  std::vector<Breach> breaches;
  std::vector<InflowRecord> inflows;
  std::vector<GaugeRecord> gauges;
  VolumeBalance volume;
  long steps = 0;
  double wall_s = 0.0;
  double end_time_s = 0.0;
  std::string backend;
};

struct Progress {
  double t_s, duration_s, wall_s;
  long steps;
};
using ProgressFn = std::function<void(const Progress&)>;

class Simulation {
 public:
  Simulation(std::unique_ptr<SweBackend> backend, RunSettings settings, std::array<EdgeBoundary, 4> edges,
             std::vector<Breach> breaches, std::vector<InflowParams> inflows, const std::vector<std::uint8_t>& active);
  void set_rain(RainParams rain);
  // Records the depth at `cell` every series interval.
  void add_gauge(std::string name, std::size_t cell);
  SimulationResult run(const ProgressFn& progress = {});

 private:
  std::array<EdgeCondition, 4> edge_conditions(double t_s) const;
  double next_event(double t_s) const;
  void take_snapshot(double t_s, std::vector<Snapshot>& out) const;

  std::unique_ptr<SweBackend> backend_;
  RunSettings settings_;
  std::array<EdgeBoundary, 4> edges_;
  std::vector<Breach> breaches_;
  std::vector<InflowParams> inflows_;
  std::vector<std::vector<InflowCell>> inflow_cells_;
  std::vector<GaugeRecord> gauges_;
  std::optional<RainParams> rain_;
};

}  // namespace polder
