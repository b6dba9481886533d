#pragma once
// The shipped knowledge base (data/knowledge), ingested once per suite into a fresh database, and
// searches of it through knowledge::Search: what the search and search_sql tests share.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "knowledge/search.h"
#include "knowledge_fixture.h"
#include "support/services.h"

namespace contrail::knowledge::testing {

class ShippedKnowledgeTest : public ::testing::Test {
 protected:
  // One database with the shipped documents for the whole suite (the tests only read).
  static void SetUpTestSuite() {
    kb_ = new KnowledgeDb();
    if (!kb_->ok()) return;
    auto r = kb_->IngestFolder((RepoRoot() / "data/knowledge").string());
    ASSERT_TRUE(r) << r.error().message;
  }
  static void TearDownTestSuite() {
    delete kb_;
    kb_ = nullptr;
  }
  void SetUp() override {
    if (!kb_->ok()) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
  }

  static std::vector<SearchHit> Find(const std::string& text, SearchMode mode, int k = 5, SearchFilters f = {}) {
    SearchQuery q;
    q.text = text;
    q.mode = mode;
    q.k = k;
    q.filters = std::move(f);
    auto r = kb_->Find(q);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::vector<SearchHit>{};
  }
  // The hits' chunk ids, in rank order.
  static std::vector<std::int64_t> Ids(const std::vector<SearchHit>& hits) {
    std::vector<std::int64_t> ids;
    for (const SearchHit& h : hits) ids.push_back(h.chunk_id);
    return ids;
  }

  inline static KnowledgeDb* kb_ = nullptr;
};

}  // namespace contrail::knowledge::testing
