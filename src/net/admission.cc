#include "net/admission.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "core/metrics.h"

namespace contrail::net {

namespace {

constexpr const char* kShedLabels[] = {"reason=\"header_timeout\"", "reason=\"idle_evicted\"",
                                       "reason=\"max_connections\"", "reason=\"address_limit\"",
                                       "reason=\"refusal_overflow\""};

}  // namespace

Admission::Admission(int max_connections, int max_per_address)
    : max_connections_(std::max(1, max_connections)),
      max_per_address_(std::clamp(max_per_address, 1, max_connections_)) {
  static_assert(std::size(kShedLabels) == std::tuple_size_v<decltype(shed_)>);
  auto& registry = core::MetricsRegistry::Global();
  for (std::size_t i = 0; i < shed_.size(); ++i) {
    shed_[i] = &registry.GetCounter("contrail_http_connections_shed_total",
                                    "Client connections closed or refused to protect the others.",
                                    kShedLabels[i]);
  }
}

Admission::~Admission() = default;

Admission::AddressKey Admission::KeyOf(const boost::asio::ip::address& client) {
  if (client.is_v4()) {
    return boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, client.to_v4()).to_bytes();
  }
  AddressKey key = client.to_v6().to_bytes();
  if (!client.to_v6().is_v4_mapped()) std::fill(key.begin() + 8, key.end(), 0);
  return key;
}

std::size_t Admission::KeyHash::operator()(const AddressKey& key) const {
  std::uint64_t high = 0, low = 0;
  std::memcpy(&high, key.data(), 8);
  std::memcpy(&low, key.data() + 8, 8);
  return std::hash<std::uint64_t>{}(high ^ (low * 0x9E3779B97F4A7C15ull));
}

std::optional<Admission::Slot> Admission::Take(const boost::asio::ip::address& client) {
  AddressKey key = KeyOf(client);
  {
    std::lock_guard lock(mu_);
    int& held = per_address_[key];
    if (held >= max_per_address_) return std::nullopt;  // held > 0 here: no zero count is left
    ++held;
  }
  active_.fetch_add(1, std::memory_order_relaxed);
  return Slot(this, key);
}

void Admission::Release(const AddressKey& key) {
  {
    std::lock_guard lock(mu_);
    auto it = per_address_.find(key);
    if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
  }
  active_.fetch_sub(1, std::memory_order_relaxed);
}

bool Admission::over_limit() const { return active() > static_cast<std::size_t>(max_connections_); }

Admission::Refusal Admission::StartRefusal() {
  if (refusals_in_flight_.fetch_add(1) >= kMaxRefusalsInFlight) {
    refusals_in_flight_.fetch_sub(1);
    return nullptr;
  }
  return Refusal(&refusals_in_flight_);
}

void Admission::CountShed(ShedReason reason) { shed_[static_cast<std::size_t>(reason)]->Inc(); }

Admission::Slot::Slot(Slot&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)), key_(other.key_) {}

Admission::Slot& Admission::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = std::exchange(other.owner_, nullptr);
    key_ = other.key_;
  }
  return *this;
}

void Admission::Slot::Release() {
  if (owner_ != nullptr) std::exchange(owner_, nullptr)->Release(key_);
}

}  // namespace contrail::net
