#pragma once
// A tiny scenario library on a synthetic basin (each scenario runs in well under a second) and
// readers for the batch index, shared by the serial and the MPI batch tests.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace polder::test::batch {

// Writes dem.tif, pop.tif, zones.geojson, base.toml, listed.toml and library.toml into `dir`.
// The library holds four scenarios, in this order:
//   basin-listed      listed scenario file
//   basin-B1-low      generated: breach B1, outside level 0.8 m
//   basin-B1-high     generated: breach B1, outside level 1.2 m
//   basin-FAR-low     generated: breach FAR, 1 km from the domain: fails when its model is built
void write_library(const std::filesystem::path& dir);
inline const std::vector<std::string> library_names = {"basin-listed", "basin-B1-low", "basin-B1-high", "basin-FAR-low"};

// index.csv as rows of column -> text (header names as keys), in file order.
using CsvRow = std::map<std::string, std::string>;
std::vector<CsvRow> read_index_csv(const std::filesystem::path& file);

// A 1-D variable-length string dataset.
std::vector<std::string> read_strings(const std::filesystem::path& file, const std::string& path);

// Runs a shell command (stdout and stderr captured) in `cwd`.
CommandResult run_shell(const std::string& command, const std::filesystem::path& cwd = {});

}  // namespace polder::test::batch
