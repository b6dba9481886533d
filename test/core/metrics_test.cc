#include "core/metrics.h"

#include <gtest/gtest.h>

namespace contrail::core {
namespace {

TEST(MetricsTest, CounterAndHistogramRenderInPrometheusFormat) {
  MetricsRegistry r;
  r.GetCounter("x_total", "Things.", "route=\"/a\"").Inc(3);
  r.GetCounter("x_total", "Things.", "route=\"/a\"").Inc();
  Histogram& h = r.GetHistogram("lat_seconds", "Latency.", "", {0.001, 0.01});
  h.Observe(0.0005);
  h.Observe(0.005);
  h.Observe(1);
  r.SetGauge("g", "Gauge.", "", [] { return 7.0; });
  std::string text = r.RenderPrometheus();
  EXPECT_NE(text.find("# TYPE x_total counter"), std::string::npos);
  EXPECT_NE(text.find("x_total{route=\"/a\"} 4"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"0.001\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"0.01\"} 2"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"+Inf\"} 3"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_count 3"), std::string::npos);
  EXPECT_NE(text.find("g 7"), std::string::npos);
}

}  // namespace
}  // namespace contrail::core
