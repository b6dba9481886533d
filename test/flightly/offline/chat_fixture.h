#pragma once
// A flightly-local session the way the server runs one, for tests: each Ask() sends the history so
// far plus the new message, with what the turn understood of it in the session's state (which it
// then keeps).

#include <map>
#include <string>
#include <string_view>

#include "flightly/offline/respond.h"
#include "flightly/understanding.h"

namespace contrail::flightly::offline {

using Profile = std::map<std::string, std::string>;

inline bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

class Chat {
 public:
  explicit Chat(Profile profile = {}) {
    request_.model = "flightly-local";
    request_.messages.push_back({llm::Role::kSystem, "You are Flightly's travel assistant."});
    request_.context.profile = std::move(profile);
  }
  Reply Ask(std::string text) {
    auto understood = Understand(text, state_);
    request_.messages.push_back({llm::Role::kUser, std::move(text)});
    request_.context.facts = understood;
    last_ = understood;
    Reply reply = Respond(request_);
    request_.messages.push_back({llm::Role::kAssistant, reply.content});
    state_ = EncodeState(understood->next);
    return reply;
  }
  llm::ChatRequest& request() { return request_; }
  const std::string& state() const { return state_; }
  // What the turn understood of the last message Ask() sent.
  const Understanding& understood() const { return *last_; }

 private:
  llm::ChatRequest request_;
  std::string state_;  // the session's stored state
  std::shared_ptr<const Understanding> last_;
};

inline llm::ChatRequest OneQuestion(std::string text, Profile profile = {}) {
  llm::ChatRequest request;
  request.messages.push_back({llm::Role::kUser, std::move(text)});
  request.context.profile = std::move(profile);
  return request;
}

}  // namespace contrail::flightly::offline
