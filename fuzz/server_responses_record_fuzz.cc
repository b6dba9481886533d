// Feeds arbitrary bytes to the stored response record's codec (server/responses/record_codec.h),
// as a record to store and as bytes read back from Valkey. Checks: a record comes back exactly
// from its compact form (with the id and session it was compacted with), and is never longer
// compacted than its size and the mark; any bytes read back expand or are refused, without a
// crash. The id and session are the input's own first bytes, so the fuzzer also finds records
// that repeat them.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "server/responses/record_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using contrail::server::responses::CompactRecord;
  using contrail::server::responses::ExpandRecord;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The id: the first 24 bytes; the session: its last 10 (as a response id ends in its session).
  const std::string_view id = bytes.substr(0, std::min<std::size_t>(24, size));
  const std::string_view session = id.substr(id.size() > 10 ? id.size() - 10 : 0);
  (void)ExpandRecord(bytes, id, session);
  if (!bytes.empty() && bytes[0] == contrail::server::responses::kCompactMark) return 0;  // not a record
  const std::string compact = CompactRecord(bytes, id, session);
  FUZZ_CHECK(compact.size() <= bytes.size() + 1);
  const auto back = ExpandRecord(compact, id, session);
  FUZZ_CHECK(back.has_value() && *back == bytes);
  return 0;
}
