#pragma once
// AWS Signature Version 4 (header form) for requests to AWS services such as Bedrock:
//
//   net::HttpClientRequest req{.method = "POST", .url = endpoint + "/model/" + id + "/converse"};
//   req.headers.emplace_back("Content-Type", "application/json");
//   req.body = body;
//   CONTRAIL_CO_TRY_STATUS(net::SignV4(req, credentials, "us-east-1", "bedrock", now));
//   auto response = co_await net::Fetch(req);
//
// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html. The rules
// followed are those of every service but S3: the path is normalised (empty, "." and ".."
// segments removed) and each segment of the path *as sent* is URI-encoded again, so a model id
// sent as `...-v1%3A0` is signed as `...-v1%253A0`.

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"
#include "net/http_client.h"

namespace contrail::net {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // temporary credentials (STS, SSO, roles); empty for long-term keys
};

// One signature and the steps that led to it: what to compare with AWS's own "The canonical
// request should have been …" message, or with another signer.
struct SigV4Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // lower-case hex
  std::string authorization;  // the Authorization header's value
};

// Signs `request` in place for `service` in `region` at time `now`: removes any Authorization,
// X-Amz-Date and X-Amz-Security-Token headers it carries (so a retried request can be signed
// again), adds Host (host[:port], the value Fetch then sends) unless present, X-Amz-Date,
// X-Amz-Security-Token when the credentials have a session token, and Authorization. Every header
// present at this point is signed except hop-by-hop ones (User-Agent, Connection, Expect, …);
// headers added later (Fetch's Content-Length and User-Agent) are not. The payload hash is the
// X-Amz-Content-Sha256 header when the request has one, else the SHA-256 of `body`.
// Errors: kInvalidArgument for a bad URL, missing keys, or an empty region or service.
core::Status SignV4(HttpClientRequest& request, const AwsCredentials& credentials,
                    std::string_view region, std::string_view service,
                    std::chrono::system_clock::time_point now);

// The same, and returns the intermediate steps.
core::Result<SigV4Signature> SignV4Explained(HttpClientRequest& request,
                                             const AwsCredentials& credentials,
                                             std::string_view region, std::string_view service,
                                             std::chrono::system_clock::time_point now);

// "20150830T123600Z": the X-Amz-Date form of `t` (UTC).
std::string AmzDate(std::chrono::system_clock::time_point t);

// RFC 3986 encoding as SigV4 wants it: every byte but A-Z a-z 0-9 - . _ ~ becomes %XX (upper-case
// hex); '/' too unless `keep_slash`.
std::string AwsUriEncode(std::string_view in, bool keep_slash = false);

}  // namespace contrail::net
