#include "mcp/sql_guard.h"

#include <pg_query.h>

#include <algorithm>
#include <boost/json.hpp>
#include <vector>

namespace contrail::mcp {

namespace json = boost::json;

namespace {

// Parse-tree nodes a read may hold. Anything else (InsertStmt, ParamRef, XmlExpr, ColumnDef,
// RangeTableFunc, …) is refused by name.
constexpr std::string_view kNodes[] = {
    "SelectStmt",   "ResTarget",    "ColumnRef",      "String",        "A_Star",       "A_Const",
    "Integer",      "Float",        "Boolean",        "BitString",     "A_Expr",       "BoolExpr",
    "FuncCall",     "TypeCast",     "RangeVar",       "JoinExpr",      "SortBy",       "SubLink",
    "RangeSubselect", "RangeFunction", "CaseExpr",    "CaseWhen",      "CoalesceExpr", "MinMaxExpr",
    "NullTest",     "BooleanTest",  "A_ArrayExpr",    "A_Indirection", "A_Indices",    "WindowDef",
    "CommonTableExpr", "RowExpr",   "NamedArgExpr",   "GroupingSet",   "SQLValueFunction", "List",
    "CollateClause", "Alias",       "CTESearchClause", "CTECycleClause"};

// Functions a read may call: aggregates, window functions, arithmetic, text, dates, arrays and
// JSON building. Nothing that reads files, sleeps, signals, sets or reads settings, or reaches
// other servers or sequences.
constexpr std::string_view kFunctions[] = {
    // aggregates
    "count", "sum", "avg", "min", "max", "string_agg", "array_agg", "json_agg", "jsonb_agg", "json_object_agg",
    "jsonb_object_agg", "bool_and", "bool_or", "every", "stddev", "stddev_pop", "stddev_samp", "variance",
    "var_pop", "var_samp", "percentile_cont", "percentile_disc", "mode", "corr", "covar_pop", "covar_samp",
    // window functions
    "row_number", "rank", "dense_rank", "ntile", "lag", "lead", "first_value", "last_value", "nth_value",
    "percent_rank", "cume_dist",
    // arithmetic
    "round", "floor", "ceil", "ceiling", "abs", "trunc", "power", "pow", "sqrt", "cbrt", "ln", "log", "log10", "exp",
    "mod", "sign", "random", "width_bucket", "div", "pi", "degrees", "radians", "sin", "cos", "atan2", "asin", "acos",
    // text
    "lower", "upper", "initcap", "length", "char_length", "character_length", "octet_length", "substring", "substr",
    "left", "right", "btrim", "ltrim", "rtrim", "replace", "concat", "concat_ws", "position", "strpos", "split_part",
    "starts_with", "lpad", "rpad", "reverse", "format", "to_char", "regexp_replace", "regexp_match",
    "regexp_matches", "translate", "like_escape", "similar_to_escape", "overlay", "repeat", "md5",
    // dates and times
    "to_date", "to_timestamp", "date_trunc", "date_part", "extract", "age", "now", "make_date", "make_interval",
    "make_timestamp", "timezone", "justify_days", "justify_hours", "justify_interval", "date_bin", "isfinite",
    // arrays and JSON
    "array_length", "cardinality", "array_to_string", "unnest", "array_position", "array_upper", "array_lower",
    "jsonb_build_object", "json_build_object", "to_jsonb", "to_json", "jsonb_array_length", "row_to_json",
    "generate_series"};

// Types a cast may name (after the parser's own renaming: integer is int4, double precision float8).
constexpr std::string_view kTypes[] = {
    "int2", "int4", "int8", "smallint", "integer", "int", "bigint", "numeric", "decimal", "float4", "float8", "real",
    "text", "varchar", "bpchar", "char", "bool", "boolean", "date", "timestamp", "timestamptz", "interval"};
constexpr std::string_view kMoreTypes[] = {"time", "timetz", "json", "jsonb", "uuid"};

template <std::size_t N>
bool In(const std::string_view (&list)[N], std::string_view name) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

core::Error Refused(std::string why) { return core::InvalidArgument(std::move(why), "sql"); }

// How deep the parse tree's JSON may nest (a node is about two levels), and so the walk.
constexpr std::size_t kMaxTreeDepth = 800;

// The names of a funcname or TypeName.names list: [{"String":{"sval":"pg_catalog"}}, …].
std::vector<std::string> Names(const json::value* list) {
  std::vector<std::string> out;
  if (list == nullptr || !list->is_array()) return out;
  for (const json::value& item : list->get_array()) {
    const json::value* s = item.is_object() ? item.get_object().if_contains("String") : nullptr;
    const json::value* text = s && s->is_object() ? s->get_object().if_contains("sval") : nullptr;
    if (text == nullptr) text = s && s->is_object() ? s->get_object().if_contains("str") : nullptr;
    out.emplace_back(text && text->is_string() ? std::string(text->get_string()) : std::string());
  }
  return out;
}

class Walker {
 public:
  explicit Walker(const SqlPolicy& policy) : policy_(policy) {}

