// The Bedrock Converse ChatModel: signing, the HTTP exchange, streaming and error mapping. The
// wire format lives in bedrock_converse.cc and bedrock_stream.cc.

#include "llm/bedrock.h"

#include <boost/json.hpp>

#include "llm/bedrock_stream.h"
#include "net/eventstream.h"
#include "net/provider_call.h"

namespace contrail::llm {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kWho = "Bedrock";

// "ThrottlingException: Too many requests…" from the x-amzn-ErrorType header (whose value may
// carry a ":namespace" suffix) and the JSON body's message.
std::string ErrorDetail(const net::HttpClientResponse& response) {
  std::string type;
  if (const std::string* h = response.header("x-amzn-errortype"); h != nullptr) type = h->substr(0, h->find(':'));
  std::string message;
  boost::system::error_code ec;
  json::value v = json::parse(response.body, ec);
  if (!ec && v.is_object()) {
    for (const char* key : {"message", "Message"}) {
      if (const json::value* m = v.get_object().if_contains(key); m != nullptr && m->is_string()) {
        message = std::string(m->get_string());
        break;
      }
    }
  } else {
    message = response.body.substr(0, 200);
  }
  if (type.empty()) return message;
  return message.empty() ? type : type + ": " + message;
}

class BedrockModel final : public ChatModel {
 public:
  explicit BedrockModel(BedrockOptions o) : options_(std::move(o)) {
    if (options_.endpoint.empty()) options_.endpoint = BedrockRuntimeEndpoint(options_.region);
    while (!options_.endpoint.empty() && options_.endpoint.back() == '/') options_.endpoint.pop_back();
  }
  const std::string& id() const override { return options_.model_id; }

  asio::awaitable<core::Result<ChatResult>> Complete(const ChatRequest& request, ChatSink* sink) override {
    net::HttpClientRequest http;
    // The model id is one path segment: ':' and '/' (in ARNs) are percent-encoded.
    http.url = options_.endpoint + "/model/" + net::AwsUriEncode(options_.model_id) +
               (sink != nullptr ? "/converse-stream" : "/converse");
    http.headers.emplace_back("Content-Type", "application/json");
    http.headers.emplace_back("Accept", sink != nullptr ? "application/vnd.amazon.eventstream" : "application/json");
    CONTRAIL_CO_TRY(http.body, BuildConverseBody(request));
    http.connect_timeout = options_.connect_timeout;
    http.timeout = options_.timeout;
    CONTRAIL_CO_TRY_STATUS(net::SignV4(http, options_.credentials, options_.region, "bedrock",
                                       std::chrono::system_clock::now()));

    ConverseStreamReader reader;
    net::EventStreamDecoder decoder;
    net::BodyCallback on_body;
    if (sink != nullptr) {
      on_body = [&](std::string_view bytes) {
        return OnStreamBytes(bytes, decoder, reader, *sink);
      };
    }
    CONTRAIL_CO_TRY(net::HttpClientResponse response,
                    co_await net::CallProvider({kWho, ErrorDetail}, http, std::move(on_body)));
    ChatResult result;
    if (sink == nullptr) {
      CONTRAIL_CO_TRY(result, ParseConverseResponse(response.body));
    } else {
      if (decoder.buffered() > 0) co_return core::Upstream("Bedrock stream ended inside an event");
      if (!reader.finished()) co_return core::Upstream("Bedrock stream ended before messageStop");
      result = std::move(reader.result());
    }
    if (result.usage.prompt_tokens == 0 && result.usage.completion_tokens == 0) {
      for (const Message& m : request.messages) result.usage.prompt_tokens += EstimateTokens(m.content);
      result.usage.completion_tokens = EstimateTokens(result.content);
    }
    co_return result;
  }

 private:
  static asio::awaitable<core::Status> OnStreamBytes(std::string_view bytes, net::EventStreamDecoder& decoder,
                                                     ConverseStreamReader& reader, ChatSink& sink) {
    std::vector<net::EventMessage> messages;
    core::Status decoded = decoder.Feed(bytes, messages);
    // Messages decoded before a corrupt one are still delivered; then the error ends the stream.
    for (const net::EventMessage& m : messages) {
      CONTRAIL_CO_TRY(std::string text, reader.OnMessage(m));
      if (text.empty()) continue;
      reader.MarkDelivered();
      CONTRAIL_CO_TRY_STATUS(co_await sink.OnDelta(text));
    }
    if (!decoded) co_return core::Upstream("Bedrock stream corrupted: " + decoded.error().message);
    co_return core::Ok();
  }

  BedrockOptions options_;
};

}  // namespace

std::unique_ptr<ChatModel> MakeBedrockModel(BedrockOptions options) {
  return std::make_unique<BedrockModel>(std::move(options));
}

}  // namespace contrail::llm
