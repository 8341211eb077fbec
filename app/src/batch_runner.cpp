#include "polder/app/batch_runner.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <ostream>
#include <sstream>
#include <thread>

#include "polder/app/batch_index.hpp"
#include "polder/app/exposure_overlay.hpp"
#include "polder/app/run_pipeline.hpp"
#include "polder/app/zone_table.hpp"
#include "polder/grids/io/raster_io.hpp"
#include "polder/parallel/comm.hpp"
#include "polder/results/result_file.hpp"
#include "polder/scenarios/config_error.hpp"
#include "polder/scenarios/library.hpp"
#include "polder/solver/backend_errors.hpp"
#include "polder/solver/swe_backend.hpp"

namespace polder::batch {

namespace fs = std::filesystem;

namespace {

// Work-queue messages (parallel::send / poll). Tags well away from any halo-exchange tags.
constexpr int tag_ready = 7101;     // worker -> 0: give me a scenario (text empty)
constexpr int tag_finished = 7102;  // worker -> 0: "<index>\n<0 done|1 failed>\n<wall s>\n<error>"; also "ready"
constexpr int tag_work = 7103;      // 0 -> worker: "<index>"
constexpr int tag_done = 7104;      // 0 -> worker: no more work; "<exit code>"

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// OpenMPI's blocking receive busy-polls a core; waiting ranks poll and sleep instead, so that
// rank 0 (and idle workers) leave the cores to the ranks that run scenarios.
parallel::Message wait_for_message() {
  for (;;) {
    if (auto m = parallel::poll()) return *m;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

fs::path result_of(const fs::path& dir, const std::string& name) { return dir / (name + ".h5"); }

struct Outcome {
  bool ok = false;
  double wall_s = 0.0;
  std::string error;
};

// One scenario, serially in this process; its log lines go to DIR/<name>.log.
Outcome run_one(const LibraryEntry& entry, const BatchOptions& options) {
  const Clock::time_point t0 = Clock::now();
  const fs::path result = result_of(options.out_dir, entry.name);
  std::ofstream log(options.out_dir / (entry.name + ".log"));
  Outcome o;
  try {
    // An older result (of other scenario text) must not survive a failed re-run.
    fs::remove(result);
    for (const fs::path& table : {zone_table_path(result), zone_geojson_path(result), farm_table_path(result),
                                  farm_geojson_path(result)})
      fs::remove(table);
    RunOptions run;
    run.out = result;
    run.backend = options.backend;
    run.quiet = true;  // no progress line from many ranks at once
    const RunReport report = run_scenario(entry.scenario, run, log);
    log << report.summary << "result: " << report.result_file.string() << "\n";
    o.ok = true;
  } catch (const ConfigError& e) {
    o.error = e.what();
  } catch (const RasterError& e) {
    o.error = e.what();
  } catch (const IoError& e) {
    o.error = e.what();
  } catch (const DeviceUnavailable& e) {
    o.error = e.what();
  } catch (const std::exception& e) {
    o.error = std::string("internal error: ") + e.what();
  }
  o.error = one_line(o.error);
  if (!o.ok) log << "error: " << o.error << "\n";
  o.wall_s = seconds_since(t0);
  return o;
}

std::string encode(std::size_t index, const Outcome& o) {
  std::ostringstream s;
  s.precision(17);
  s << index << "\n" << (o.ok ? 0 : 1) << "\n" << o.wall_s << "\n" << o.error;
  return s.str();
}

std::pair<std::size_t, Outcome> decode(const std::string& text) {
  std::istringstream s(text);
  std::size_t index = 0;
  int failed = 0;
  Outcome o;
  s >> index >> failed >> o.wall_s;
  s.get();  // the newline before the error
  std::getline(s, o.error);
  o.ok = failed == 0;
  return {index, o};
}

// Rank 0's book-keeping: the index, rewritten after every scenario, and the log.
class Ledger {
 public:
  Ledger(const ScenarioLibrary& lib, const BatchOptions& options, std::ostream& out)
      : lib_(lib), options_(options), out_(out) {
    index_.library_name = lib.name;
    index_.library_file = lib.file;
    for (const LibraryEntry& e : lib.entries) index_.rows.push_back({e.name, Status::pending, "", no_value, -1, "", {}});
  }

  // Marks the scenarios whose complete result is already there; returns the others, in order.
  std::deque<std::size_t> resume() {
    std::deque<std::size_t> todo;
    for (std::size_t k = 0; k < lib_.entries.size(); ++k) {
      const LibraryEntry& e = lib_.entries[k];
      const fs::path result = result_of(options_.out_dir, e.name);
      IndexRow& row = index_.rows[k];
      if (complete_result(result, e.scenario.text)) {
        try {
          row.figures = read_figures(result);
          row.status = Status::skipped_complete;
          row.result = result.filename().string();
          ++finished_;
          log_row(row);
          continue;
        } catch (const IoError&) {
          row.figures = {};  // unreadable after all: run it again
        }
      }
      todo.push_back(k);
    }
    return todo;
  }

  void record(std::size_t k, const Outcome& o, int rank) {
    IndexRow& row = index_.rows.at(k);
    row.wall_time_s = o.wall_s;
    row.rank = rank;
    row.error = o.error;
    row.status = o.ok ? Status::done : Status::failed;
    if (o.ok) {
      const fs::path result = result_of(options_.out_dir, row.name);
      try {
        row.figures = read_figures(result);
        row.result = result.filename().string();
      } catch (const IoError& e) {
        row.status = Status::failed;
        row.error = one_line(e.what());
      }
    }
    ++finished_;
    write();
    log_row(row);
  }

  void write() const { write_index(options_.out_dir, index_); }

  int exit_code() const {
    for (const IndexRow& r : index_.rows)
      if (r.status == Status::failed) return exit_some_failed;
    return exit_all_succeeded;
  }

  void summary(double wall_s, int ranks) const {
    std::size_t count[4] = {};
    for (const IndexRow& r : index_.rows) ++count[static_cast<int>(r.status)];
    char line[512];
    std::snprintf(line, sizeof line, "polder batch: library '%s', %zu scenarios on %d rank%s: %zu done, %zu failed, %zu skipped-complete in %.1f s\n",
                  lib_.name.c_str(), index_.rows.size(), ranks, ranks == 1 ? "" : "s", count[1], count[2], count[3],
                  wall_s);
    out_ << line;
    for (const IndexRow& r : index_.rows)
      if (r.status == Status::failed) out_ << "  failed: " << r.name << ": " << r.error << "\n";
    out_ << "index: " << (options_.out_dir / "index.csv").string() << ", " << (options_.out_dir / "index.h5").string()
         << "\n";
  }

 private:
  // "[ 3/30] <name>  done  41.20 s  rank 2", names padded to the longest.
  void log_row(const IndexRow& row) {
    if (options_.quiet) return;
    std::size_t name_width = 0;
    for (const IndexRow& r : index_.rows) name_width = std::max(name_width, r.name.size());
    char line[1024];
    const int count_width = static_cast<int>(std::to_string(index_.rows.size()).size());
    std::snprintf(line, sizeof line, "[%*zu/%zu] %-*s  %-16s", count_width, finished_, index_.rows.size(),
                  static_cast<int>(name_width), row.name.c_str(), status_text(row.status));
    out_ << line;
    if (row.status != Status::skipped_complete) {
      std::snprintf(line, sizeof line, "  %8.2f s  rank %d", row.wall_time_s, row.rank);
      out_ << line;
    }
    if (row.status == Status::failed) out_ << "  " << row.error;
    out_ << "\n";
    out_.flush();
  }

  const ScenarioLibrary& lib_;
  const BatchOptions& options_;
  std::ostream& out_;
  Index index_;
  std::size_t finished_ = 0;
};

// The index cannot be written any more: nothing sensible is left to do on any rank.
[[noreturn]] void stop_on_index_failure(const IoError& e, std::ostream& err) {
  err << "polder: error: " << e.what() << "\n";
  err.flush();
  parallel::abort_all(exit_bad_library);
}

int dispatch(Ledger& ledger, std::deque<std::size_t> todo, std::ostream& err) {
  const int workers = parallel::size() - 1;
  int idle = 0;
  while (!todo.empty() || idle < workers) {
    const parallel::Message m = wait_for_message();
    if (m.tag == tag_finished) {
      const auto [k, outcome] = decode(m.text);
      try {
        ledger.record(k, outcome, m.source);
      } catch (const IoError& e) {
        stop_on_index_failure(e, err);
      }
    } else if (m.tag != tag_ready) {
      continue;
    }
    if (todo.empty()) {
      ++idle;  // held until every scenario is finished, then told the exit code
    } else {
      parallel::send(m.source, tag_work, std::to_string(todo.front()));
      todo.pop_front();
    }
  }
  const int code = ledger.exit_code();
  for (int r = 1; r <= workers; ++r) parallel::send(r, tag_done, std::to_string(code));
  return code;
}

int work(const ScenarioLibrary& lib, const BatchOptions& options) {
  // Workers sharing a node share its GPUs round-robin (no effect without CUDA or a device).
  select_cuda_device_for_rank(parallel::local_rank());
  parallel::send(0, tag_ready, "");
  for (;;) {
    const parallel::Message m = wait_for_message();
    if (m.tag == tag_done) return std::stoi(m.text);
    if (m.tag != tag_work) continue;
    const std::size_t k = std::stoul(m.text);
    const Outcome o = run_one(lib.entries.at(k), options);
    parallel::send(0, tag_finished, encode(k, o));
  }
}

// Everything that can be found wrong before any scenario runs: the library (every listed and
// generated scenario, parsed and validated) on every rank, and on rank 0 the output folder.
std::optional<std::string> prepare(const BatchOptions& options, ScenarioLibrary& lib) {
  try {
    lib = load_library(options.library);
    if (parallel::is_root()) {
      std::error_code ec;
      fs::create_directories(options.out_dir, ec);
      if (ec || !fs::is_directory(options.out_dir))
        return options.out_dir.string() + ": cannot create the output folder" + (ec ? ": " + ec.message() : "");
    }
    return std::nullopt;
  } catch (const ConfigError& e) {
    return std::string(e.what());
  } catch (const RasterError& e) {
    return std::string(e.what());
  } catch (const IoError& e) {
    return std::string(e.what());
  } catch (const std::exception& e) {
    return options.library.string() + ": " + e.what();
  }
}

}  // namespace

int run_batch(const BatchOptions& options, std::ostream& out, std::ostream& err) {
  const Clock::time_point t0 = Clock::now();
  ScenarioLibrary lib;
  std::optional<std::string> problem = prepare(options, lib);

  // Rank 0 also checks what a previous run left and writes the first index (all pending or
  // skipped), which proves the folder writable, before any rank starts a scenario.
  std::optional<Ledger> ledger;
  std::deque<std::size_t> todo;
  if (!problem && parallel::is_root()) {
    try {
      ledger.emplace(lib, options, out);
      todo = ledger->resume();
      ledger->write();
    } catch (const IoError& e) {
      problem = e.what();
    }
  }
  std::optional<parallel::Failure> mine;
  if (problem) mine = parallel::Failure{parallel::rank(), one_line(*problem), exit_bad_library};
  if (const auto failure = parallel::first_failure(mine)) {
    if (parallel::is_root()) err << "polder: error: " << failure->message << "\n";
    return exit_bad_library;
  }

  int code = exit_all_succeeded;
  if (parallel::size() == 1) {
    for (std::size_t k : todo) {
      const Outcome o = run_one(lib.entries[k], options);
      try {
        ledger->record(k, o, 0);
      } catch (const IoError& e) {
        err << "polder: error: " << e.what() << "\n";
        return exit_bad_library;
      }
    }
    code = ledger->exit_code();
  } else if (parallel::is_root()) {
    code = dispatch(*ledger, std::move(todo), err);
  } else {
    code = work(lib, options);
  }
  if (parallel::is_root()) ledger->summary(seconds_since(t0), parallel::size());
  return code;
}

int batch_command(const BatchOptions& options) {
  try {
    return run_batch(options, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "polder: internal error (rank " << parallel::rank() << "): " << e.what() << "\n";
    std::cerr.flush();
    if (parallel::size() > 1) parallel::abort_all(1);
    return 1;
  }
}

}  // namespace polder::batch
