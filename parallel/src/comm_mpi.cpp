// polder::parallel on MPI_COMM_WORLD.
#include <mpi.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "polder/parallel/comm.hpp"

namespace polder::parallel {

namespace {

int g_local_rank = 0;

template <class T>
MPI_Datatype mpi_type();
template <>
MPI_Datatype mpi_type<double>() { return MPI_DOUBLE; }
template <>
MPI_Datatype mpi_type<float>() { return MPI_FLOAT; }
template <>
MPI_Datatype mpi_type<std::int32_t>() { return MPI_INT32_T; }

template <class T>
std::vector<T> gather(const std::vector<T>& mine) {
  const int n = size();
  int count = static_cast<int>(mine.size());
  std::vector<int> counts(is_root() ? std::size_t(n) : 0);
  MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(counts.size(), 0);
  std::size_t total = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    offsets[r] = static_cast<int>(total);
    total += std::size_t(counts[r]);
  }
  std::vector<T> all(total);
  MPI_Gatherv(mine.data(), count, mpi_type<T>(), all.data(), counts.data(), offsets.data(), mpi_type<T>(), 0,
              MPI_COMM_WORLD);
  return all;
}

}  // namespace

bool mpi_built() { return true; }

Session::Session(int& argc, char**& argv) {
  int ready = 0;
  MPI_Initialized(&ready);
  if (!ready) MPI_Init(&argc, &argv);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  MPI_Comm_rank(node, &g_local_rank);
  MPI_Comm_free(&node);
}

Session::~Session() {
  int done = 0;
  MPI_Finalized(&done);
  if (!done) MPI_Finalize();
}

int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int size() {
  int s = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

int local_rank() { return g_local_rank; }

double max_all(double v) {
  double out = v;
  MPI_Allreduce(&v, &out, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return out;
}

double min_all(double v) {
  double out = v;
  MPI_Allreduce(&v, &out, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
  return out;
}

double sum_all(double v) {
  double out = v;
  MPI_Allreduce(&v, &out, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return out;
}

std::uint64_t sum_all(std::uint64_t v) {
  std::uint64_t out = v;
  MPI_Allreduce(&v, &out, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  return out;
}

void max_all(std::vector<double>& v) {
  if (!v.empty()) MPI_Allreduce(MPI_IN_PLACE, v.data(), static_cast<int>(v.size()), MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
}

void sum_all(std::vector<double>& v) {
  if (!v.empty()) MPI_Allreduce(MPI_IN_PLACE, v.data(), static_cast<int>(v.size()), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
}

void barrier() { MPI_Barrier(MPI_COMM_WORLD); }

std::string broadcast(const std::string& text, int root) {
  unsigned long long length = text.size();
  MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, root, MPI_COMM_WORLD);
  std::string out = rank() == root ? text : std::string(length, '\0');
  if (length > 0) MPI_Bcast(out.data(), static_cast<int>(length), MPI_CHAR, root, MPI_COMM_WORLD);
  return out;
}

std::optional<Failure> first_failure(const std::optional<Failure>& mine) {
  const int n = size();
  const int me = mine ? rank() : n;
  int first = n;
  MPI_Allreduce(&me, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == n) return std::nullopt;
  Failure f;
  f.rank = first;
  f.message = broadcast(mine ? mine->message : std::string(), first);
  int code = mine ? mine->exit_code : 0;
  MPI_Bcast(&code, 1, MPI_INT, first, MPI_COMM_WORLD);
  f.exit_code = code;
  return f;
}

void checkpoint() {
  if (auto f = first_failure(std::nullopt)) throw CollectiveFailure(std::move(*f));
}

std::vector<double> gather_to_root(const std::vector<double>& mine) { return gather(mine); }
std::vector<float> gather_to_root(const std::vector<float>& mine) { return gather(mine); }
std::vector<std::int32_t> gather_to_root(const std::vector<std::int32_t>& mine) { return gather(mine); }

namespace {
void exchange_on(MPI_Comm comm, const std::vector<Exchange>& exchanges) {
  std::vector<MPI_Request> requests;
  requests.reserve(2 * exchanges.size());
  for (const auto& e : exchanges) {
    if (e.peer < 0) continue;
    requests.emplace_back();
    MPI_Irecv(e.receive, static_cast<int>(e.receive_count), MPI_DOUBLE, e.peer, e.tag, comm, &requests.back());
  }
  for (const auto& e : exchanges) {
    if (e.peer < 0) continue;
    requests.emplace_back();
    MPI_Isend(e.send, static_cast<int>(e.send_count), MPI_DOUBLE, e.peer, e.tag, comm, &requests.back());
  }
  MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE);
}
}  // namespace

void exchange(const std::vector<Exchange>& exchanges) { exchange_on(MPI_COMM_WORLD, exchanges); }

CartesianGrid::CartesianGrid(int px, int py) {
  if (px < 1 || py < 1 || px * py != size())
    throw std::invalid_argument("CartesianGrid: " + std::to_string(px) + " x " + std::to_string(py) +
                                " blocks for " + std::to_string(size()) + " ranks");
  // Dimension 0 is y, 1 is x: MPI numbers row-major with the last dimension fastest, so that
  // rank = cy·px + cx as in block_of.
  int dims[2] = {py, px};
  int periodic[2] = {0, 0};
  MPI_Comm cart = MPI_COMM_NULL;
  MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periodic, /*reorder=*/0, &cart);
  handle_ = static_cast<long>(MPI_Comm_c2f(cart));
  auto edge = [](int r) { return r == MPI_PROC_NULL ? -1 : r; };
  int from = 0, to = 0;
  MPI_Cart_shift(cart, 1, 1, &from, &to);
  neighbours_.west = edge(from);
  neighbours_.east = edge(to);
  MPI_Cart_shift(cart, 0, 1, &from, &to);
  neighbours_.south = edge(from);
  neighbours_.north = edge(to);
}

CartesianGrid::~CartesianGrid() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized) return;
  MPI_Comm cart = MPI_Comm_f2c(static_cast<MPI_Fint>(handle_));
  if (cart != MPI_COMM_NULL) MPI_Comm_free(&cart);
}

void CartesianGrid::exchange(const std::vector<Exchange>& exchanges) const {
  exchange_on(MPI_Comm_f2c(static_cast<MPI_Fint>(handle_)), exchanges);
}

void send(int destination, int tag, const std::string& text) {
  MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, destination, tag, MPI_COMM_WORLD);
}

namespace {
Message receive_probed(const MPI_Status& status) {
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  Message m;
  m.source = status.MPI_SOURCE;
  m.tag = status.MPI_TAG;
  m.text.resize(std::size_t(count));
  MPI_Recv(m.text.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return m;
}
}  // namespace

Message receive() {
  MPI_Status status;
  MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
  return receive_probed(status);
}

std::optional<Message> poll() {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
  if (!flag) return std::nullopt;
  return receive_probed(status);
}

void abort_all(int exit_code) {
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::exit(exit_code);
}

}  // namespace polder::parallel
