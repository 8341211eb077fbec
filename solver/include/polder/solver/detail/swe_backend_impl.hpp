#pragma once
// The time-stepping operations, written once and instantiated per execution policy (CpuExec,
// CudaExec) and precision. Every loop is a launch of a lambda that copies views and scalars,
// never `this`, so the same body runs on the device.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "polder/kernels/face_flux_k.hpp"
#include "polder/kernels/friction_k.hpp"
#include "polder/kernels/swe_constants.hpp"
#include "polder/kernels/hd.hpp"
#include "polder/solver/swe_backend.hpp"

namespace polder::detail {

struct Thresholds {
  int count = 0;
  double depth[max_thresholds] = {};
};

// An inclusive rectangle of cells; empty when i0 > i1.
struct CellBox {
  int i0 = 0, i1 = -1, j0 = 0, j1 = -1;
  [[nodiscard]] bool empty() const { return i0 > i1 || j0 > j1; }
  void include(int i, int j) {
    if (empty()) {
      *this = {i, i, j, j};
      return;
    }
    i0 = i < i0 ? i : i0;
    i1 = i > i1 ? i : i1;
    j0 = j < j0 ? j : j0;
    j1 = j > j1 ? j : j1;
  }
};

// Ghost state outside an edge held at a water level: the depth the level gives on the inside bed,
// with the inside velocity. (Free edges have their own flux, free_edge_flux.)
template <class Real>
POLDER_HD inline FaceSide<Real> level_ghost(FaceSide<Real> inside, Real level) {
  const Real h = level - inside.z > Real(0) ? level - inside.z : Real(0);
  const Real scale = inside.h > Real(0) ? h / inside.h : Real(0);
  return {h, inside.qn * scale, inside.qt * scale, inside.z};
}

// Per-cell bookkeeping after a step: arrival per threshold, maximum depth and its time, maximum
// speed where deep enough. Called from the update kernels so it costs no extra pass.
template <class Real>
struct CellTracker {
  Thresholds thr;
  std::size_t n = 0;
  std::int32_t minute = 0;  // ceil(t / 60 s): the arrival minute of anything reached by now
  Real t_min = 0;           // t in minutes
  Real velocity_min_depth = 0;
  View1D<std::int32_t> arrival;
  View1D<Real> max_depth, time_of_max, max_speed;

  POLDER_HD void operator()(std::size_t k, Real d, Real qx, Real qy) const {
    for (int t = 0; t < thr.count; ++t) {
      const std::size_t a = std::size_t(t) * n + k;
      if (arrival[a] < 0 && double(d) >= thr.depth[t]) arrival[a] = minute;
    }
    if (d > max_depth[k]) {
      max_depth[k] = d;
      time_of_max[k] = t_min;
    }
    if (d >= velocity_min_depth) {
      using std::sqrt;
      const Real speed = sqrt(qx * qx + qy * qy) / d;
      if (speed > max_speed[k]) max_speed[k] = speed;
    }
  }
};

template <class Exec, class Real>
class SweBackendImpl final : public SweBackend {
  template <class T>
  using Buffer = typename Exec::template Buffer<T>;

