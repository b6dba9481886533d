// Feeds arbitrary request bodies to server::ParseSearchRequest, the check of POST /v1/search, with
// the configured default k. Checks, for a body it accepts: the query passes
// knowledge::ValidateSearchQuery (what reaches SQL as parameters is bounded: k, the text's size,
// real dates, short filters) and its mode's name parses back to it; the response written for a hit
// carrying the query's text (server::SearchResponseJson) is JSON that gives that text back. A body
// it rejects is a 400 (kInvalidArgument).

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "fuzz_support.h"
#include "server/search_request.h"

namespace {

namespace json = boost::json;
namespace knowledge = contrail::knowledge;

// The response body for one hit whose title, heading and text are `text` gives `text` back.
void CheckResponseCarries(const std::string& text, knowledge::SearchMode mode) {
  knowledge::SearchHit hit{"doc.md", 1, text, text, 0.5, "{}", text, {}};
  const std::string body = contrail::server::SearchResponseJson({hit}, mode);
  json::error_code ec;
  const json::value parsed = json::parse(body, ec);
  FUZZ_CHECK(!ec);
  const json::value* got = parsed.at("data").at(0).as_object().if_contains("text");
  FUZZ_CHECK(got != nullptr && got->is_string() && got->get_string() == text);
  FUZZ_CHECK(parsed.at("mode").as_string() == knowledge::SearchModeName(mode));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const int default_k = contrail::core::Config().knowledge.top_k;
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto query = contrail::server::ParseSearchRequest(body, default_k);
  if (!query) {
    FUZZ_CHECK(query.error().code == contrail::core::Code::kInvalidArgument);
    return 0;
  }
  FUZZ_CHECK(knowledge::ValidateSearchQuery(*query));
  FUZZ_CHECK(query->k >= 1 && query->k <= knowledge::kMaxSearchK);
  FUZZ_CHECK(knowledge::ParseSearchMode(knowledge::SearchModeName(query->mode)) == query->mode);
  CheckResponseCarries(query->text, query->mode);
  return 0;
}
