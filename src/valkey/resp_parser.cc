#include "valkey/resp_parser.h"

#include <hiredis/hiredis.h>
#include <hiredis/read.h>

namespace contrail::valkey {
namespace {

Reply Convert(const redisReply* r) {
  Reply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.type = Reply::Type::kString;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = Reply::Type::kStatus;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = Reply::Type::kError;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = Reply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = Reply::Type::kArray;
      out.elements.reserve(r->elements);
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(Convert(r->element[i]));
      break;
    default:
      out.type = Reply::Type::kNil;
  }
  return out;
}

}  // namespace

RespParser::RespParser() : reader_(redisReaderCreate()) {
  // Keep hiredis's buffer from shrinking and re-growing on every reply burst.
  reader_->maxbuf = 0;
}

RespParser::~RespParser() { redisReaderFree(reader_); }

core::Status RespParser::Feed(const char* data, std::size_t size) {
  if (redisReaderFeed(reader_, data, size) != REDIS_OK) {
    return core::Internal("RESP reader: cannot buffer input");
  }
  return core::Ok();
}

core::Result<std::optional<Reply>> RespParser::Next() {
  void* raw = nullptr;
  if (redisReaderGetReply(reader_, &raw) != REDIS_OK) {
    return core::Upstream(std::string("RESP protocol error: ") + reader_->errstr);
  }
  if (raw == nullptr) return std::optional<Reply>();
  auto* reply = static_cast<redisReply*>(raw);
  Reply out = Convert(reply);
  freeReplyObject(reply);
  return std::optional<Reply>(std::move(out));
}

std::string DebugString(const Reply& reply) {
  switch (reply.type) {
    case Reply::Type::kString: return "\"" + reply.str + "\"";
    case Reply::Type::kStatus: return reply.str;
    case Reply::Type::kError: return "(error) " + reply.str;
    case Reply::Type::kInteger: return "(integer) " + std::to_string(reply.integer);
    case Reply::Type::kNil: return "(nil)";
    case Reply::Type::kArray: {
      std::string out = "[";
      for (std::size_t i = 0; i < reply.elements.size(); ++i) {
        if (i) out += ", ";
        out += DebugString(reply.elements[i]);
      }
      return out + "]";
    }
  }
  return "?";
}

}  // namespace contrail::valkey
