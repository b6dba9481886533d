#pragma once
// Writing JSON text straight into a string: the wire bodies on hot paths (chat completions, SSE
// chunks, stored messages, log lines), where building a boost::json tree first would cost an
// allocation per node. Parsing stays with boost::json.
//
//   std::string out;
//   core::JsonWriter w(out);
//   w.BeginObject().Key("id").String(id).Key("created").Int(created);
//   w.Key("choices").BeginArray().EndArray().EndObject();   // {"id":"…","created":1,"choices":[]}
//
// The writer places commas and quotes and escapes strings; it does not check that keys and values
// alternate or that brackets balance (the caller's code shows that at a glance).

#include <cstdint>
#include <string>
#include <string_view>

namespace contrail::core {

// Appends `text` as JSON string content, without the surrounding quotes: `"`, `\` and control
// characters are escaped; everything else (UTF-8 included) is copied as is.
void AppendJsonEscaped(std::string& out, std::string_view text);

class JsonWriter {
 public:
  // Appends to `out`, which must outlive the writer.
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }

  // An object member's name; the next call writes its value.
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view value);
  JsonWriter& Int(std::int64_t value);
  // printf's %.<digits>g; NaN and infinities (not JSON) are written as null.
  JsonWriter& Double(double value, int digits = 17);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // A value that is already JSON text (a stored object, a JSON Schema); written as given.
  JsonWriter& Raw(std::string_view json);

 private:
  void Separate() {
    if (need_comma_) out_ += ',';
    need_comma_ = true;
  }
  JsonWriter& Open(char bracket) {
    Separate();
    out_ += bracket;
    need_comma_ = false;
    return *this;
  }
  JsonWriter& Close(char bracket) {
    out_ += bracket;
    need_comma_ = true;
    return *this;
  }

  std::string& out_;
  bool need_comma_ = false;  // a value was written at this level: the next one needs a comma
};

}  // namespace contrail::core
