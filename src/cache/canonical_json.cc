#include "cache/canonical_json.h"

#include <algorithm>
#include <boost/json.hpp>
#include <vector>

#include "net/sha256.h"

namespace contrail::cache {
namespace {

void Write(const boost::json::value& v, std::string& out) {
  if (v.is_object()) {
    const boost::json::object& o = v.get_object();
    std::vector<const boost::json::key_value_pair*> members;
    members.reserve(o.size());
    for (const auto& kv : o) members.push_back(&kv);
    std::sort(members.begin(), members.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
    out += '{';
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (i > 0) out += ',';
      out += boost::json::serialize(boost::json::value(members[i]->key()));
      out += ':';
      Write(members[i]->value(), out);
    }
    out += '}';
  } else if (v.is_array()) {
    out += '[';
    bool first = true;
    for (const boost::json::value& item : v.get_array()) {
      if (!first) out += ',';
      first = false;
      Write(item, out);
    }
    out += ']';
  } else {
    out += boost::json::serialize(v);
  }
}

}  // namespace

std::string CanonicalJson(const boost::json::value& value) {
  std::string out;
  Write(value, out);
  return out;
}

std::string KeyHash(std::string_view text) { return net::DigestHex(net::Sha256(text), 16); }

}  // namespace contrail::cache