 public:
  SweBackendImpl(const SweSetup& s) : geo_(s.geometry), n_(s.geometry.cell_count()) {
    const int nx = geo_.nx;
    const int ny = geo_.ny;
    if (s.bed.size() != n_ || s.active.size() != n_ || s.manning.size() != n_ || s.depth.size() != n_)
      throw std::invalid_argument("SweSetup: every field must have nx*ny values");
    if (s.thresholds.empty() || s.thresholds.size() > std::size_t(max_thresholds))
      throw std::invalid_argument("SweSetup: between 1 and 8 arrival thresholds");
    thresholds_.count = static_cast<int>(s.thresholds.size());
    for (int k = 0; k < thresholds_.count; ++k) thresholds_.depth[k] = s.thresholds[std::size_t(k)];
    velocity_min_depth_ = s.velocity_min_depth;
    h_dry_ = s.h_dry;
    h_ = upload(s.depth, true, s.active);
    qx_ = upload(s.qx.empty() ? std::vector<double>(n_, 0.0) : s.qx, true, s.active);
    qy_ = upload(s.qy.empty() ? std::vector<double>(n_, 0.0) : s.qy, true, s.active);
    z_ = upload(s.bed, true, s.active);
    n_manning_ = upload(s.manning, false, s.active);
    active_ = Buffer<std::uint8_t>(n_);
    active_.upload(s.active.data(), n_);
    const std::size_t nfx = std::size_t(nx + 1) * std::size_t(ny);
    const std::size_t nfy = std::size_t(nx) * std::size_t(ny + 1);
    for (auto* b : {&fx_mass_, &fx_mom_l_, &fx_mom_r_, &fx_trans_}) *b = Buffer<Real>(nfx);
    for (auto* b : {&fy_mass_, &fy_mom_l_, &fy_mom_r_, &fy_trans_}) *b = Buffer<Real>(nfy);
    arrival_ = Buffer<std::int32_t>(n_ * std::size_t(thresholds_.count), -1);
    max_depth_ = Buffer<Real>(n_);
    time_of_max_ = Buffer<Real>(n_);
    max_speed_ = Buffer<Real>(n_);
    max_rise_ = Buffer<Real>(n_);
    rise_sample_ = upload(s.depth, true, s.active);
    wet_ = wet_box_within({0, nx - 1, 0, ny - 1});
    owned_ = s.owned.empty() ? CellBox{0, nx - 1, 0, ny - 1} : CellBox{s.owned.i0, s.owned.i1, s.owned.j0, s.owned.j1};
    if (owned_.i0 < 0 || owned_.j0 < 0 || owned_.i1 >= nx || owned_.j1 >= ny)
      throw std::invalid_argument("SweSetup: the owned cells must lie inside the grid");
  }

  std::string name() const override { return std::string(Exec::name) + (sizeof(Real) == 4 ? "/single" : "/double"); }
  const GridGeometry& geometry() const override { return geo_; }

