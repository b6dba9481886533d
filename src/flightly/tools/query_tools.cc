#include "flightly/tools/query_tools.h"

#include <boost/json.hpp>
#include <cstdlib>

#include "core/json_writer.h"
#include "core/text.h"
#include "pg/statement.h"

namespace contrail::flightly {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr const char* kQueryRole = "contrail_query";

// Type OIDs read as JSON numbers, booleans, JSON and 1-D arrays; everything else is text.
bool IsInteger(pg::Oid t) { return t == pg::oid::kInt2 || t == pg::oid::kInt4 || t == pg::oid::kInt8; }
bool IsFloat(pg::Oid t) { return t == pg::oid::kFloat4 || t == pg::oid::kFloat8 || t == 1700; /* numeric */ }
bool IsJson(pg::Oid t) { return t == pg::oid::kJsonb || t == 114; /* json */ }
bool IsArray(pg::Oid t) {
  return t == pg::oid::kTextArray || t == 1007 /* int4[] */ || t == 1016 /* int8[] */ || t == 1015 /* varchar[] */;
}

// A one-dimensional array's text form ({a,"b c",NULL}) as a JSON array of strings (or null).
json::value ArrayValue(std::string_view text) {
  json::array out;
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return json::string(text);
  std::size_t i = 1;
  while (i < text.size() - 1) {
    std::string item;
    bool quoted = false;
    if (text[i] == '"') {
      quoted = true;
      for (++i; i < text.size() - 1 && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size() - 1) ++i;
        item += text[i];
      }
      ++i;  // the closing quote
    } else {
      for (; i < text.size() - 1 && text[i] != ','; ++i) item += text[i];
    }
    if (!quoted && item == "NULL") {
      out.emplace_back(nullptr);
    } else {
      out.emplace_back(item);
    }
    if (i < text.size() - 1 && text[i] == ',') ++i;
  }
  return out;
}

json::value CellValue(const pg::Rows& rows, int r, int c) {
  if (rows.is_null(r, c)) return nullptr;
  const pg::Oid type = rows.column_type(c);
  const std::string_view text = rows.text(r, c);
  if (IsInteger(type)) return rows.int64(r, c);
  if (IsFloat(type)) {
    const double d = std::strtod(std::string(text).c_str(), nullptr);
    return std::isfinite(d) ? json::value(d) : json::value(json::string(text));
  }
  if (type == pg::oid::kBool) return text == "t";
  if (IsJson(type)) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (!ec) return v;
  }
  if (IsArray(type)) return ArrayValue(text);
  return json::string(text);
}

// The rows as objects, stopping at max_rows or max_bytes of row text: each row is written into
// the tool's text once, and the cap is that text's size.
mcp::ToolOutput RowsOutput(const pg::Rows& rows, const QueryToolOptions& o) {
  json::array columns;
  for (int c = 0; c < rows.columns(); ++c) columns.emplace_back(json::string(rows.column_name(c)));
  mcp::ToolOutput output;
  core::JsonWriter w(output.text);
  w.BeginObject().Key("columns");
  mcp::WriteToolJson(w, columns);
  w.Key("rows").BeginArray();
  const std::size_t rows_start = output.text.size();
  json::array out;
  bool truncated = rows.size() > o.max_rows;
  for (int r = 0; r < rows.size() && r < o.max_rows; ++r) {
    json::object row;
    for (int c = 0; c < rows.columns(); ++c) row[rows.column_name(c)] = CellValue(rows, r, c);
    const std::size_t before = output.text.size();
    mcp::WriteToolJson(w, row);
    if (output.text.size() - rows_start > o.max_bytes) {
      output.text.resize(before);  // the row and its comma: the writer's next token is the array's end
      truncated = true;
      break;
    }
    out.push_back(std::move(row));
  }
  const std::size_t count = out.size();
  w.EndArray().Key("row_count").Int(static_cast<std::int64_t>(count)).Key("truncated").Bool(truncated).EndObject();
  output.structured = json::object{{"columns", std::move(columns)},
                                   {"rows", std::move(out)},
                                   {"row_count", count},
                                   {"truncated", truncated}};
  return output;
}

// What the model reads of a database error: PostgreSQL's own message about its query.
std::string QueryFailure(const core::Error& e, std::chrono::milliseconds timeout) {
  if (e.code == core::Code::kTimeout) {
    return "the query ran longer than " + std::to_string(timeout.count()) + " ms and was cancelled; narrow it down";
  }
  std::string message = e.message;
  if (message.rfind("postgres ", 0) == 0) message.erase(0, 9);
  if (pg::SqlState(e) == "42501") {
    message += " (run_query reads only: " + QueryPolicy().TableList() + ")";
  }
  return "the query failed: " + message;
}

