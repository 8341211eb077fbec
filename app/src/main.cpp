// The `polder` command. Only here are errors caught: one line on stderr, documented exit codes
// (docs/cli.md): 0 success, 1 internal failure, 2 bad input.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "polder/app/batch_runner.hpp"
#include "polder/app/exposure_cli.hpp"
#include "polder/app/run_command.hpp"
#include "polder/app/run_pipeline.hpp"
#include "polder/parallel/comm.hpp"
#include "polder/grids/io/raster_io.hpp"
#include "polder/results/result_file.hpp"
#include "polder/scenarios/config_error.hpp"
#include "polder/solver/backend_errors.hpp"

namespace {

std::optional<polder::BackendChoice> parse_backend(const std::string& s) {
  if (s.empty()) return std::nullopt;
  if (s == "auto") return polder::BackendChoice::auto_select;
  if (s == "cpu") return polder::BackendChoice::cpu;
  return polder::BackendChoice::cuda;
}

}  // namespace

int main(int argc, char** argv) {
  // First: under mpirun every rank starts here; MPI is finalised when main returns.
  polder::parallel::Session mpi(argc, argv);
  CLI::App app{"polder: flood inundation and exposure from dike breaches"};
  app.set_version_flag("--version", std::string("polder ") + POLDER_VERSION);
  app.require_subcommand(1);

  polder::RunOptions run;
  std::string out;
  std::string backend;
  CLI::App* run_cmd = app.add_subcommand("run", "Simulate one scenario and write its result file");
  run_cmd->add_option("scenario", run.scenario, "Scenario file (TOML, see docs/scenario-file.md)")->required();
  run_cmd->add_option("--out", out, "Result file (HDF5/netCDF-4); overrides [output] file");
  run_cmd->add_option("--backend", backend, "auto, cpu or cuda; overrides [simulation] backend")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  run_cmd->add_flag("--quiet,-q", run.quiet, "No progress or log lines; only the summary");

  polder::batch::BatchOptions batch;
  std::string batch_backend;
  CLI::App* batch_cmd = app.add_subcommand("batch", "Run every scenario of a library (over the MPI ranks) into one folder");
  batch_cmd->add_option("library", batch.library, "Scenario library (TOML, see docs/scenario-file.md)")->required();
  batch_cmd->add_option("--out", batch.out_dir, "Output folder: <scenario>.h5 per scenario, index.csv, index.h5")->required();
  batch_cmd->add_option("--backend", batch_backend, "auto, cpu or cuda; overrides [simulation] backend")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  batch_cmd->add_flag("--quiet,-q", batch.quiet, "No line per scenario; only the final summary");

  polder::ExposureCommandOptions exposure;
  CLI::App* exposure_cmd = polder::add_exposure_subcommand(app, exposure);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, like every other bad input.
    if (polder::parallel::is_root()) std::cerr << "polder: error: " << e.what() << " (see polder --help)\n";
    return 2;
  }
  if (run_cmd->parsed()) {
    if (!out.empty()) run.out = out;
    run.backend = parse_backend(backend);
    return polder::run_command(run);
  }
  if (batch_cmd->parsed()) {
    batch.backend = parse_backend(batch_backend);
    return polder::batch::batch_command(batch);
  }
  if (exposure_cmd->parsed()) return polder::exposure_command(exposure);
  return 2;
}