  FaceSpeeds compute_face_fluxes() override {
    const int nx = geo_.nx;
    const int ny = geo_.ny;
    const Real g = Real(gravity);
    const Real h_dry = Real(h_dry_);
    auto h = h_.view();
    auto qx = qx_.view();
    auto qy = qy_.view();
    auto z = z_.view();
    auto act = active_.view();
    auto fm = fx_mass_.view();
    auto fl = fx_mom_l_.view();
    auto fr = fx_mom_r_.view();
    auto ft = fx_trans_.view();
    const int west = static_cast<int>(edges_[0].kind);
    const int east = static_cast<int>(edges_[1].kind);
    const int south = static_cast<int>(edges_[2].kind);
    const int north = static_cast<int>(edges_[3].kind);
    const Real west_level = Real(edges_[0].level);
    const Real east_level = Real(edges_[1].level);
    const Real south_level = Real(edges_[2].level);
    const Real north_level = Real(edges_[3].level);
    const int closed = static_cast<int>(EdgeKind::closed);
    const int free = static_cast<int>(EdgeKind::free);
    const Real dx_r = Real(geo_.dx);
    const Real dy_r = Real(geo_.dy);
    auto nman = n_manning_.view();

    // Only the wet cells and a ring of one cell around them can change in this step (a wave
    // crosses at most one cell per step): faces elsewhere are dry on both sides and carry nothing.
    region_ = active_region();
    if (region_.empty()) return FaceSpeeds{};
    const int i0 = region_.i0;
    const int j0 = region_.j0;
    const int wx = region_.i1 - region_.i0 + 1;
    const int wy = region_.j1 - region_.j0 + 1;

    // x-faces: face (i, j) lies between cells (i-1, j) and (i, j), i = 0..nx.
    const double sx = Exec::reduce_max_2d(wx + 1, wy, [=] POLDER_HD(int ii, int jj) -> double {
      const int i = ii + i0;
      const int j = jj + j0;
      const std::size_t f = std::size_t(j) * std::size_t(nx + 1) + std::size_t(i);
      const bool has_l = i > 0 && act[std::size_t(j) * nx + (i - 1)] != 0;
      const bool has_r = i < nx && act[std::size_t(j) * nx + i] != 0;
      FaceFlux<Real> out{Real(0), Real(0), Real(0), Real(0), Real(0)};
      if (has_l || has_r) {
        const std::size_t kl = has_l ? std::size_t(j) * nx + (i - 1) : 0;
        const std::size_t kr = has_r ? std::size_t(j) * nx + i : 0;
        const FaceSide<Real> l = has_l ? FaceSide<Real>{h[kl], qx[kl], qy[kl], z[kl]} : FaceSide<Real>{};
        const FaceSide<Real> r = has_r ? FaceSide<Real>{h[kr], qx[kr], qy[kr], z[kr]} : FaceSide<Real>{};
        if (has_l && has_r) {
          out = face_flux(l, r, g, h_dry);
        } else if (has_l) {  // model on the left: nodata or the east edge on the right
          if (i == nx && east == free) {
            // The surface fall towards the edge; a dry inland cell supplies no water: no fall.
            const std::size_t kin = std::size_t(j) * nx + (i - 2);
            const Real eta_in = (i >= 2 && act[kin] != 0 && h[kin] > h_dry) ? h[kin] + z[kin] : l.h + l.z;
            out = free_edge_flux(l, Real(1), eta_in - (l.h + l.z), dx_r, nman[kl], g, h_dry);
          } else if (i == nx && east != closed) {
            out = face_flux(l, level_ghost(l, east_level), g, h_dry);
          } else {
            out = wall_flux_inside_left(l, g, h_dry);
          }
        } else {
          if (i == 0 && west == free) {
            const std::size_t kin = std::size_t(j) * nx + 1;
            const Real eta_in = (nx > 1 && act[kin] != 0 && h[kin] > h_dry) ? h[kin] + z[kin] : r.h + r.z;
            out = free_edge_flux(r, Real(-1), eta_in - (r.h + r.z), dx_r, nman[kr], g, h_dry);
          } else if (i == 0 && west != closed) {
            out = face_flux(level_ghost(r, west_level), r, g, h_dry);
          } else {
            out = wall_flux_inside_right(r, g, h_dry);
          }
        }
      }
      fm[f] = out.mass;
      fl[f] = out.momentum_left;
      fr[f] = out.momentum_right;
      ft[f] = out.transverse;
      return static_cast<double>(out.speed);
    });

    // y-faces: face (i, j) lies between cells (i, j-1) below and (i, j) above, j = 0..ny.
    auto gm = fy_mass_.view();
    auto gl = fy_mom_l_.view();
    auto gr = fy_mom_r_.view();
    auto gt = fy_trans_.view();
    const double sy = Exec::reduce_max_2d(wx, wy + 1, [=] POLDER_HD(int ii, int jj) -> double {
      const int i = ii + i0;
      const int j = jj + j0;
      const std::size_t f = std::size_t(j) * std::size_t(nx) + std::size_t(i);
      const bool has_l = j > 0 && act[std::size_t(j - 1) * nx + i] != 0;
      const bool has_r = j < ny && act[std::size_t(j) * nx + i] != 0;
      FaceFlux<Real> out{Real(0), Real(0), Real(0), Real(0), Real(0)};
      if (has_l || has_r) {
        const std::size_t kl = has_l ? std::size_t(j - 1) * nx + i : 0;
        const std::size_t kr = has_r ? std::size_t(j) * nx + i : 0;
        // Normal direction is y: qn = qy, qt = qx.
        const FaceSide<Real> l = has_l ? FaceSide<Real>{h[kl], qy[kl], qx[kl], z[kl]} : FaceSide<Real>{};
        const FaceSide<Real> r = has_r ? FaceSide<Real>{h[kr], qy[kr], qx[kr], z[kr]} : FaceSide<Real>{};
        if (has_l && has_r) {
          out = face_flux(l, r, g, h_dry);
        } else if (has_l) {
          if (j == ny && north == free) {
            const std::size_t kin = std::size_t(j - 2) * nx + i;
            const Real eta_in = (j >= 2 && act[kin] != 0 && h[kin] > h_dry) ? h[kin] + z[kin] : l.h + l.z;
            out = free_edge_flux(l, Real(1), eta_in - (l.h + l.z), dy_r, nman[kl], g, h_dry);
          } else if (j == ny && north != closed) {
            out = face_flux(l, level_ghost(l, north_level), g, h_dry);
          } else {
            out = wall_flux_inside_left(l, g, h_dry);
          }
        } else {
          if (j == 0 && south == free) {
            const std::size_t kin = std::size_t(nx) + i;
            const Real eta_in = (ny > 1 && act[kin] != 0 && h[kin] > h_dry) ? h[kin] + z[kin] : r.h + r.z;
            out = free_edge_flux(r, Real(-1), eta_in - (r.h + r.z), dy_r, nman[kr], g, h_dry);
          } else if (j == 0 && south != closed) {
            out = face_flux(level_ghost(r, south_level), r, g, h_dry);
          } else {
            out = wall_flux_inside_right(r, g, h_dry);
          }
        }
      }
      gm[f] = out.mass;
      gl[f] = out.momentum_left;
      gr[f] = out.momentum_right;
      gt[f] = out.transverse;
      return static_cast<double>(out.speed);
    });

    return FaceSpeeds{sx, sy};
  }

