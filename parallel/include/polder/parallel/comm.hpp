#pragma once
// The few MPI operations polder uses, on MPI_COMM_WORLD. Built against MPI when it is found
// (POLDER_MPI), otherwise as a single-rank stand-in with the same behaviour for one process, so
// that callers never need #ifdefs and a build without MPI runs every serial path unchanged.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace polder::parallel {

// True when polder was built against an MPI library.
[[nodiscard]] bool mpi_built();

// Initialises MPI (when built with it) for the life of the object; finalises on destruction.
// One per process, created first thing in main().
class Session {
 public:
  Session(int& argc, char**& argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

[[nodiscard]] int rank();
[[nodiscard]] int size();
[[nodiscard]] inline bool is_root() { return rank() == 0; }
// The rank among the processes on this node (for picking one GPU per rank).
[[nodiscard]] int local_rank();

// Collectives over all ranks. Every rank must call them in the same order.
[[nodiscard]] double max_all(double v);
[[nodiscard]] double min_all(double v);
[[nodiscard]] double sum_all(double v);
[[nodiscard]] std::uint64_t sum_all(std::uint64_t v);
// Element-wise, in place.
void max_all(std::vector<double>& v);
void sum_all(std::vector<double>& v);
void barrier();
// Root's text on every rank.
[[nodiscard]] std::string broadcast(const std::string& text, int root = 0);

// Collective error check: every rank states whether it failed (with its message); all ranks learn
// whether any failed and the message of the lowest failing rank. Lets a bad input found on one
// rank stop every rank cleanly instead of leaving the others waiting in a collective.
struct Failure {
  int rank = 0;
  std::string message;
  int exit_code = 2;
};
[[nodiscard]] std::optional<Failure> first_failure(const std::optional<Failure>& mine);

// Thrown on the ranks that did not fail when another rank did; carries that rank's failure.
class CollectiveFailure : public std::runtime_error {
 public:
  explicit CollectiveFailure(Failure f) : std::runtime_error(f.message), failure_(std::move(f)) {}
  [[nodiscard]] const Failure& failure() const { return failure_; }

 private:
  Failure failure_;
};

// "This rank got here without error": the matching call of first_failure for ranks that did not
// fail. Throws CollectiveFailure when some rank reported a failure instead.
void checkpoint();

// Variable-length gather to the root; non-root ranks get an empty vector back.
[[nodiscard]] std::vector<double> gather_to_root(const std::vector<double>& mine);
[[nodiscard]] std::vector<float> gather_to_root(const std::vector<float>& mine);
[[nodiscard]] std::vector<std::int32_t> gather_to_root(const std::vector<std::int32_t>& mine);

// Neighbour exchange: each entry sends `send` to `peer` and receives `receive.size()` values
// from it, all at once (non-blocking, then waited for). peer < 0 entries are skipped.
struct Exchange {
  int peer = -1;
  const double* send = nullptr;
  std::size_t send_count = 0;
  double* receive = nullptr;
  std::size_t receive_count = 0;
  int tag = 0;
};
void exchange(const std::vector<Exchange>& exchanges);

// A px × py Cartesian process grid over all ranks (MPI_Cart_create, not periodic, without
// reordering so that rank r stays block r of parallel::block_of). The halo exchange runs on its
// communicator, and MPI_Cart_shift names the neighbours. Collective: every rank constructs it
// with the same px, py (px·py = size()).
struct Neighbours {
  int west = -1, east = -1, south = -1, north = -1;  // ranks; -1 at the grid edge
};
class CartesianGrid {
 public:
  CartesianGrid(int px, int py);
  ~CartesianGrid();
  CartesianGrid(const CartesianGrid&) = delete;
  CartesianGrid& operator=(const CartesianGrid&) = delete;
  [[nodiscard]] Neighbours neighbours() const { return neighbours_; }
  // As parallel::exchange, on this grid's communicator (peers are its ranks, equal to world ranks).
  void exchange(const std::vector<Exchange>& exchanges) const;

 private:
  long handle_ = 0;  // the communicator, as MPI's Fortran handle (keeps mpi.h out of this header)
  Neighbours neighbours_;
};

// Point-to-point text messages (the scenario-library work queue).
struct Message {
  int source = 0;
  int tag = 0;
  std::string text;
};
void send(int destination, int tag, const std::string& text);
// Blocks until a message arrives from any rank.
[[nodiscard]] Message receive();
// A message if one is waiting, without blocking.
[[nodiscard]] std::optional<Message> poll();

// Stops every rank at once (last resort when ranks can no longer agree, e.g. a crash mid-run).
[[noreturn]] void abort_all(int exit_code);

}  // namespace polder::parallel
