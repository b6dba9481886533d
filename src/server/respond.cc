#include "server/respond.h"

#include "core/json_writer.h"
#include "net/redact.h"

namespace contrail::server {

net::HttpResponse JsonResponse(int status, std::string body) {
  net::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

std::string ErrorJson(const core::Error& error) {
  const core::WireError wire = core::Describe(error.code);
  // A server-side failure's message may quote a provider or a store: credentials never pass.
  // (A 4xx message is about the request; it quotes only what the client sent.)
  std::string message = core::ClientMessage(error);
  if (wire.http_status >= 500) message = net::RedactCredentials(message);
  std::string out;
  out.reserve(96 + message.size());
  core::JsonWriter w(out);
  w.BeginObject().Key("error").BeginObject();
  w.Key("message").String(message).Key("type").String(wire.type).Key("param");
  if (error.param.empty()) {
    w.Null();
  } else {
    w.String(error.param);
  }
  w.Key("code").String(wire.code).EndObject().EndObject();
  return out;
}

net::HttpResponse ErrorResponse(const core::Error& error) {
  const core::WireError wire = core::Describe(error.code);
  net::HttpResponse r = JsonResponse(wire.http_status, ErrorJson(error));
  if (error.backend != core::Backend::kNone) r.log_detail = net::RedactCredentials(error.message);
  // Only "come back later" statuses say when (429 at a limit, 503 while a backend recovers), in
  // whole seconds rounded up; a 502's Retry-After was the provider's to us.
  if (error.retry_after_ms > 0 && (wire.http_status == 429 || wire.http_status == 503)) {
    r.headers.emplace_back("Retry-After", std::to_string((error.retry_after_ms + 999) / 1000));
  }
  return r;
}

core::Status RequireJson(const net::HttpRequest& request) {
  const std::string* type = request.header("content-type");
  if (type != nullptr) {
    std::string_view t(*type);
    t = t.substr(0, t.find(';'));
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    std::string lower(t);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "application/json") return core::Ok();
  }
  return core::Error(core::Code::kUnsupportedMediaType,
                     "Content-Type must be application/json", "Content-Type");
}

}  // namespace contrail::server