  double apply_fluxes(double dt_s) override { return update_cells(dt_s, false, 0.0); }
  double apply_fluxes_and_track(double dt_s, double t_end_s) override { return update_cells(dt_s, true, t_end_s); }

  // Flux divergence, then implicit friction, optionally followed by the tracking of the new state.
  // Public only because nvcc forbids extended lambdas in private member functions.
  double update_cells(double dt_s, bool track, double t_end_s) {
    const int nx = geo_.nx;
    const Real dt = Real(dt_s);
    const Real rdx = Real(dt_s / geo_.dx);
    const Real rdy = Real(dt_s / geo_.dy);
    const Real g = Real(gravity);
    const Real h_dry = Real(h_dry_);
    auto h = h_.view();
    auto qx = qx_.view();
    auto qy = qy_.view();
    auto act = active_.view();
    auto nman = n_manning_.view();
    auto fm = fx_mass_.view();
    auto fl = fx_mom_l_.view();
    auto fr = fx_mom_r_.view();
    auto ft = fx_trans_.view();
    auto gm = fy_mass_.view();
    auto gl = fy_mom_l_.view();
    auto gr = fy_mom_r_.view();
    auto gt = fy_trans_.view();
    const CellTracker<Real> tracker = make_tracker(t_end_s);
    if (region_.empty()) return 0.0;
    const int i0 = region_.i0;
    const int j0 = region_.j0;
    Exec::for_each_2d(region_.i1 - region_.i0 + 1, region_.j1 - region_.j0 + 1, [=] POLDER_HD(int ii, int jj) {
      const int i = ii + i0;
      const int j = jj + j0;
      const std::size_t k = std::size_t(j) * std::size_t(nx) + std::size_t(i);
      if (act[k] == 0) return;
      const std::size_t w = std::size_t(j) * std::size_t(nx + 1) + std::size_t(i);
      const std::size_t e = w + 1;
      const std::size_t s = k;
      const std::size_t n = k + std::size_t(nx);
      Real hn = h[k] - rdx * (fm[e] - fm[w]) - rdy * (gm[n] - gm[s]);
      Real qxn = qx[k] - rdx * (fl[e] - fr[w]) - rdy * (gt[n] - gt[s]);
      Real qyn = qy[k] - rdx * (ft[e] - ft[w]) - rdy * (gl[n] - gr[s]);
      if (hn <= h_dry) {
        // Round-off can leave a hair below zero at a drying front; momentum is meaningless here.
        hn = hn > Real(0) ? hn : Real(0);
        qxn = Real(0);
        qyn = Real(0);
      } else {
        const Real factor = manning_implicit_factor(hn, qxn, qyn, nman[k], dt, g);
        qxn *= factor;
        qyn *= factor;
      }
      h[k] = hn;
      qx[k] = qxn;
      qy[k] = qyn;
      if (track) tracker(k, hn, qxn, qyn);
    });
    wet_ = wet_box_within(region_);
    return edge_outflow(dt_s);
  }

