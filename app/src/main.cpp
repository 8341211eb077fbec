// The `polder` command. Only here are errors caught: one line on stderr, documented exit codes
// (docs/cli.md): 0 success, 1 internal failure, 2 bad input.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "polder/app/run_pipeline.hpp"
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
    std::cerr << "polder: error: " << e.what() << " (see polder --help)\n";
    return 2;
  }
  if (!out.empty()) run.out = out;
  run.backend = parse_backend(backend);

  std::ostringstream discard;
  // Log lines go to stdout: stderr carries only progress and, on failure, the one error line.
  std::ostream& log = run.quiet ? static_cast<std::ostream&>(discard) : std::cout;
  try {
    const polder::RunReport report = polder::run_scenario(run, log);
    std::cout << report.summary << "result: " << report.result_file.string() << "\n";
    return 0;
  } catch (const polder::ConfigError& e) {
    std::cerr << "polder: error: " << e.what() << "\n";
  } catch (const polder::RasterError& e) {
    std::cerr << "polder: error: " << e.what() << "\n";
  } catch (const polder::DeviceUnavailable& e) {
    std::cerr << "polder: error: " << e.what() << "\n";
  } catch (const polder::IoError& e) {
    std::cerr << "polder: error: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "polder: internal error: " << e.what() << "\n";
    return 1;
  }
  return 2;
}
