#include "net/provider_call.h"

#include <optional>
#include <utility>

namespace contrail::net {

namespace asio = boost::asio;

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
  if (body_error) co_return std::move(*body_error);
  if (!response) co_return FetchError(errors.who, response.error(), request.timeout);
  if (response->status >= 200 && response->status < 300) co_return std::move(response);
  const std::string detail = errors.detail ? errors.detail(*response) : std::string();
  core::Error error = HttpStatusError(errors.who, *response, detail);
  if (errors.bad_input_status != 0 && response->status == errors.bad_input_status) {
    error.code = core::Code::kInvalidArgument;
  }
  co_return error;
}

}  // namespace contrail::net
