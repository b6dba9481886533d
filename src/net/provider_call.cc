#include "net/provider_call.h"

#include <cctype>
#include <optional>
#include <utility>
#include <vector>

#include "net/redact.h"

namespace contrail::net {

namespace asio = boost::asio;

namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// The credentials this request carries, which the provider may echo back: the values of its
// authentication headers, and the token of "Bearer <token>" on its own.
std::vector<std::string_view> SentCredentials(const HttpClientRequest& request) {
  std::vector<std::string_view> sent;
  for (const auto& [name, value] : request.headers) {
    if (!EqualsIgnoringCase(name, "authorization") && !EqualsIgnoringCase(name, "x-api-key") &&
        !EqualsIgnoringCase(name, "api-key") && !EqualsIgnoringCase(name, "x-amz-security-token")) {
      continue;
    }
    sent.push_back(value);
    if (const std::size_t space = value.find(' '); space != std::string::npos) {
      sent.push_back(std::string_view(value).substr(space + 1));
    }
  }
  return sent;
}

// Every error of a provider call passes here: its message may quote the provider's answer.
core::Error Redacted(core::Error error, const HttpClientRequest& request) {
  const std::vector<std::string_view> sent = SentCredentials(request);
  error.message = RedactCredentials(error.message, sent);
  return error;
}

}  // namespace

asio::awaitable<core::Result<HttpClientResponse>> CallProvider(const ProviderErrors& errors,
                                                               const HttpClientRequest& request,
                                                               BodyCallback on_body) {
  // Fetch returns the body callback's error like one of its own; it is kept aside so that a sink's
  // failure (a client that went away) is not reported as the provider being unreachable.
  std::optional<core::Error> body_error;
  BodyCallback forward;
  if (on_body) {
    forward = [&](std::string_view bytes) -> asio::awaitable<core::Status> {
      core::Status s = co_await on_body(bytes);
      if (!s) body_error = s.error();
      co_return s;
    };
  }
  auto response = co_await Fetch(request, std::move(forward));
  if (body_error) co_return Redacted(std::move(*body_error), request);
  if (!response) co_return Redacted(FetchError(errors.who, response.error(), request.timeout), request);
  if (response->status >= 200 && response->status < 300) co_return std::move(response);
  const std::string detail = errors.detail ? errors.detail(*response) : std::string();
  core::Error error = HttpStatusError(errors.who, *response, detail);
  if (errors.bad_input_status != 0 && response->status == errors.bad_input_status) {
    error.code = core::Code::kInvalidArgument;
  }
  co_return Redacted(std::move(error), request);
}

}  // namespace contrail::net
