#include "valkey/resp_parser.h"

#include <charconv>
#include <cstring>

namespace contrail::valkey {

namespace {

// Parses the decimal integer of a header line ("-1", "42"); false when it is not one.
bool ParseInteger(const char* begin, const char* end, long long& out) {
  if (begin == end) return false;
  auto [ptr, ec] = std::from_chars(begin, end, out);
  return ec == std::errc() && ptr == end;
}

}  // namespace

core::Status RespParser::Feed(const char* data, std::size_t size) {
  if (pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  } else if (pos_ > 64 * 1024 && pos_ * 2 > buf_.size()) {
    buf_.erase(0, pos_);  // drop what was consumed once it is the larger part
    pos_ = 0;
  }
  buf_.append(data, size);
  return core::Ok();
}

RespParser::Step RespParser::ParseValue(Reply& out, std::size_t& array_count) {
  const char* base = buf_.data();
  const std::size_t avail = buf_.size() - pos_;
  if (avail < 3) return Step::kNeedMore;
  const char* line = base + pos_;
  const char* cr = static_cast<const char*>(std::memchr(line, '\r', avail));
  if (cr == nullptr || cr + 1 == base + buf_.size()) {
    if (avail > kMaxLineBytes) error_ = "RESP line too long";
    return error_.empty() ? Step::kNeedMore : Step::kError;
  }
  if (cr[1] != '\n') {
    error_ = "RESP line not terminated by CRLF";
    return Step::kError;
  }
  const char* body = line + 1;
  const std::size_t line_bytes = static_cast<std::size_t>(cr - line) + 2;
  long long n = 0;
  switch (line[0]) {
    case '+':
    case '-':
      out.type = line[0] == '+' ? Reply::Type::kStatus : Reply::Type::kError;
      out.str.assign(body, cr);
      pos_ += line_bytes;
      return Step::kValue;
    case ':':
      if (!ParseInteger(body, cr, n)) break;
      out.type = Reply::Type::kInteger;
      out.integer = n;
      pos_ += line_bytes;
      return Step::kValue;
    case '$': {
      if (!ParseInteger(body, cr, n) || n < -1 || n > kMaxBulkBytes) break;
      if (n == -1) {
        out.type = Reply::Type::kNil;
        pos_ += line_bytes;
        return Step::kValue;
      }
      const std::size_t len = static_cast<std::size_t>(n);
      if (avail < line_bytes + len + 2) return Step::kNeedMore;  // header re-read later: cheap
      const char* data = line + line_bytes;
      if (data[len] != '\r' || data[len + 1] != '\n') {
        error_ = "RESP bulk string not terminated by CRLF";
        return Step::kError;
      }
      out.type = Reply::Type::kString;
      out.str.assign(data, len);
      pos_ += line_bytes + len + 2;
      return Step::kValue;
    }
    case '*':
      if (!ParseInteger(body, cr, n) || n < -1 || n > kMaxBulkBytes) break;
      pos_ += line_bytes;
      if (n <= 0) {
        out.type = n == 0 ? Reply::Type::kArray : Reply::Type::kNil;
        return Step::kValue;
      }
      out.type = Reply::Type::kArray;
      out.elements.reserve(static_cast<std::size_t>(std::min<long long>(n, 4096)));
      array_count = static_cast<std::size_t>(n);
      return Step::kValue;
    default:
      error_ = "unexpected RESP type byte";
      return Step::kError;
  }
  if (error_.empty()) error_ = "malformed RESP header";
  return Step::kError;
}

bool RespParser::Attach(Reply&& value) {
  if (open_.empty()) {
    root_ = std::move(value);
    return true;
  }
  open_.back().array->elements.push_back(std::move(value));
  // A filled array is already in place in its parent: it counts there as one more element.
  while (--open_.back().remaining == 0) {
    open_.pop_back();
    if (open_.empty()) return true;
  }
  return false;
}

core::Result<std::optional<Reply>> RespParser::Next() {
  for (;;) {
    Reply value;
    std::size_t array_count = 0;
    Step step = ParseValue(value, array_count);
    if (step == Step::kNeedMore) return std::optional<Reply>();
    if (step == Step::kError) return core::Upstream("RESP protocol error: " + error_);
    if (array_count == 0) {
      if (Attach(std::move(value))) return std::optional<Reply>(std::move(root_));
      continue;
    }
    if (open_.size() >= kMaxDepth) return core::Upstream("RESP protocol error: arrays nested too deep");
    // Put the array where it belongs now and fill it in place.
    Reply* slot = open_.empty() ? &(root_ = std::move(value))
                                : &open_.back().array->elements.emplace_back(std::move(value));
    open_.push_back(Frame{slot, array_count});
  }
}

core::Error ReplyError(const Reply& reply) {
  return core::FromBackend(core::Backend::kValkey, core::Upstream("valkey: " + reply.str));
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
