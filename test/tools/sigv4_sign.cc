// sigv4_sign: signs one request with net::SignV4, for cross-checking against other signers
// (test/e2e/sigv4.test.mjs compares it with the AWS SDK's @smithy/signature-v4).
//
//   echo '{"method":"POST","url":"https://bedrock-runtime.us-east-1.amazonaws.com/model/x/converse",
//          "headers":{"content-type":"application/json"},"body":"{}","region":"us-east-1",
//          "service":"bedrock","access_key_id":"AKID","secret_access_key":"SECRET",
//          "session_token":"","time":"2015-08-30T12:36:00Z"}' | sigv4_sign
//
// Prints {"headers":{…every header after signing, names lower-cased…},"canonical_request":…,
// "string_to_sign":…}. `time` is ISO 8601 UTC ("…Z") or seconds since the epoch. Exit status 1
// with a message on stderr for bad input.

#include <boost/json.hpp>
#include <ctime>
#include <iostream>
#include <iterator>
#include <string>

#include "net/sigv4.h"

namespace {

namespace json = boost::json;
using contrail::net::AwsCredentials;
using contrail::net::HttpClientRequest;

std::string Field(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool ParseTime(const json::value* v, std::chrono::system_clock::time_point& out) {
  if (v == nullptr) return false;
  if (v->is_int64()) {
    out = std::chrono::system_clock::from_time_t(static_cast<std::time_t>(v->get_int64()));
    return true;
  }
  if (!v->is_string()) return false;
  std::tm tm{};
  const char* end = strptime(v->get_string().c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return false;
  out = std::chrono::system_clock::from_time_t(timegm(&tm));
  return true;
}

int Fail(const std::string& message) {
  std::cerr << "sigv4_sign: " << message << "\n";
  return 1;
}

}  // namespace

int main() {
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  boost::system::error_code ec;
  json::value v = json::parse(input, ec);
  if (ec || !v.is_object()) return Fail("stdin must be one JSON object");
  const json::object& in = v.get_object();

  HttpClientRequest request;
  request.method = Field(in, "method").empty() ? "GET" : Field(in, "method");
  request.url = Field(in, "url");
  request.body = Field(in, "body");
  if (const json::value* headers = in.if_contains("headers"); headers != nullptr && headers->is_object()) {
    for (const auto& [name, value] : headers->get_object()) {
      if (!value.is_string()) return Fail("header values must be strings");
      request.headers.emplace_back(std::string(name), std::string(value.get_string()));
    }
  }
  AwsCredentials credentials{Field(in, "access_key_id"), Field(in, "secret_access_key"), Field(in, "session_token")};
  std::chrono::system_clock::time_point now;
  if (!ParseTime(in.if_contains("time"), now)) return Fail("time must be ISO 8601 UTC or epoch seconds");

  auto signature = contrail::net::SignV4Explained(request, credentials, Field(in, "region"), Field(in, "service"), now);
  if (!signature) return Fail(signature.error().message);
  json::object headers;
  for (const auto& [name, value] : request.headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    headers[lower] = value;
  }
  json::object out{{"headers", std::move(headers)},
                   {"canonical_request", signature->canonical_request},
                   {"string_to_sign", signature->string_to_sign}};
  std::cout << json::serialize(out) << "\n";
  return 0;
}
