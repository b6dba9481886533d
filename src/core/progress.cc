#include "core/progress.h"

#include <unistd.h>

#include <cstdio>

namespace contrail::core {

Progress::Progress(std::string label, std::uint64_t total)
    : label_(std::move(label)),
      total_(total == 0 ? 1 : total),
      tty_(isatty(STDERR_FILENO) != 0),
      started_(std::chrono::steady_clock::now()),
      last_draw_(started_) {}

void Progress::Tick(std::uint64_t n) {
  done_ += n;
  auto now = std::chrono::steady_clock::now();
  if (tty_) {
    if (now - last_draw_ >= std::chrono::milliseconds(100)) {
      last_draw_ = now;
      Draw(false);
    }
    return;
  }
  int decile = static_cast<int>(done_ * 10 / total_);
  if (decile != last_decile_ && decile < 10) {
    last_decile_ = decile;
    Draw(false);
  }
}

void Progress::Finish() { Draw(true); }

void Progress::Draw(bool final) {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0;
  double eta = rate > 0 ? static_cast<double>(total_ - std::min(done_, total_)) / rate : 0;
  double fraction = std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_));
  if (tty_) {
    char bar[31];
    int filled = static_cast<int>(fraction * 30);
    for (int i = 0; i < 30; ++i) bar[i] = i < filled ? '#' : '.';
    bar[30] = 0;
    std::fprintf(stderr, "\r%-28s [%s] %3.0f%% %10.0f/s  ETA %5.1fs", label_.c_str(), bar,
                 fraction * 100, rate, final ? 0.0 : eta);
    if (final) std::fprintf(stderr, "  done in %.1fs\n", elapsed);
  } else if (final) {
    std::fprintf(stderr, "%s: %llu done in %.1fs (%.0f/s)\n", label_.c_str(),
                 static_cast<unsigned long long>(done_), elapsed, rate);
  } else {
    std::fprintf(stderr, "%s: %3.0f%% (%llu/%llu, %.0f/s, ETA %.1fs)\n", label_.c_str(),
                 fraction * 100, static_cast<unsigned long long>(done_),
                 static_cast<unsigned long long>(total_), rate, eta);
  }
  std::fflush(stderr);
}

}  // namespace contrail::core
