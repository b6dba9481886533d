#pragma once
// Progress of long work (seed, ingest, bench): a bar with rate and ETA on a terminal, plain
// lines (every 10%) otherwise. Writes to stderr. Not thread-safe.

#include <chrono>
#include <cstdint>
#include <string>

namespace contrail::core {

class Progress {
 public:
  Progress(std::string label, std::uint64_t total);
  // Adds `n` done units; redraws at most every 100 ms.
  void Tick(std::uint64_t n = 1);
  // Prints the final line (total, elapsed, rate).
  void Finish();

 private:
  void Draw(bool final);

  std::string label_;
  std::uint64_t total_;
  std::uint64_t done_ = 0;
  bool tty_;
  int last_decile_ = -1;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace contrail::core
