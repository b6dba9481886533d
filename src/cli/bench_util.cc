#include "cli/bench_util.h"

#include <algorithm>
#include <chrono>

#include "core/progress.h"

namespace contrail::cli {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

double Series::Percentile(double p) const {
  std::vector<double> s = us;
  std::sort(s.begin(), s.end());
  return s.empty() ? 0 : s[std::min(s.size() - 1, static_cast<std::size_t>(p * s.size()))];
}

double Series::Mean() const {
  double sum = 0;
  for (double v : us) sum += v;
  return us.empty() ? 0 : sum / us.size();
}

asio::awaitable<core::Result<Series>> Measure(std::string name, int samples, Probe probe) {
  Series series{name, {}};
  series.us.reserve(samples);
  for (int i = 0; i < std::min(samples / 10 + 1, 200); ++i) CONTRAIL_CO_TRY_STATUS(co_await probe());  // warm-up
  core::Progress progress(name, samples);
  for (int i = 0; i < samples; ++i) {
    auto t0 = Clock::now();
    CONTRAIL_CO_TRY_STATUS(co_await probe());
    series.us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    progress.Tick();
  }
  progress.Finish();
  co_return series;
}

}  // namespace contrail::cli
