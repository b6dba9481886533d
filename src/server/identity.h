#pragma once
// Who a request is about: the user and session ids a request names in its headers, body fields or
// query parameters, checked once at the edge before they become part of a key or a query
// (DESIGN.md §1: a header and a field that both name one must agree), and whether the caller may
// act for that user.

#include <string>
#include <string_view>

#include "core/result.h"
#include "net/http_message.h"
#include "server/auth/principal.h"

namespace contrail::server {

// Resolves an id given in a header and/or a field: both must agree; the result is validated
// (core::CheckId). Returns "" when neither is given. kInvalidArgument naming `field_name` (or
// `header_name`) otherwise.
core::Result<std::string> ResolveId(const std::string* header_value, const std::string* field_value,
                                    std::string_view what, std::string_view header_name,
                                    std::string_view field_name);

// The user a request acts for, given who is calling and the user the request names ("" for
// none): a user key acts only for its own user (kForbidden for any other) and stands for it when
// the request names nobody; service and admin keys act for whoever is named, or nobody.
core::Result<std::string> AuthorizeUser(const auth::Principal& caller, std::string named);

// The user a GET/DELETE route acts for: ?user= and/or X-User-Id (they must agree), authorised as
// AuthorizeUser says (a user key stands for its user when neither names one). `what` names what
// belongs to a user in the error when nobody is named ("a session", "memory").
core::Result<std::string> RouteUser(const net::HttpRequest& request, const auth::Principal& caller,
                                    std::string_view what);

}  // namespace contrail::server