  // Bounding box of the cells holding water inside `box`.
  // Public only because nvcc forbids extended lambdas in private member functions.
  CellBox wet_box_within(CellBox box) const {
    if (box.empty()) return box;
    auto h = h_.view();
    const int nx = geo_.nx;
    const int i0 = box.i0;
    const int j0 = box.j0;
    const int wx = box.i1 - box.i0 + 1;
    const int wy = box.j1 - box.j0 + 1;
    const double none = -std::numeric_limits<double>::infinity();
    auto wet = [=] POLDER_HD(int i, int j) { return h[std::size_t(j) * std::size_t(nx) + std::size_t(i)] > Real(0); };
    const double i_max = Exec::reduce_max_2d(wx, wy, [=] POLDER_HD(int ii, int jj) -> double {
      return wet(ii + i0, jj + j0) ? double(ii + i0) : none;
    });
    if (i_max == none) return CellBox{};
    const double i_min = -Exec::reduce_max_2d(wx, wy, [=] POLDER_HD(int ii, int jj) -> double {
      return wet(ii + i0, jj + j0) ? -double(ii + i0) : none;
    });
    const double j_max = Exec::reduce_max_2d(wx, wy, [=] POLDER_HD(int ii, int jj) -> double {
      return wet(ii + i0, jj + j0) ? double(jj + j0) : none;
    });
    const double j_min = -Exec::reduce_max_2d(wx, wy, [=] POLDER_HD(int ii, int jj) -> double {
      return wet(ii + i0, jj + j0) ? -double(jj + j0) : none;
    });
    return CellBox{int(i_min), int(i_max), int(j_min), int(j_max)};
  }

  // The cells whose state can change in the next step: the wet box and one ring around it; the
  // whole grid when an edge imposes a water level (water may enter anywhere along it).
  CellBox active_region() const {
    const int nx = geo_.nx;
    const int ny = geo_.ny;
    for (const auto& e : edges_)
      if (e.kind == EdgeKind::level) return CellBox{0, nx - 1, 0, ny - 1};
    if (wet_.empty()) return wet_;
    return CellBox{wet_.i0 > 0 ? wet_.i0 - 1 : 0, wet_.i1 < nx - 1 ? wet_.i1 + 1 : nx - 1, wet_.j0 > 0 ? wet_.j0 - 1 : 0,
                   wet_.j1 < ny - 1 ? wet_.j1 + 1 : ny - 1};
  }

  std::vector<double> apply_point_sources(const std::vector<PointSource>& sources, double dt_s) override {
    return add_sources(sources, dt_s, false, 0.0);
  }
  std::vector<double> apply_point_sources_and_track(const std::vector<PointSource>& sources, double dt_s,
                                                    double t_end_s) override {
    return add_sources(sources, dt_s, true, t_end_s);
  }

  // Public only because nvcc forbids extended lambdas in private member functions.
  std::vector<double> add_sources(const std::vector<PointSource>& sources, double dt_s, bool track, double t_end_s) {
    const std::size_t m = sources.size();
    std::vector<double> applied(m, 0.0);
    if (m == 0) return applied;
    if (src_cell_.size() < m) {
      src_cell_ = Buffer<std::size_t>(m);
      src_q_ = Buffer<double>(m);
      src_applied_ = Buffer<double>(m);
    }
    std::vector<std::size_t> cells(m);
    std::vector<double> q(m);
    for (std::size_t s = 0; s < m; ++s) {
      cells[s] = sources[s].cell;
      q[s] = sources[s].discharge;
    }
    src_cell_.upload(cells.data(), m);
    src_q_.upload(q.data(), m);
    for (std::size_t c : cells) wet_.include(int(c % std::size_t(geo_.nx)), int(c / std::size_t(geo_.nx)));
    auto h = h_.view();
    auto qxv = qx_.view();
    auto qyv = qy_.view();
    auto cell = src_cell_.view();
    auto dis = src_q_.view();
    auto out = src_applied_.view();
    const double area = geo_.cell_area();
    const Real h_dry = Real(h_dry_);
    const CellTracker<Real> tracker = make_tracker(t_end_s);
    // Serial on purpose: several sources may share a cell, and they are few.
    Exec::single([=] POLDER_HD() {
      for (std::size_t s = 0; s < m; ++s) {
        const std::size_t k = cell[s];
        const Real before = h[k];
        Real after = Real(double(before) + dis[s] * dt_s / area);
        if (after < Real(0)) after = Real(0);
        h[k] = after;
        if (after <= h_dry) {
          qxv[k] = Real(0);
          qyv[k] = Real(0);
        }
        // The volume actually applied is what the stored depth changed by, in double.
        out[s] = (double(after) - double(before)) * area;
        if (track) tracker(k, after, qxv[k], qyv[k]);
      }
    });
    src_applied_.download(applied.data(), m);
    return applied;
  }

  void set_rain_pattern(const std::vector<double>& factor) override {
    if (factor.size() != n_) throw std::invalid_argument("rain pattern: one value per cell expected");
    rain_pattern_ = upload(factor, true, std::vector<std::uint8_t>(n_, 1));
  }

