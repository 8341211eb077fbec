#include "polder/app/error_report.hpp"

#include <string>

#include "polder/grids/io/raster_io.hpp"
#include "polder/parallel/block_decomposition.hpp"
#include "polder/results/result_file.hpp"
#include "polder/scenarios/config_error.hpp"
#include "polder/solver/backend_errors.hpp"

namespace polder {

parallel::Failure describe_failure(const std::exception_ptr& e) {
  const auto bad_input = [](const std::exception& x) { return parallel::Failure{parallel::rank(), std::string("polder: error: ") + x.what(), 2}; };
  try {
    std::rethrow_exception(e);
  } catch (const parallel::CollectiveFailure& x) {
    return x.failure();
  } catch (const ConfigError& x) {
    return bad_input(x);
  } catch (const RasterError& x) {
    return bad_input(x);
  } catch (const DeviceUnavailable& x) {
    return bad_input(x);
  } catch (const IoError& x) {
    return bad_input(x);
  } catch (const parallel::DecompositionError& x) {
    return bad_input(x);
  } catch (const std::exception& x) {
    return {parallel::rank(), std::string("polder: internal error: ") + x.what(), 1};
  } catch (...) {
    return {parallel::rank(), "polder: internal error: unknown exception", 1};
  }
}

}  // namespace polder
