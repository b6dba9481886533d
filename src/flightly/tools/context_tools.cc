#include "flightly/tools/context_tools.h"

#include <boost/json.hpp>

#include "core/text.h"
#include "flightly/tools/tool_args.h"
#include "knowledge/search.h"

namespace contrail::flightly {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxPassageBytes = 2'000;

class SearchKnowledge : public mcp::Tool {
 public:
  SearchKnowledge(pg::Pool& pool, embed::Embedder& embedder, const core::KnowledgeConfig& config,
                  std::chrono::seconds cache_ttl)
      : pool_(pool), embedder_(embedder), config_(config) {
    spec_.name = "search_knowledge";
    spec_.title = "Search Flightly's documents";
    spec_.description =
        "Searches Flightly's knowledge base (policies, destination guides, promotions, FAQ) and returns the best "
        "passages with their document, title, heading and score. Filters: doc_type (policy, guide, promotion, "
        "faq), destination (an IATA code), valid_on (YYYY-MM-DD: offers valid that day).";
    spec_.input_schema = json::parse(R"({"type":"object","properties":{
        "query":{"type":"string","minLength":1,"maxLength":4096},
        "k":{"type":"integer","minimum":1,"maximum":20,"default":5},
        "filters":{"type":"object","properties":{
            "doc_type":{"type":"string","minLength":1,"maxLength":32},
            "destination":{"type":"string","minLength":3,"maxLength":3},
            "valid_on":{"type":"string","format":"date"}},"additionalProperties":false}},
        "required":["query"],"additionalProperties":false})").as_object();
    spec_.cache_ttl = cache_ttl;
  }
  const mcp::ToolSpec& spec() const override { return spec_; }

  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object& args, const mcp::ToolCall&) override {
    knowledge::SearchQuery query;
    query.text = std::string(args.at("query").get_string());
    if (const json::value* k = args.if_contains("k")) query.k = k->to_number<int>();
    static const json::object kNone;
    const json::object& filters = args.contains("filters") ? args.at("filters").get_object() : kNone;
    query.filters.doc_type = ArgOptionalText(filters, "doc_type");
    query.filters.destination = ArgOptionalText(filters, "destination");
    query.filters.valid_on = ArgOptionalText(filters, "valid_on");
    if (core::Status valid = knowledge::ValidateSearchQuery(query); !valid) {
      co_return mcp::ToolOutput::Failure(valid.error().message);
    }
    CONTRAIL_CO_TRY(std::vector<knowledge::SearchHit> hits, co_await knowledge::Search(pool_, embedder_, config_, query));
    json::array passages;
    for (knowledge::SearchHit& h : hits) {
      std::string text = std::move(h.text);
      if (text.size() > kMaxPassageBytes) {
        text.resize(core::Utf8Prefix(text, kMaxPassageBytes).size());  // a whole character
        text += "…";
      }
      passages.push_back(json::object{{"document_id", h.document_id}, {"title", h.title}, {"heading", h.heading},
                                      {"text", text}, {"score", h.score}});
    }
    co_return mcp::ToolOutput::Json(json::object{{"query", query.text}, {"passages", std::move(passages)}});
  }

 private:
  pg::Pool& pool_;
  embed::Embedder& embedder_;
  const core::KnowledgeConfig& config_;
  mcp::ToolSpec spec_;
};

class GetProfile : public mcp::Tool {
 public:
  explicit GetProfile(memory::ProfileStore& profiles) : profiles_(profiles) {
    spec_.name = "get_profile";
    spec_.title = "The traveller's profile";
    spec_.description =
        "The calling user's own travel profile (name, home airport, party and kids' ages, budget, preferences), as "
        "they saved it; empty when they have none.";
    spec_.input_schema = json::parse(R"({"type":"object","properties":{},"additionalProperties":false})").as_object();
  }
  const mcp::ToolSpec& spec() const override { return spec_; }

  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object&, const mcp::ToolCall& call) override {
    if (call.user.empty()) {
      co_return mcp::ToolOutput::Failure("get_profile reads the caller's own profile: call it with a user's API key");
    }
    CONTRAIL_CO_TRY(memory::Profile profile, co_await profiles_.Get(call.user));
    json::object fields;
    for (const auto& [key, value] : profile) fields[key] = value;
    co_return mcp::ToolOutput::Json(json::object{{"user", call.user}, {"profile", std::move(fields)}});
  }

 private:
  memory::ProfileStore& profiles_;
  mcp::ToolSpec spec_;
};

}  // namespace

std::unique_ptr<mcp::Tool> MakeSearchKnowledgeTool(pg::Pool& pool, embed::Embedder& embedder,
                                                   const core::KnowledgeConfig& config, std::chrono::seconds cache_ttl) {
  return std::make_unique<SearchKnowledge>(pool, embedder, config, cache_ttl);
}

std::unique_ptr<mcp::Tool> MakeGetProfileTool(memory::ProfileStore& profiles) {
  return std::make_unique<GetProfile>(profiles);
}

}  // namespace contrail::flightly
