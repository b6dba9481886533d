#pragma once
// Runs a coroutine to completion on an io_context, for tests.
//   auto r = RunAsync(io, client.Execute(...));

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <stdexcept>

namespace contrail::test {

template <class T>
T RunAsync(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  std::optional<T> out;
  std::exception_ptr error;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    error = e;
    if (!e) out.emplace(std::move(value));
  });
  io.restart();
  while (!out && !error) io.run_one();
  if (error) std::rethrow_exception(error);
  return std::move(*out);
}

inline void RunAsync(boost::asio::io_context& io, boost::asio::awaitable<void> task) {
  bool done = false;
  std::exception_ptr error;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e) {
    error = e;
    done = true;
  });
  io.restart();
  while (!done) io.run_one();
  if (error) std::rethrow_exception(error);
}

}  // namespace contrail::test
