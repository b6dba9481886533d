#pragma once
// Secrets: random bytes from the operating system's CSPRNG (through OpenSSL), and comparing a
// secret without leaking, through timing, how much of it matched.

#include <cstddef>
#include <string>
#include <string_view>

namespace contrail::net {

// `n` cryptographically random bytes. Thread-safe. Throws std::runtime_error only if the system's
// random source fails (a broken machine: there is no safe way to continue making keys).
std::string RandomBytes(std::size_t n);

// True when `a` and `b` are equal; takes the same time for any two inputs of one length.
bool SecretsEqual(std::string_view a, std::string_view b);

}  // namespace contrail::net