  double apply_rain_and_track(double rate_m_per_s, double loss_m_per_s, double dt_s, double t_end_s) override {
    const CellTracker<Real> tracker = make_tracker(t_end_s);
    auto h = h_.view();
    auto qx = qx_.view();
    auto qy = qy_.view();
    auto act = active_.view();
    const bool uniform = rain_pattern_.size() == 0;
    auto pattern = rain_pattern_.view();
    const double gain = rate_m_per_s * dt_s;
    const double loss = loss_m_per_s * dt_s;
    const Real h_dry = Real(h_dry_);
    const std::size_t nx = std::size_t(geo_.nx);
    const CellBox own = owned_;
    const double applied = Exec::reduce_sum(n_, [=] POLDER_HD(std::size_t k) -> double {
      if (act[k] == 0) return 0.0;
      const Real before = h[k];
      const double target = double(before) + gain * (uniform ? 1.0 : double(pattern[k])) - loss;
      const Real after = target > 0.0 ? Real(target) : Real(0);
      h[k] = after;
      if (after <= h_dry) {
        qx[k] = Real(0);
        qy[k] = Real(0);
      }
      tracker(k, after, qx[k], qy[k]);
      // Halo cells get the same rain as their owner, but only the owner counts it.
      const int i = int(k % nx);
      const int j = int(k / nx);
      const bool mine = i >= own.i0 && i <= own.i1 && j >= own.j0 && j <= own.j1;
      return mine ? double(after) - double(before) : 0.0;
    });
    if (gain > 0.0) wet_ = CellBox{0, geo_.nx - 1, 0, geo_.ny - 1};
    return applied * geo_.cell_area();
  }

  void update_tracking(double t_s) override {
    const CellTracker<Real> tracker = make_tracker(t_s);
    auto h = h_.view();
    auto qx = qx_.view();
    auto qy = qy_.view();
    auto act = active_.view();
    Exec::for_each(n_, [=] POLDER_HD(std::size_t k) {
      if (act[k] != 0) tracker(k, h[k], qx[k], qy[k]);
    });
  }

  CellTracker<Real> make_tracker(double t_s) {
    CellTracker<Real> c;
    c.thr = thresholds_;
    c.n = n_;
    c.minute = static_cast<std::int32_t>(std::ceil(t_s / 60.0 - 1e-9));
    c.t_min = Real(t_s / 60.0);
    c.velocity_min_depth = Real(velocity_min_depth_);
    c.arrival = arrival_.view();
    c.max_depth = max_depth_.view();
    c.time_of_max = time_of_max_.view();
    c.max_speed = max_speed_.view();
    return c;
  }

  void sample_rise_rate(double interval_s) override {
    const Real per_hour = Real(3600.0 / interval_s);
    auto h = h_.view();
    auto act = active_.view();
    auto prev = rise_sample_.view();
    auto rise = max_rise_.view();
    Exec::for_each(n_, [=] POLDER_HD(std::size_t k) {
      if (act[k] == 0) return;
      const Real rate = (h[k] - prev[k]) * per_hour;
      if (rate > rise[k]) rise[k] = rate;
      prev[k] = h[k];
    });
  }

  double stored_volume() const override {
    auto h = h_.view();
    auto act = active_.view();
    const double area = geo_.cell_area();
    const std::size_t nx = std::size_t(geo_.nx);
    const CellBox o = owned_;
    const std::size_t w = std::size_t(o.i1 - o.i0 + 1);
    const std::size_t count = w * std::size_t(o.j1 - o.j0 + 1);
    return area * Exec::reduce_sum(count, [=] POLDER_HD(std::size_t c) -> double {
             const std::size_t k = (std::size_t(o.j0) + c / w) * nx + std::size_t(o.i0) + c % w;
             return act[k] != 0 ? double(h[k]) : 0.0;
           });
  }

  std::size_t wet_cells(double min_depth) const override {
    auto h = h_.view();
    auto act = active_.view();
    const Real limit = Real(min_depth);
    const std::size_t nx = std::size_t(geo_.nx);
    const CellBox o = owned_;
    const std::size_t w = std::size_t(o.i1 - o.i0 + 1);
    const std::size_t count = w * std::size_t(o.j1 - o.j0 + 1);
    return static_cast<std::size_t>(Exec::reduce_sum(count, [=] POLDER_HD(std::size_t c) -> double {
      const std::size_t k = (std::size_t(o.j0) + c / w) * nx + std::size_t(o.i0) + c % w;
      return (act[k] != 0 && h[k] >= limit) ? 1.0 : 0.0;
    }));
  }

