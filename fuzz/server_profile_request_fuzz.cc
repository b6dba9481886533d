// Feeds arbitrary request bodies (and a Content-Type header, see fuzz_request.h) to
// server::ParseProfileRequest, the check of PUT and PATCH /v1/users/{id}/profile, as both. Checks,
// for a body it accepts: every field to set or delete passes memory::CheckProfileField (names
// become hash fields in Valkey), at most kMaxProfileFields in all; PUT deletes nothing. PUT and
// PATCH agree: a body PUT accepts is accepted by PATCH with the same fields and nothing to delete,
// and a PATCH that deletes nothing is accepted by PUT. A body either rejects is a 400 or a 415.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_request.h"
#include "fuzz_support.h"
#include "memory/profile_store.h"
#include "server/profile_request.h"

namespace {

namespace memory = contrail::memory;
using contrail::core::Code;

void CheckPatch(const memory::ProfilePatch& patch) {
  FUZZ_CHECK(patch.set.size() + patch.remove.size() <= memory::kMaxProfileFields);
  for (const auto& [field, value] : patch.set) FUZZ_CHECK(memory::CheckProfileField(field, value));
  for (const std::string& field : patch.remove) {
    FUZZ_CHECK(memory::CheckProfileField(field, ""));
    FUZZ_CHECK(!patch.set.contains(field));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const contrail::net::HttpRequest request =
      contrail::fuzz::RequestFromInput(std::string_view(reinterpret_cast<const char*>(data), size));
  auto put = contrail::server::ParseProfileRequest(request, false);
  auto patch = contrail::server::ParseProfileRequest(request, true);
  for (const auto* result : {&put, &patch}) {
    if (*result) {
      CheckPatch(**result);
    } else {
      const Code code = result->error().code;
      FUZZ_CHECK(code == Code::kInvalidArgument || code == Code::kUnsupportedMediaType);
    }
  }
  if (put) {
    FUZZ_CHECK(put->remove.empty());
    FUZZ_CHECK(patch && patch->set == put->set && patch->remove.empty());
  }
  if (patch && patch->remove.empty()) FUZZ_CHECK(put && put->set == patch->set);
  return 0;
}
