// polder::parallel for a build without MPI: one rank, collectives are identities.
#include <cstdlib>
#include <stdexcept>

#include "polder/parallel/comm.hpp"

namespace polder::parallel {

bool mpi_built() { return false; }
Session::Session(int&, char**&) {}
Session::~Session() = default;
int rank() { return 0; }
int size() { return 1; }
int local_rank() { return 0; }
double max_all(double v) { return v; }
double min_all(double v) { return v; }
double sum_all(double v) { return v; }
std::uint64_t sum_all(std::uint64_t v) { return v; }
void max_all(std::vector<double>&) {}
void sum_all(std::vector<double>&) {}
void barrier() {}
std::string broadcast(const std::string& text, int) { return text; }
std::optional<Failure> first_failure(const std::optional<Failure>& mine) { return mine; }
void checkpoint() {
  if (auto f = first_failure(std::nullopt)) throw CollectiveFailure(std::move(*f));
}

std::vector<double> gather_to_root(const std::vector<double>& mine) { return mine; }
std::vector<float> gather_to_root(const std::vector<float>& mine) { return mine; }
std::vector<std::int32_t> gather_to_root(const std::vector<std::int32_t>& mine) { return mine; }

void exchange(const std::vector<Exchange>& exchanges) {
  for (const auto& e : exchanges)
    if (e.peer >= 0) throw std::logic_error("parallel::exchange: no other rank exists in a build without MPI");
}

CartesianGrid::CartesianGrid(int px, int py) {
  if (px != 1 || py != 1) throw std::invalid_argument("CartesianGrid: a build without MPI has one rank, one block");
}
CartesianGrid::~CartesianGrid() = default;
void CartesianGrid::exchange(const std::vector<Exchange>& exchanges) const { parallel::exchange(exchanges); }

void send(int, int, const std::string&) {
  throw std::logic_error("parallel::send: no other rank exists in a build without MPI");
}
Message receive() { throw std::logic_error("parallel::receive: no other rank exists in a build without MPI"); }
std::optional<Message> poll() { return std::nullopt; }
[[noreturn]] void abort_all(int exit_code) { std::exit(exit_code); }

}  // namespace polder::parallel