  // Any value of the tree: a node ({"Type": {...}}), a list, a field object, or a scalar.
  core::Status Walk(const json::value& v, const std::vector<std::string>& scope) {
    if (++depth_ > kMaxDepth) return Refused("the statement is nested too deeply");
    core::Status s = WalkInner(v, scope);
    --depth_;
    return s;
  }

 private:
  static constexpr int kMaxDepth = kMaxTreeDepth;

  core::Status WalkInner(const json::value& v, const std::vector<std::string>& scope) {
    if (v.is_array()) {
      for (const json::value& item : v.get_array()) CONTRAIL_TRY_STATUS(Walk(item, scope));
      return core::Ok();
    }
    return v.is_object() ? Fields(v.get_object(), scope) : core::Ok();
  }

  // The fields of a node or of a field object; `skip` is one field the caller handled itself.
  core::Status Fields(const json::object& o, const std::vector<std::string>& scope, std::string_view skip = {}) {
    for (const auto& [key, field] : o) {
      if (key == skip) continue;
      if (key == "intoClause") return Refused("SELECT INTO is not allowed");
      if (key == "lockingClause") return Refused("locking clauses (FOR UPDATE, FOR SHARE) are not allowed");
      if (key == "withClause") return Refused("WITH is only allowed on a SELECT");
      const bool node = !key.empty() && key[0] >= 'A' && key[0] <= 'Z' && field.is_object();
      if (node) {
        CONTRAIL_TRY_STATUS(Node(key, field.get_object(), scope));
      } else {
        CONTRAIL_TRY_STATUS(Walk(field, scope));
      }
    }
    return core::Ok();
  }

  core::Status Node(std::string_view type, const json::object& n, const std::vector<std::string>& scope) {
    if (type == "ParamRef") return Refused("parameters ($1) are not allowed: write the values into the query");
    if (!In(kNodes, type)) return Refused(NodeName(type) + " is not allowed: only a SELECT that reads may run");
    if (type == "SelectStmt") return Select(n, scope);
    if (type == "RangeVar") return Table(n, scope);
    if (type == "FuncCall") CONTRAIL_TRY_STATUS(Function(n));
    if (type == "TypeCast") CONTRAIL_TRY_STATUS(Cast(n));
    return Fields(n, scope);
  }

  static std::string NodeName(std::string_view type) {
    std::string name(type);
    if (name.size() > 4 && name.ends_with("Stmt")) return "the statement " + name.substr(0, name.size() - 4);
    return "the construct " + name;
  }

  // A SELECT's CTEs are in scope for its body; in a plain WITH each CTE sees the ones before it,
  // in WITH RECURSIVE all of them (the name inside its own body is the CTE, not a table).
  core::Status Select(const json::object& n, const std::vector<std::string>& scope) {
    const json::value* with = n.if_contains("withClause");
    if (with == nullptr) return Fields(n, scope);
    if (!with->is_object()) return Refused("a malformed WITH");
    const json::object& w = with->get_object();
    const bool recursive = w.contains("recursive") && w.at("recursive").is_bool() && w.at("recursive").get_bool();
    const json::value* ctes = w.if_contains("ctes");
    if (ctes == nullptr || !ctes->is_array()) return Refused("a malformed WITH");
    std::vector<const json::object*> list;
    for (const json::value& c : ctes->get_array()) {
      const json::value* cte = c.is_object() ? c.get_object().if_contains("CommonTableExpr") : nullptr;
      if (cte == nullptr || !cte->is_object()) return Refused("a WITH item that is not a query is not allowed");
      list.push_back(&cte->get_object());
    }
    std::vector<std::string> all = scope;
    for (const json::object* cte : list) {
      const json::value* name = cte->if_contains("ctename");
      all.emplace_back(name && name->is_string() ? std::string(name->get_string()) : std::string());
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::vector<std::string> visible = recursive ? all : scope;
      if (!recursive) visible.insert(visible.end(), all.begin() + scope.size(), all.begin() + scope.size() + i);
      CONTRAIL_TRY_STATUS(Fields(*list[i], visible));
    }
    return Fields(n, all, "withClause");
  }

