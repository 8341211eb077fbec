#pragma once
// The shallow-water state and its per-step operations, behind one interface. One implementation
// template (detail/swe_backend_impl.hpp) is instantiated per backend (CPU/OpenMP, CUDA) and per
// precision; the backend is chosen once, when the solver is built.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "polder/grids/grid_geometry.hpp"

namespace polder {

enum class Precision { single_precision, double_precision };
enum class BackendKind { cpu, cuda };
enum class EdgeKind { closed, free, level };
enum class Edge { west = 0, east = 1, south = 2, north = 3 };

inline constexpr int max_thresholds = 8;

// An inclusive rectangle of cells (column i0..i1, row j0..j1); empty when i0 > i1 or j0 > j1.
struct CellRect {
  int i0 = 0, i1 = -1, j0 = 0, j1 = -1;
  [[nodiscard]] bool empty() const { return i0 > i1 || j0 > j1; }
  [[nodiscard]] std::size_t count() const {
    return empty() ? 0 : std::size_t(i1 - i0 + 1) * std::size_t(j1 - j0 + 1);
  }
};

struct EdgeCondition {
  EdgeKind kind = EdgeKind::closed;
  double level = 0.0;  // water level [m] for EdgeKind::level, at the current time
};

struct SweSetup {
  GridGeometry geometry;
  std::vector<double> bed;              // bed level per cell [m]; ignored where inactive
  std::vector<std::uint8_t> active;     // 1 = model cell, 0 = nodata (acts as a wall)
  std::vector<double> manning;          // Manning n per cell [s/m^(1/3)]
  std::vector<double> depth;            // initial depth [m]
  std::vector<double> qx, qy;           // initial discharge per unit width [m²/s] (empty = 0)
  std::vector<double> thresholds{0.02}; // arrival depths [m], at most max_thresholds
  double velocity_min_depth = 0.05;     // max speed is tracked only where depth ≥ this [m]
  double h_dry = 1e-6;                  // below this depth a cell carries no momentum [m]
  // The cells this backend answers for in volumes, counts and edge outflow; empty = all. A rank of
  // a decomposed run owns its block; the ring around it is a halo copied from its neighbours.
  CellRect owned;
};

// Largest wave speeds over the x- and y-faces of the last flux computation [m/s].
struct FaceSpeeds {
  double x = 0.0;
  double y = 0.0;
};

// dt = cfl / (Sx/dx + Sy/dy); +inf when nothing moves.
[[nodiscard]] double stable_time_step(FaceSpeeds s, double dx, double dy, double cfl);

struct PointSource {
  std::size_t cell = 0;
  double discharge = 0.0;  // [m³/s], negative = sink (never takes more than the cell holds)
};

// Maps tracked through the run, downloaded at the end.
struct TrackedMaps {
  std::vector<std::int32_t> arrival_minute;  // threshold-major; -1 = never reached
  std::vector<double> max_depth;             // [m]
  std::vector<double> time_of_max_depth_min; // [min]; meaningful where max_depth > 0
  std::vector<double> max_speed;             // [m/s]
  std::vector<double> max_rise_rate;         // [m/h]
};

struct CellState {
  double depth = 0.0;  // [m]
  double bed = 0.0;    // [m]
};

struct StateSnapshot {
  std::vector<double> depth, qx, qy;
};

class SweBackend {
 public:
  virtual ~SweBackend() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual const GridGeometry& geometry() const = 0;

  void set_edges(const std::array<EdgeCondition, 4>& edges) { edges_ = edges; }
  [[nodiscard]] const std::array<EdgeCondition, 4>& edges() const { return edges_; }

