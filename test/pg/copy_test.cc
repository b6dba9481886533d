// Binary COPY (pg::CopyWriter + Connection::CopyIn) and pgvector's wire forms against a real
// PostgreSQL with pgvector: every encoded type is written and read back.

#include "pg/copy.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "pg/connection.h"
#include "pg/vector.h"
#include "support/async.h"
#include "support/pg_env.h"
#include "support/services.h"

namespace contrail::pg {
namespace {

using namespace std::chrono;
using test::RunAsync;

class CopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = test::TestDatabase::Create();
    if (!db_) CONTRAIL_SKIP_OR_FAIL_WITHOUT("CONTRAIL_TEST_PG_PORT");
    conn_.emplace(io_.get_executor(), db_->options());
  }
  core::Result<Rows> Exec(std::string sql, Params p = {}, bool binary = false) {
    Statement s(std::move(sql), std::move(p));
    s.binary_results = binary;
    return RunAsync(io_, conn_->Execute(std::move(s)));
  }

  boost::asio::io_context io_;
  std::optional<test::TestDatabase> db_;
  std::optional<Connection> conn_;
};

TEST_F(CopyTest, EveryEncodedTypeReadsBack) {
  ASSERT_TRUE(Exec("CREATE TABLE t (i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, b bool, t text, "
                   "v varchar(20), d date, ts timestamptz, j jsonb, e vector(3), a text[], raw bytea)"));
  auto day = sys_days(year{2024} / March / 15);
  auto ts = sys_time<microseconds>(sys_days(year{2024} / March / 15)) + hours(13) + minutes(5) + microseconds(7);
  std::vector<std::string> tags = {"spring break", "beach"};
  std::vector<float> emb = {1.0f, 2.5f, -3.0f};
  int calls = 0;
  CopyFill fill = [&](CopyWriter& w) {
    if (calls++ == 0) {
      w.Row(14).Int2(-7).Int4(123456).Int8(-9'000'000'000).Float4(1.5f).Float8(-0.25).Bool(true)
          .Text("Cancún").Text("HNL").Date(day).Timestamptz(ts).Jsonb(R"({"k": [1, "x"]})").Vector(emb)
          .TextArray(tags).Bytes(std::string("\0\xff", 2));
      return true;  // a second chunk follows
    }
    w.Row(14).Null().Null().Null().Null().Null().Null().Null().Null().Null().Null().Null().Null()
        .TextArray(std::vector<std::string>{}).Null();
    return false;
  };
  auto n = RunAsync(io_, conn_->CopyIn("COPY t FROM STDIN (FORMAT binary)", fill));
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 2);
  auto r = Exec("SELECT i2, i4, i8, f4, f8, b, t, v, d::text AS d, "
                "to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS ts, j->'k'->>1 AS jk, "
                "e::text AS e, a::text AS a, raw FROM t ORDER BY i2 NULLS LAST");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 2);
  EXPECT_EQ(r->int64(0, "i2"), -7);
  EXPECT_EQ(r->int64(0, "i4"), 123456);
  EXPECT_EQ(r->int64(0, "i8"), -9'000'000'000);
  EXPECT_EQ(r->float8(0, "f4"), 1.5);
  EXPECT_EQ(r->float8(0, "f8"), -0.25);
  EXPECT_TRUE(r->boolean(0, r->column("b")));
  EXPECT_EQ(r->text(0, "t"), "Cancún");
  EXPECT_EQ(r->text(0, "v"), "HNL");
  EXPECT_EQ(r->text(0, "d"), "2024-03-15");
  EXPECT_EQ(r->text(0, "ts"), "2024-03-15 13:05:00.000007");
  EXPECT_EQ(r->text(0, "jk"), "x");
  EXPECT_EQ(r->text(0, "e"), "[1,2.5,-3]");
  EXPECT_EQ(r->text(0, "a"), "{\"spring break\",beach}");
  EXPECT_EQ(r->bytes(0, r->column("raw")), std::string("\0\xff", 2));
  for (const char* col : {"i2", "i8", "f8", "t", "d", "ts", "e", "raw"}) EXPECT_TRUE(r->is_null(1, col)) << col;
  EXPECT_EQ(r->text(1, "a"), "{}");
}

TEST_F(CopyTest, ManyChunksStream) {
  ASSERT_TRUE(Exec("CREATE TABLE t (id int8 PRIMARY KEY, note text)"));
  const std::int64_t total = 60'000;  // several kCopyChunkBytes chunks
  std::int64_t next = 0;
  int chunks = 0;
  CopyFill fill = [&](CopyWriter& w) {
    ++chunks;
    while (next < total && w.size() < kCopyChunkBytes) {
      w.Row(2).Int8(next).Text(std::string(40, static_cast<char>('a' + next % 26)));
      ++next;
    }
    return next < total;
  };
  auto n = RunAsync(io_, conn_->CopyIn("COPY t (id, note) FROM STDIN (FORMAT binary)", fill));
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, total);
  EXPECT_GT(chunks, 1);
  auto r = Exec("SELECT count(*), sum(id) FROM t");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->int64(0, 0), total);
  EXPECT_EQ(r->int64(0, 1), total * (total - 1) / 2);
}

TEST_F(CopyTest, BadDataIsAnErrorAndTheConnectionStaysUsable) {
  ASSERT_TRUE(Exec("CREATE TABLE t (id int8 PRIMARY KEY)"));
  CopyFill fill = [](CopyWriter& w) {
    w.Row(1).Int8(1).Row(1).Int8(1);  // duplicate key
    return false;
  };
  auto n = RunAsync(io_, conn_->CopyIn("COPY t FROM STDIN (FORMAT binary)", fill));
  ASSERT_FALSE(n);
  EXPECT_TRUE(IsUniqueViolation(n.error())) << n.error().message;
  auto wrong_type = RunAsync(io_, conn_->CopyIn("COPY t FROM STDIN (FORMAT binary)", [](CopyWriter& w) {
    w.Row(1).Int4(5);  // int4 bytes for an int8 column
    return false;
  }));
  ASSERT_FALSE(wrong_type);
  EXPECT_EQ(wrong_type.error().code, core::Code::kUpstream);
  auto count = Exec("SELECT count(*) FROM t");
  ASSERT_TRUE(count) << count.error().message;
  EXPECT_EQ(count->int64(0, 0), 0);
}

TEST_F(CopyTest, VectorParameterTextAndResultBinaryRoundTrip) {
  std::vector<float> v = {0.125f, -1.0f, 3.25f, 1e-7f};
  Params p;
  p.Vector(v);
  auto bin = Exec("SELECT $1::vector AS v", std::move(p), true);
  ASSERT_TRUE(bin) << bin.error().message;
  auto decoded = DecodeVectorBinary(bin->text(0, 0));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, v);
  Params q;
  q.Vector(v);
  auto text = Exec("SELECT $1::vector AS v, $1::vector <=> '[1,0,0,0]' AS d", std::move(q));
  ASSERT_TRUE(text) << text.error().message;
  auto parsed = ParseVectorText(text->text(0, 0));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, v);
  EXPECT_GT(text->float8(0, "d"), 0.0);
}

}  // namespace
}  // namespace contrail::pg