  core::Status Table(const json::object& n, const std::vector<std::string>& scope) {
    auto text = [&](const char* key) {
      const json::value* v = n.if_contains(key);
      return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    const std::string name = text("relname"), schema = text("schemaname");
    if (!text("catalogname").empty()) return Refused("a table qualified by a database name is not allowed");
    if (schema.empty() && std::find(scope.begin(), scope.end(), name) != scope.end()) return WalkAlias(n, scope);
    if (!schema.empty() && !policy_.schemas.count(schema)) return Refused("schema " + schema + " is not readable");
    if (!policy_.tables.count(name)) {
      return Refused("table " + (schema.empty() ? name : schema + "." + name) + " is not readable; readable: " +
                     policy_.TableList());
    }
    return WalkAlias(n, scope);
  }

  core::Status WalkAlias(const json::object& n, const std::vector<std::string>& scope) {
    if (const json::value* alias = n.if_contains("alias")) return Walk(*alias, scope);
    return core::Ok();
  }

  core::Status Function(const json::object& n) {
    const std::vector<std::string> names = Names(n.if_contains("funcname"));
    if (names.empty() || names.size() > 2 || (names.size() == 2 && names[0] != "pg_catalog")) {
      return Refused("function " + Joined(names) + " is not allowed");
    }
    if (!In(kFunctions, names.back())) return Refused("function " + names.back() + " is not allowed");
    return core::Ok();
  }

  core::Status Cast(const json::object& n) {
    const json::value* type = n.if_contains("typeName");
    std::vector<std::string> names = Names(type && type->is_object() ? type->get_object().if_contains("names") : nullptr);
    if (names.empty() || names.size() > 2 || (names.size() == 2 && names[0] != "pg_catalog") ||
        !(In(kTypes, names.back()) || In(kMoreTypes, names.back()))) {
      return Refused("a cast to " + Joined(names) + " is not allowed");
    }
    return core::Ok();
  }

  static std::string Joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ".") + n;
    return out.empty() ? "(unnamed)" : out;
  }

  const SqlPolicy& policy_;
  int depth_ = 0;
};

// pg_query's results, freed on every path.
struct ParseResult {
  PgQueryParseResult r;
  explicit ParseResult(const std::string& sql) : r(pg_query_parse(sql.c_str())) {}
  ~ParseResult() { pg_query_free_parse_result(r); }
};

}  // namespace

std::string SqlPolicy::TableList() const {
  std::string out;
  for (const std::string& t : tables) out += (out.empty() ? "" : ", ") + t;
  return out;
}

core::Result<CheckedQuery> CheckReadOnlyQuery(std::string_view sql, const SqlPolicy& policy) {
  if (sql.size() > policy.max_bytes) {
    return Refused("the query is longer than " + std::to_string(policy.max_bytes) + " bytes");
  }
  if (sql.find('\0') != std::string_view::npos) return Refused("the query holds a NUL byte");
  const std::string text(sql);
  ParseResult parsed(text);
  if (parsed.r.error != nullptr) {
    return Refused(std::string("syntax error: ") + parsed.r.error->message + " (at character " +
                   std::to_string(parsed.r.error->cursorpos) + ")");
  }
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = kMaxTreeDepth;
  const json::value tree = json::parse(parsed.r.parse_tree, ec, {}, options);
  if (ec == json::error::too_deep) return Refused("the statement is nested too deeply");
  const json::value* stmts = !ec && tree.is_object() ? tree.get_object().if_contains("stmts") : nullptr;
  if (stmts == nullptr || !stmts->is_array() || stmts->get_array().empty()) return Refused("there is no statement");
  if (stmts->get_array().size() > 1) return Refused("only one statement is allowed");
  const json::value* stmt = stmts->get_array()[0].is_object() ? stmts->get_array()[0].get_object().if_contains("stmt") : nullptr;
  if (stmt == nullptr || !stmt->is_object() || stmt->get_object().size() != 1) return Refused("there is no statement");
  const auto& [type, body] = *stmt->get_object().begin();
  if (type != "SelectStmt" || !body.is_object()) {
    return Refused("only SELECT is allowed, not " + std::string(type.ends_with("Stmt") ? type.substr(0, type.size() - 4) : type));
  }
  Walker walker(policy);
  CONTRAIL_TRY_STATUS(walker.Walk(*stmt, {}));
  // The statement's own text: without the empty statements or semicolons around it, which would
  // not fit after "DECLARE … CURSOR FOR".
  const json::object& raw = stmts->get_array()[0].get_object();
  const std::int64_t at = raw.contains("stmt_location") ? raw.at("stmt_location").to_number<std::int64_t>() : 0;
  const std::int64_t len = raw.contains("stmt_len") ? raw.at("stmt_len").to_number<std::int64_t>() : 0;
  if (at < 0 || len < 0 || static_cast<std::size_t>(at + len) > text.size()) return Refused("there is no statement");
  return CheckedQuery{len == 0 ? text.substr(static_cast<std::size_t>(at)) : text.substr(static_cast<std::size_t>(at), static_cast<std::size_t>(len))};
}

}  // namespace contrail::mcp
