#include "core/metrics.h"

#include <cmath>
#include <cstdio>

namespace contrail::core {

struct MetricsRegistry::Family {
  std::string name;
  std::string help;
  const char* type;
  struct Series {
    std::string labels;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Histogram> histogram;
    std::function<double()> gauge;
  };
  std::vector<Series> series;

  Series* Find(std::string_view labels) {
    for (Series& s : series) {
      if (s.labels == labels) return &s;
    }
    return nullptr;
  }
};

namespace {

void AppendNumber(std::string& out, double v) {
  char buf[40];
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  std::snprintf(buf, sizeof buf, "%.9g", v);
  out += buf;
}

void AppendSample(std::string& out, std::string_view name, std::string_view labels,
                  std::string_view extra_label, double value) {
  out += name;
  if (!labels.empty() || !extra_label.empty()) {
    out += '{';
    out += labels;
    if (!labels.empty() && !extra_label.empty()) out += ',';
    out += extra_label;
    out += '}';
  }
  out += ' ';
  AppendNumber(out, value);
  out += '\n';
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(new std::atomic<std::uint64_t>[bounds_.size() + 1]) {
  for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(double value) {
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  if (value > 0) {
    sum_micros_.fetch_add(static_cast<std::uint64_t>(value * 1e6), std::memory_order_relaxed);
  }
}

void Histogram::Render(std::string& out, std::string_view name, std::string_view labels) const {
  std::string bucket_name = std::string(name) + "_bucket";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    std::string le = "le=\"";
    if (i < bounds_.size()) {
      AppendNumber(le, bounds_[i]);
    } else {
      le += "+Inf";
    }
    le += '"';
    AppendSample(out, bucket_name, labels, le, static_cast<double>(cumulative));
  }
  AppendSample(out, std::string(name) + "_sum", labels, {},
               static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6);
  AppendSample(out, std::string(name) + "_count", labels, {}, static_cast<double>(cumulative));
}

const std::vector<double>& LatencyBounds() {
  static const std::vector<double> kBounds = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                              0.005,   0.01,   0.025,   0.05,   0.1,   0.25,
                                              0.5,     1,      2.5,     5,      10,    30};
  return kBounds;
}

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry::Family& MetricsRegistry::FamilyFor(std::string_view name, std::string_view help,
                                                    const char* type) {
  for (auto& f : families_) {
    if (f->name == name) return *f;
  }
  families_.push_back(std::make_unique<Family>(Family{std::string(name), std::string(help), type, {}}));
  return *families_.back();
}

Counter& MetricsRegistry::GetCounter(std::string_view name, std::string_view help,
                                     std::string_view labels) {
  std::lock_guard lock(mu_);
  Family& family = FamilyFor(name, help, "counter");
  if (auto* s = family.Find(labels); s != nullptr && s->counter) return *s->counter;
  family.series.push_back({std::string(labels), std::make_unique<Counter>(), nullptr, nullptr});
  return *family.series.back().counter;
}

Histogram& MetricsRegistry::GetHistogram(std::string_view name, std::string_view help,
                                         std::string_view labels,
                                         const std::vector<double>& bounds) {
  std::lock_guard lock(mu_);
  Family& family = FamilyFor(name, help, "histogram");
  if (auto* s = family.Find(labels); s != nullptr && s->histogram) return *s->histogram;
  family.series.push_back(
      {std::string(labels), nullptr, std::make_unique<Histogram>(bounds), nullptr});
  return *family.series.back().histogram;
}

void MetricsRegistry::SetGauge(std::string_view name, std::string_view help,
                               std::string_view labels, std::function<double()> read) {
  std::lock_guard lock(mu_);
  Family& family = FamilyFor(name, help, "gauge");
  if (auto* s = family.Find(labels); s != nullptr) {
    s->gauge = std::move(read);
    return;
  }
  family.series.push_back({std::string(labels), nullptr, nullptr, std::move(read)});
}

std::string MetricsRegistry::RenderPrometheus() const {
  std::lock_guard lock(mu_);
  std::string out;
  out.reserve(16 * 1024);
  for (const auto& f : families_) {
    out += "# HELP " + f->name + " " + f->help + "\n# TYPE " + f->name + " " + f->type + "\n";
    for (const auto& s : f->series) {
      if (s.counter) AppendSample(out, f->name, s.labels, {}, static_cast<double>(s.counter->value()));
      if (s.histogram) s.histogram->Render(out, f->name, s.labels);
      if (s.gauge) AppendSample(out, f->name, s.labels, {}, s.gauge());
    }
  }
  return out;
}

MetricsRegistry& MetricsRegistry::Global() {
  static MetricsRegistry* registry = new MetricsRegistry();  // never destroyed: used at exit
  return *registry;
}

}  // namespace contrail::core