  std::vector<double> read_state(CellRect r) const override {
    const std::size_t count = r.count();
    std::vector<double> out(3 * count);
    if (count == 0) return out;
    ensure_pack_capacity(3 * count);
    auto h = h_.view();
    auto qx = qx_.view();
    auto qy = qy_.view();
    auto pack = pack_.view();
    const std::size_t nx = std::size_t(geo_.nx);
    const std::size_t w = std::size_t(r.i1 - r.i0 + 1);
    const int i0 = r.i0;
    const int j0 = r.j0;
    Exec::for_each(count, [=] POLDER_HD(std::size_t c) {
      const std::size_t k = (std::size_t(j0) + c / w) * nx + std::size_t(i0) + c % w;
      pack[c] = double(h[k]);
      pack[count + c] = double(qx[k]);
      pack[2 * count + c] = double(qy[k]);
    });
    pack_.download(out.data(), 3 * count);
    return out;
  }

  void write_state(CellRect r, const std::vector<double>& values) override {
    const std::size_t count = r.count();
    if (values.size() != 3 * count) throw std::invalid_argument("write_state: 3 values per cell expected");
    if (count == 0) return;
    ensure_pack_capacity(3 * count);
    pack_.upload(values.data(), 3 * count);
    auto h = h_.view();
    auto qx = qx_.view();
    auto qy = qy_.view();
    auto pack = pack_.view();
    const std::size_t nx = std::size_t(geo_.nx);
    const std::size_t w = std::size_t(r.i1 - r.i0 + 1);
    const int i0 = r.i0;
    const int j0 = r.j0;
    Exec::for_each(count, [=] POLDER_HD(std::size_t c) {
      const std::size_t k = (std::size_t(j0) + c / w) * nx + std::size_t(i0) + c % w;
      h[k] = Real(pack[c]);
      qx[k] = Real(pack[count + c]);
      qy[k] = Real(pack[2 * count + c]);
    });
    // Water arriving in these cells must widen the region computed next step.
    const CellBox wet = wet_box_within(CellBox{r.i0, r.i1, r.j0, r.j1});
    if (!wet.empty()) {
      wet_.include(wet.i0, wet.j0);
      wet_.include(wet.i1, wet.j1);
    }
  }

  std::vector<CellState> probe(const std::vector<std::size_t>& cells) const override {
    const std::size_t m = cells.size();
    std::vector<CellState> out(m);
    if (m == 0) return out;
    for (std::size_t c : cells)
      if (c >= n_) throw std::out_of_range("probe: cell outside the grid");
    // The time loop probes the same cells every step: upload the list only when it changes.
    if (cells != probed_cells_) {
      if (probe_cells_.size() < m) probe_cells_ = Buffer<std::size_t>(m);
      probe_cells_.upload(cells.data(), m);
      probed_cells_ = cells;
    }
    ensure_pack_capacity(2 * m);
    auto h = h_.view();
    auto z = z_.view();
    auto where = probe_cells_.view();
    auto pack = pack_.view();
    Exec::for_each(m, [=] POLDER_HD(std::size_t s) {
      pack[2 * s] = double(h[where[s]]);
      pack[2 * s + 1] = double(z[where[s]]);
    });
    std::vector<double> values(2 * m);
    pack_.download(values.data(), 2 * m);
    for (std::size_t s = 0; s < m; ++s) out[s] = {values[2 * s], values[2 * s + 1]};
    return out;
  }
  void set_bed(std::size_t cell, double z) override { z_.set(cell, Real(z)); }

  StateSnapshot download_state() const override {
    return {download(h_), download(qx_), download(qy_)};
  }

  TrackedMaps download_tracking() const override {
    TrackedMaps m;
    m.arrival_minute.resize(arrival_.size());
    arrival_.download(m.arrival_minute.data(), arrival_.size());
    m.max_depth = download(max_depth_);
    m.time_of_max_depth_min = download(time_of_max_);
    m.max_speed = download(max_speed_);
    m.max_rise_rate = download(max_rise_);
    return m;
  }

