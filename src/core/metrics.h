#pragma once
// A small metrics registry rendered in Prometheus text format (GET /metrics).
// Metrics are created once and live as long as the registry; Get* returns a stable reference that
// callers keep, so the hot path is one atomic add. All methods are thread-safe.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace contrail::core {

class Counter {
 public:
  void Inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// Cumulative histogram with fixed upper bounds (seconds for latencies).
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  // Renders the _bucket/_sum/_count lines for one label set.
  void Render(std::string& out, std::string_view name, std::string_view labels) const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // one per bound, plus +Inf
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micros_{0};  // sum in millionths, to stay an integer atomic
};

// Latency buckets from 50 µs to 30 s, in seconds.
const std::vector<double>& LatencyBounds();

class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();

  // `labels` is the inner label text, e.g. `route="/v1/models",method="GET"` (may be empty).
  Counter& GetCounter(std::string_view name, std::string_view help, std::string_view labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help,
                          std::string_view labels = {},
                          const std::vector<double>& bounds = LatencyBounds());
  // A value read at render time (pool sizes, connection counts).
  void SetGauge(std::string_view name, std::string_view help, std::string_view labels,
                std::function<double()> read);

  std::string RenderPrometheus() const;

  // The process-wide registry.
  static MetricsRegistry& Global();

 private:
  struct Family;
  Family& FamilyFor(std::string_view name, std::string_view help, const char* type);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Family>> families_;  // guarded by mu_
};

}  // namespace contrail::core
