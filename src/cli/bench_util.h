#pragma once
// What the `contrail` commands share: running a coroutine to completion; for the benchmarks, a latency
// series and a coroutine that samples a probe.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"

namespace contrail::cli {

struct Series {
  std::string name;
  std::vector<double> us;  // one latency per sample, microseconds
  double Percentile(double p) const;
  double Mean() const;
};

using Probe = std::function<boost::asio::awaitable<core::Status>()>;

// Runs `probe` a few times to warm up, then `samples` times, timing each (progress bar on a
// terminal). The first failing probe's error ends the series.
boost::asio::awaitable<core::Result<Series>> Measure(std::string name, int samples, Probe probe);

// Runs `task` to completion on `io` (for CLI commands: they have no other work).
template <class T>
core::Result<T> RunToCompletion(boost::asio::io_context& io, boost::asio::awaitable<core::Result<T>> task) {
  core::Result<T> result = core::Internal("did not finish");
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, core::Result<T> r) {
    result = e ? core::Result<T>(core::Internal("threw an exception")) : std::move(r);
  });
  io.run();
  return result;
}

// The same on a fresh single-threaded io_context.
template <class T>
core::Result<T> RunToCompletion(boost::asio::awaitable<core::Result<T>> task) {
  boost::asio::io_context io(1);
  return RunToCompletion(io, std::move(task));
}

}  // namespace contrail::cli
