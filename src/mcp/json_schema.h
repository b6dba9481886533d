#pragma once
// Checks a JSON value against a JSON Schema, for tool arguments: what a model or an MCP client
// sends is checked before a tool runs, and a violation becomes a tool error the caller can read
// ("`passengers`: must be an integer ≥ 1"), never an exception.
//
// The subset tools use (draft 2020-12 keywords): type (a name or a list), properties, required,
// additionalProperties (a boolean), enum, const, minimum, maximum, exclusiveMinimum,
// exclusiveMaximum, minLength, maxLength (in UTF-8 code points), items, minItems, maxItems,
// anyOf / oneOf (of these), and format "date" (YYYY-MM-DD). Other keywords (description, title,
// default, examples, $schema) are ignored. Checking is depth-first and reports the first violation.

#include <boost/json/value.hpp>
#include <string>

#include "core/result.h"

namespace contrail::mcp {

// Ok, or kInvalidArgument whose message names the path of the first violation ("`dates[1]`: must
// be a string") and whose param is that path.
core::Status CheckAgainstSchema(const boost::json::value& value, const boost::json::object& schema);

// Ok when `schema` uses only what CheckAgainstSchema understands, with well-formed values (a tool's
// schema is checked once, when it is registered). kInvalidArgument naming the keyword otherwise.
core::Status CheckSchemaSupported(const boost::json::object& schema);

}  // namespace contrail::mcp
