#pragma once
// One call to a remote provider's HTTP API (a model or an embedding service), with its failures
// classified the same way for every provider: a transport failure by FetchError, a non-2xx answer
// by HttpStatusError. Providers build the request and read the 2xx body; retries and the circuit
// breaker are ProviderGuard's, around this call.
//
//   const net::ProviderErrors errors{"Anthropic", AnthropicErrorDetail};
//   CONTRAIL_CO_TRY(net::HttpClientResponse response, co_await net::CallProvider(errors, http));

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "net/http_client.h"

namespace contrail::net {

// How one provider's failures are reported.
struct ProviderErrors {
  // Names the provider in every message ("Anthropic", "embedding provider"); must outlive the call.
  std::string_view who;
  // The provider's own words in a non-2xx answer (its JSON error, an x-amzn-ErrorType header …),
  // appended as "<who> answered <status>: <detail>". Unset or "" adds nothing.
  std::function<std::string(const HttpClientResponse&)> detail = {};
  // A status by which the provider refuses the request's content rather than failing (Titan's 400
  // ValidationException for a text it cannot embed): reported as kInvalidArgument, not retried.
  // 0: none.
  int bad_input_status = 0;
};

// Performs `request` with Fetch (a 2xx body goes to `on_body` piece by piece when it is set) and
// returns the 2xx response. Errors, in this order:
//  * an error that `on_body` returned (the provider's stream was malformed, or the sink failed):
//    that error, unchanged;
//  * a failed exchange: FetchError(errors.who, …, request.timeout), that is kUpstream (retryable)
//    when the provider could not be reached or dropped the connection, kTimeout when it did not
//    answer in time, kInvalidArgument for a bad URL;
//  * a non-2xx status: HttpStatusError(errors.who, response, errors.detail(response)), that is
//    kRateLimited for 429, kUpstream otherwise (retryable for 408, 429, 5xx, with Retry-After), or
//    kInvalidArgument for `errors.bad_input_status`.
// Every error's message has passed through RedactCredentials, with the request's own
// authentication header values among the secrets: a provider that echoes its key (a 401 body
// quoting it) reaches neither the client nor a log with it.
// Runs on the caller's executor; `on_body` and `errors.detail` are called on it.
boost::asio::awaitable<core::Result<HttpClientResponse>> CallProvider(
    const ProviderErrors& errors, const HttpClientRequest& request, BodyCallback on_body = {});

}  // namespace contrail::net