class RunQuery : public mcp::Tool {
 public:
  RunQuery(pg::Pool& pool, QueryToolOptions options) : pool_(pool), options_(options) {
    spec_.name = "run_query";
    spec_.title = "Run a read-only SQL query";
    spec_.description =
        "Runs one read-only PostgreSQL SELECT over Flightly's travel inventory and documents and returns its rows "
        "as JSON. Readable tables: " + QueryPolicy().TableList() +
        " (get_table_schema lists their columns; flights.airline is airlines.code). Money is integer cents "
        "(fare_cents, nightly_cents). At most " +
        std::to_string(options.max_rows) + " rows come back; add LIMIT and aggregate where you can.";
    spec_.input_schema = json::parse(R"({"type":"object","properties":{
        "sql":{"type":"string","minLength":1,"maxLength":16384,"description":"One SELECT statement"}},
        "required":["sql"],"additionalProperties":false})").as_object();
    spec_.timeout = options.statement_timeout + std::chrono::milliseconds(2'000);
    spec_.cache_ttl = options.cache_ttl;
  }
  const mcp::ToolSpec& spec() const override { return spec_; }

  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object& arguments, const mcp::ToolCall&) override {
    const std::string_view sql = arguments.at("sql").get_string();
    core::Result<mcp::CheckedQuery> checked = mcp::CheckReadOnlyQuery(sql, QueryPolicy());
    if (!checked) co_return mcp::ToolOutput::Failure("the query was refused: " + checked.error().message);
    std::vector<pg::Statement> statements;
    // One round trip. The role and the timeout hold for this transaction only (SET LOCAL, as
    // set_config(…, true): one statement for both). The search path stays the role's default:
    // "$user" names no schema and the role may create none, so unqualified names are public's.
    // cursor_tuple_fraction 1: the cursor is read to its end (up to the row cap), so it is planned
    // like the query it is, not for its first rows (the default 0.1 picks fast-start plans that
    // are slower for the aggregates analytic queries are).
    pg::Params settings;
    settings.Text(kQueryRole).Text(std::to_string(options_.statement_timeout.count()));
    statements.emplace_back("BEGIN READ ONLY");
    statements.emplace_back("SELECT set_config('role', $1, true), set_config('statement_timeout', $2, true), "
                            "set_config('cursor_tuple_fraction', '1', true)",
                            std::move(settings), "run_query_settings");
    statements.emplace_back("DECLARE run_query NO SCROLL CURSOR FOR " + checked->sql);
    statements.emplace_back("FETCH FORWARD " + std::to_string(options_.max_rows + 1) + " FROM run_query");
    statements.emplace_back("ROLLBACK");
    core::Result<std::vector<pg::Rows>> results = co_await pool_.Pipeline(std::move(statements));
    if (!results) {
      const core::Error& e = results.error();
      if (e.code == core::Code::kUnavailable) co_return e;  // the database is down: not the query's fault
      co_return mcp::ToolOutput::Failure(QueryFailure(e, options_.statement_timeout));
    }
    co_return RowsOutput((*results)[3], options_);
  }

 private:
  pg::Pool& pool_;
  QueryToolOptions options_;
  mcp::ToolSpec spec_;
};

class GetTableSchema : public mcp::Tool {
 public:
  explicit GetTableSchema(pg::Pool& pool) : pool_(pool) {
    spec_.name = "get_table_schema";
    spec_.title = "Describe a table";
    spec_.description =
        "Lists the columns of one table that run_query can read (name, type, whether it may be null, default). "
        "Tables: " + QueryPolicy().TableList() + ".";
    spec_.input_schema = json::parse(R"({"type":"object","properties":{
        "table_name":{"type":"string","minLength":1,"maxLength":63,"description":"A table name, e.g. flights"}},
        "required":["table_name"],"additionalProperties":false})").as_object();
    spec_.timeout = std::chrono::milliseconds(5'000);
    spec_.cache_ttl = std::chrono::seconds(60);  // the schema changes only with a migration
  }
  const mcp::ToolSpec& spec() const override { return spec_; }

  asio::awaitable<core::Result<mcp::ToolOutput>> Call(const json::object& arguments, const mcp::ToolCall&) override {
    const std::string table = core::AsciiLower(arguments.at("table_name").get_string());
    if (!QueryPolicy().tables.count(table)) {
      co_return mcp::ToolOutput::Failure("no readable table `" + table + "`; tables: " + QueryPolicy().TableList());
    }
    pg::Params params;
    params.Text(table);
    pg::Statement statement(
        "SELECT column_name, data_type, is_nullable = 'YES' AS nullable, column_default "
        "FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
        std::move(params), "get_table_schema");
    CONTRAIL_CO_TRY(pg::Rows rows, co_await pool_.Execute(std::move(statement)));
    json::array columns;
    for (int r = 0; r < rows.size(); ++r) {
      json::object column{{"column_name", rows.text(r, 0)}, {"data_type", rows.text(r, 1)}, {"is_nullable", rows.text(r, 2) == "t"}};
      column["column_default"] = rows.is_null(r, 3) ? json::value(nullptr) : json::value(json::string(rows.text(r, 3)));
      columns.push_back(std::move(column));
    }
    co_return mcp::ToolOutput::Json(json::object{{"table_name", table}, {"columns", std::move(columns)}});
  }

 private:
  pg::Pool& pool_;
  mcp::ToolSpec spec_;
};

}  // namespace

const mcp::SqlPolicy& QueryPolicy() {
  static const mcp::SqlPolicy policy = [] {
    mcp::SqlPolicy p;
    p.tables = {"airlines", "airports", "flights", "hotels", "promotions", "knowledge_documents", "knowledge_chunks"};
    return p;
  }();
  return policy;
}

std::unique_ptr<mcp::Tool> MakeRunQueryTool(pg::Pool& pool, QueryToolOptions options) {
  return std::make_unique<RunQuery>(pool, options);
}

std::unique_ptr<mcp::Tool> MakeGetTableSchemaTool(pg::Pool& pool) { return std::make_unique<GetTableSchema>(pool); }

}  // namespace contrail::flightly