  // Computes every face flux for the current state and returns the largest wave speeds.
  virtual FaceSpeeds compute_face_fluxes() = 0;
  // The same, returning the largest stable step dt = cfl / (Sx/dx + Sy/dy), Sx and Sy the largest
  // wave speeds at x- and y-faces; +inf when nothing moves.
  double compute_fluxes(double cfl) {
    return stable_time_step(compute_face_fluxes(), geometry().dx, geometry().dy, cfl);
  }
  // Applies the fluxes of the last compute_fluxes() over dt, then implicit friction. Returns the
  // volume that left through the grid edges during dt [m³] (negative if it came in).
  virtual double apply_fluxes(double dt) = 0;
  // The same, followed by update_tracking(t_end) of the new state, in the same pass over cells.
  virtual double apply_fluxes_and_track(double dt, double t_end_s) = 0;
  // Adds Q·dt of each source to its cell (sinks limited to what the cell holds); returns the
  // volume each source actually applied [m³].
  virtual std::vector<double> apply_point_sources(const std::vector<PointSource>& sources, double dt) = 0;
  // The same, and the source cells' tracking at t_end (after apply_fluxes_and_track).
  virtual std::vector<double> apply_point_sources_and_track(const std::vector<PointSource>& sources, double dt,
                                                            double t_end_s) = 0;
  // Rain and losses over dt: each model cell gains rate·pattern·dt and loses loss·dt, never more
  // than it holds; then its tracking at t_end. Returns the net volume applied [m³].
  // pattern: one factor per cell (set_rain_pattern), 1 everywhere when never set.
  virtual double apply_rain_and_track(double rate_m_per_s, double loss_m_per_s, double dt, double t_end_s) = 0;
  virtual void set_rain_pattern(const std::vector<double>& factor) = 0;
  // Updates arrival, maximum depth/speed and time of maximum after a step ending at t_s.
  virtual void update_tracking(double t_s) = 0;
  // Rise rate over the interval since the previous sample, at an interval boundary.
  virtual void sample_rise_rate(double interval_s) = 0;

  [[nodiscard]] virtual double stored_volume() const = 0;  // [m³] over the owned cells, summed in double
  [[nodiscard]] virtual std::size_t wet_cells(double min_depth) const = 0;  // owned model cells with depth ≥ min_depth
  // Depth and bed of a few cells (breach and gauge cells, every step) in one transfer.
  [[nodiscard]] virtual std::vector<CellState> probe(const std::vector<std::size_t>& cells) const = 0;
  [[nodiscard]] double depth_at(std::size_t cell) const { return probe({cell})[0].depth; }
  [[nodiscard]] double bed_at(std::size_t cell) const { return probe({cell})[0].bed; }
  // Changes the bed of one cell keeping its water volume (so the depth is unchanged).
  virtual void set_bed(std::size_t cell, double z) = 0;
  // The state (depth, qx, qy) of the cells in `r`, as 3·count values: all depths row by row, then
  // all qx, then all qy. write_state puts such values back (the halo exchange of a decomposed run).
  [[nodiscard]] virtual std::vector<double> read_state(CellRect r) const = 0;
  virtual void write_state(CellRect r, const std::vector<double>& values) = 0;
  [[nodiscard]] virtual StateSnapshot download_state() const = 0;
  [[nodiscard]] virtual TrackedMaps download_tracking() const = 0;

 protected:
  std::array<EdgeCondition, 4> edges_{};
};

std::unique_ptr<SweBackend> make_cpu_backend(const SweSetup& setup, Precision precision);
// Throws DeviceUnavailable when polder was built without CUDA or no device is present.
std::unique_ptr<SweBackend> make_cuda_backend(const SweSetup& setup, Precision precision);
[[nodiscard]] bool cuda_backend_built();
[[nodiscard]] bool cuda_device_available();
// Makes GPU (local_rank mod GPUs on this node) current, for one GPU per MPI rank; no effect
// without CUDA.
void select_cuda_device_for_rank(int local_rank);
// BackendKind for "auto": CUDA when a device is present, else CPU.
[[nodiscard]] BackendKind resolve_auto_backend();
std::unique_ptr<SweBackend> make_backend(BackendKind kind, const SweSetup& setup, Precision precision);

}  // namespace polder
