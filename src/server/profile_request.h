#pragma once
// PUT and PATCH /v1/users/{id}/profile: the body, a JSON object of field: "value", as the change
// it asks for.

#include "core/result.h"
#include "memory/profile_store.h"
#include "net/http_message.h"

namespace contrail::server {

// The patch a PUT (`allow_null` false: the fields to set) or a PATCH (`allow_null`: null deletes
// a field) body asks for. Values are strings, or numbers stored as their JSON text. Errors:
// kUnsupportedMediaType without a JSON Content-Type; kInvalidArgument (param names the field) for
// a body that is not a JSON object, more than memory::kMaxProfileFields fields, a field that
// memory::CheckProfileField rejects, a value of another type, or a null in a PUT.
core::Result<memory::ProfilePatch> ParseProfileRequest(const net::HttpRequest& request, bool allow_null);

}  // namespace contrail::server
