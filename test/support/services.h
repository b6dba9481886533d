#pragma once
// What a test does when a service it needs is not configured (its CONTRAIL_TEST_* variable is
// unset): it skips, so a developer can run a test binary by hand without services; with
// CONTRAIL_TEST_REQUIRE_SERVICES=1 (./scripts/test exports it) it fails instead, naming the
// variable, so a service that did not reach the tests can never pass as a skip.
//
//   db_ = test::TestDatabase::Create();
//   if (!db_) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");

#include <gtest/gtest.h>

#include <cstdlib>
#include <string_view>

namespace contrail::test {

// True when CONTRAIL_TEST_REQUIRE_SERVICES is set to anything but "" or "0".
inline bool ServicesRequired() {
  const char* v = std::getenv("CONTRAIL_TEST_REQUIRE_SERVICES");
  return v != nullptr && *v != '\0' && std::string_view(v) != "0";
}

}  // namespace contrail::test

// In a test body or a fixture's SetUp (a function returning void): returns from it with a skip, or
// with a fatal failure when services are required. `variable` is the unset variable's name, a
// string literal.
#define CONTRAIL_SKIP_OR_FAIL_WITHOUT(variable)                                                \
  do {                                                                                         \
    if (::contrail::test::ServicesRequired()) {                                                \
      GTEST_FAIL() << variable " is not set, and CONTRAIL_TEST_REQUIRE_SERVICES=1 makes a "    \
                              "missing service a failure, not a skip";                         \
    }                                                                                          \
    GTEST_SKIP() << variable " not set";                                                       \
  } while (0)
