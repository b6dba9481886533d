#include "server/embeddings_request.h"

#include <boost/json.hpp>
#include <charconv>
#include <cstdio>
#include <cstring>

#include "core/json_writer.h"
#include "core/log.h"

namespace contrail::server {

namespace json = boost::json;
using core::InvalidArgument;

namespace {

core::Status ReadInput(const json::value* input, std::size_t max_inputs, std::size_t max_bytes,
                       std::vector<std::string>& out) {
  if (input == nullptr) return InvalidArgument("input is required", "input");
  if (input->is_string()) {
    out.emplace_back(input->get_string());
  } else if (input->is_array()) {
    const json::array& items = input->get_array();
    if (items.empty()) return InvalidArgument("input must not be an empty array", "input");
    if (items.size() > max_inputs) {
      return InvalidArgument("at most " + std::to_string(max_inputs) + " inputs per request", "input");
    }
    for (const json::value& item : items) {
      if (!item.is_string()) {
        return InvalidArgument("input must be a string or an array of strings (token arrays are not supported)", "input");
      }
      out.emplace_back(item.get_string());
    }
  } else {
    return InvalidArgument("input must be a string or an array of strings", "input");
  }
  for (const std::string& text : out) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      return InvalidArgument("input must not contain empty strings", "input");
    }
    if (text.size() > max_bytes) return InvalidArgument("an input is over " + std::to_string(max_bytes) + " bytes", "input");
  }
  return core::Ok();
}

void AppendBase64(std::string& out, std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (std::size_t rest = bytes.size() - i; rest > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
}

void AppendFloats(std::string& out, const embed::Vector& v) {
  out += '[';
  char buf[32];
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v[i]);
    out.append(buf, ec == std::errc() ? end : buf);
  }
  out += ']';
}

}  // namespace

core::Result<EmbeddingsRequest> ParseEmbeddingsRequest(const std::string& body, std::size_t max_inputs,
                                                       std::size_t max_bytes) {
  boost::system::error_code ec;
  json::value doc = json::parse(body, ec);
  if (ec) return InvalidArgument("request body is not valid JSON: " + ec.message());
  const json::object* o = doc.if_object();
  if (o == nullptr) return InvalidArgument("request body must be a JSON object");
  EmbeddingsRequest out;
  CONTRAIL_TRY_STATUS(ReadInput(o->if_contains("input"), max_inputs, max_bytes, out.input));
  if (const json::value* m = o->if_contains("model"); m != nullptr && !m->is_null()) {
    if (!m->is_string() || m->get_string().empty()) return InvalidArgument("model must be a non-empty string", "model");
    out.model = std::string(m->get_string());
  }
  if (const json::value* f = o->if_contains("encoding_format"); f != nullptr && !f->is_null()) {
    if (!f->is_string() || (f->get_string() != "float" && f->get_string() != "base64")) {
      return InvalidArgument("encoding_format must be float or base64", "encoding_format");
    }
    out.base64 = f->get_string() == "base64";
  }
  if (const json::value* d = o->if_contains("dimensions"); d != nullptr && !d->is_null()) {
    if (!d->is_int64() || d->get_int64() < 1 || d->get_int64() > 16'000) {
      return InvalidArgument("dimensions must be a positive integer", "dimensions");
    }
    out.dimensions = static_cast<int>(d->get_int64());
  }
  if (const json::value* u = o->if_contains("user"); u != nullptr && !u->is_null() && !u->is_string()) {
    return InvalidArgument("user must be a string", "user");
  }
  return out;
}

std::string EmbeddingsJson(const std::vector<embed::Vector>& vectors, bool base64, const std::string& model,
                           int prompt_tokens, double cost_usd) {
  std::string out = "{\"object\":\"list\",\"data\":[";
  out.reserve(64 + vectors.size() * (base64 ? 5600 : 11000));
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    out += i ? ",{\"object\":\"embedding\",\"index\":" : "{\"object\":\"embedding\",\"index\":";
    out += std::to_string(i);
    out += ",\"embedding\":";
    if (base64) {
      out += '"';
      AppendBase64(out, {reinterpret_cast<const char*>(vectors[i].data()), vectors[i].size() * sizeof(float)});
      out += '"';
    } else {
      AppendFloats(out, vectors[i]);
    }
    out += '}';
  }
  out += "],\"model\":\"";
  core::AppendJsonEscaped(out, model);
  out += "\",\"usage\":{\"prompt_tokens\":" + std::to_string(prompt_tokens) +
         ",\"total_tokens\":" + std::to_string(prompt_tokens);
  char cost[48];
  std::snprintf(cost, sizeof cost, ",\"cost_usd\":%.8g}}", cost_usd);
  out += cost;
  return out;
}

}  // namespace contrail::server