  // Volume through the open grid edges over dt (outward positive). Closed-edge faces carry no
  // mass; only edge faces of the region computed this step hold current fluxes.
  // Public only because nvcc forbids extended lambdas in private member functions.
  double edge_outflow(double dt_s) const {
    if (region_.empty()) return 0.0;
    const int nx = geo_.nx;
    const int ny = geo_.ny;
    auto fm = fx_mass_.view();
    auto gm = fy_mass_.view();
    const double dx = geo_.dx;
    const double dy = geo_.dy;
    // Only faces of owned cells: a halo cell's edge face belongs to the neighbour that owns it.
    CellBox r = region_;
    r.i0 = std::max(r.i0, owned_.i0);
    r.i1 = std::min(r.i1, owned_.i1);
    r.j0 = std::max(r.j0, owned_.j0);
    r.j1 = std::min(r.j1, owned_.j1);
    if (r.empty()) return 0.0;
    const std::size_t rows = std::size_t(r.j1 - r.j0 + 1);
    const std::size_t cols = std::size_t(r.i1 - r.i0 + 1);
    const std::size_t count = 2 * rows + 2 * cols;
    const double rate = Exec::reduce_sum(count, [=] POLDER_HD(std::size_t b) -> double {
      if (b < rows) {  // west, i = 0
        const std::size_t j = std::size_t(r.j0) + b;
        return r.i0 == 0 ? -double(fm[j * std::size_t(nx + 1)]) * dy : 0.0;
      }
      b -= rows;
      if (b < rows) {  // east, i = nx
        const std::size_t j = std::size_t(r.j0) + b;
        return r.i1 == nx - 1 ? double(fm[j * std::size_t(nx + 1) + std::size_t(nx)]) * dy : 0.0;
      }
      b -= rows;
      const bool south = b < cols;
      const std::size_t i = std::size_t(r.i0) + (south ? b : b - cols);
      if (south) return r.j0 == 0 ? -double(gm[i]) * dx : 0.0;
      return r.j1 == ny - 1 ? double(gm[std::size_t(ny) * std::size_t(nx) + i]) * dx : 0.0;
    });
    return rate * dt_s;
  }

 private:
  void ensure_pack_capacity(std::size_t values) const {
    if (pack_.size() < values) pack_ = Buffer<double>(values);
  }

  Buffer<Real> upload(const std::vector<double>& v, bool zero_inactive, const std::vector<std::uint8_t>& active) const {
    std::vector<Real> tmp(n_);
    for (std::size_t k = 0; k < n_; ++k) tmp[k] = (zero_inactive && active[k] == 0) ? Real(0) : Real(v[k]);
    Buffer<Real> b(n_);
    b.upload(tmp.data(), n_);
    return b;
  }

  std::vector<double> download(const Buffer<Real>& b) const {
    std::vector<Real> tmp(b.size());
    b.download(tmp.data(), b.size());
    return std::vector<double>(tmp.begin(), tmp.end());
  }

  GridGeometry geo_;
  std::size_t n_;
  Thresholds thresholds_;
  double velocity_min_depth_ = 0.05;
  double h_dry_ = 1e-6;
  Buffer<Real> h_, qx_, qy_, z_, n_manning_;
  Buffer<std::uint8_t> active_;
  Buffer<Real> fx_mass_, fx_mom_l_, fx_mom_r_, fx_trans_;
  Buffer<Real> fy_mass_, fy_mom_l_, fy_mom_r_, fy_trans_;
  Buffer<std::int32_t> arrival_;
  Buffer<Real> max_depth_, time_of_max_, max_speed_, max_rise_, rise_sample_;
  Buffer<Real> rain_pattern_;  // empty = uniform
  CellBox wet_;     // bounding box of the cells holding water
  CellBox region_;  // cells updated in the current step (see active_region)
  CellBox owned_;   // cells counted in volumes, wet counts and edge outflow
  mutable Buffer<double> pack_;  // staging for read_state / write_state / probe
  mutable Buffer<std::size_t> probe_cells_;
  mutable std::vector<std::size_t> probed_cells_;  // what probe_cells_ holds
  Buffer<std::size_t> src_cell_;
  Buffer<double> src_q_, src_applied_;
};

}  // namespace polder::detail
