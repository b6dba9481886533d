#pragma once
// The bookkeeping of the HTTP server's connection slots, so that one client cannot lock everyone
// out. Every admitted connection holds a slot until it closes; one client address may hold at most
// `max_per_address` of them; when more than `max_connections` are taken the server must free one
// (close its longest-idle connection) or refuse the newcomer with a 503. Refusals in flight are
// bounded too. This class counts and decides nothing about sockets: http_server.cc does, and
// reports here what it shed (contrail_http_connections_shed_total{reason}).

#include <boost/asio/ip/address.hpp>
#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace contrail::core {
class Counter;
}

namespace contrail::net {

// Why the server closed or refused a connection to protect the others (the metric's label).
enum class ShedReason {
  kHeaderTimeout,    // "header_timeout": a request line and headers did not arrive in time
  kIdleEvicted,      // "idle_evicted": the longest-idle connection, closed to admit a new one
  kMaxConnections,   // "max_connections": refused with a 503, every connection busy
  kAddressLimit,     // "address_limit": refused with a 503, its address at its cap
  kRefusalOverflow,  // "refusal_overflow": refused without a response, too many refusals in flight
};

class Admission {
 public:
  class Slot;
  // Held while a refused connection is answered and lingers; destroying it ends the refusal.
  struct EndRefusal {
    void operator()(std::atomic<int>* in_flight) const { in_flight->fetch_sub(1); }
  };
  using Refusal = std::unique_ptr<std::atomic<int>, EndRefusal>;
  // The bytes a client counts under: an IPv4 address (also IPv4-mapped IPv6) whole, an IPv6
  // address by its /64, the block one subscriber gets (any of its 2^64 addresses is one client).
  using AddressKey = std::array<unsigned char, 16>;

  // A refused connection lingers (reads what its client still sends) for up to the server's
  // linger time, holding a file descriptor: beyond this many at once a refusal is a plain close.
  static constexpr int kMaxRefusalsInFlight = 256;

  // `max_connections` and `max_per_address` are at least 1; an address may hold at most
  // min(max_per_address, max_connections) slots.
  Admission(int max_connections, int max_per_address);
  // Every Slot and Refusal must be gone by then.
  ~Admission();
  Admission(const Admission&) = delete;
  Admission& operator=(const Admission&) = delete;

  // Takes a slot for a connection from `client`, even beyond max_connections (see over_limit());
  // nullopt, taking nothing, when the client's address holds its cap already. Any thread.
  std::optional<Slot> Take(const boost::asio::ip::address& client);
  // True while more slots are taken than max_connections: the newest must be given back unless an
  // idle connection gives up its own. Any thread.
  bool over_limit() const;
  // Slots taken now. Any thread.
  std::size_t active() const { return active_.load(std::memory_order_relaxed); }
  // Starts a refusal; nullptr when kMaxRefusalsInFlight are in flight already. Any thread.
  Refusal StartRefusal();
  // Counts a shed connection. Any thread.
  void CountShed(ShedReason reason);

  int max_connections() const { return max_connections_; }
  int max_per_address() const { return max_per_address_; }
  static AddressKey KeyOf(const boost::asio::ip::address& client);

 private:
  struct KeyHash {
    std::size_t operator()(const AddressKey& key) const;
  };
  void Release(const AddressKey& key);

  const int max_connections_;
  const int max_per_address_;
  std::atomic<std::size_t> active_{0};
  std::atomic<int> refusals_in_flight_{0};
  std::mutex mu_;  // taken once when a connection opens and once when it closes, never per request
  std::unordered_map<AddressKey, int, KeyHash> per_address_;  // guarded by mu_; no zero counts
  std::array<core::Counter*, 5> shed_;  // by ShedReason
};

// One connection's slot. Moves; gives the slot back once, on Release() or destruction.
class Admission::Slot {
 public:
  Slot() = default;  // holds nothing
  Slot(Slot&& other) noexcept;
  Slot& operator=(Slot&& other) noexcept;
  ~Slot() { Release(); }
  // Gives the slot back; later calls do nothing. Any thread, one at a time for one slot.
  void Release();
  bool held() const { return owner_ != nullptr; }

 private:
  friend class Admission;
  Slot(Admission* owner, const AddressKey& key) : owner_(owner), key_(key) {}
  Admission* owner_ = nullptr;
  AddressKey key_{};
};

}  // namespace contrail::net
