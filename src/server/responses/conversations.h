#pragma once
// Conversations (OpenAI's Conversations API) on contrail sessions, under their user:
//
//   {u:ID}:conv:CONV_ID         a hash: created_at (Unix s), metadata (a JSON object)
//   {u:ID}:conv:CONV_ID:items   a list: the conversation's items, oldest first, one JSON object
//                               each (messages, function calls and their outputs), the newest
//                               kMaxConversationItems of them
//   the session CONV_ID         its history, as every session's: what the model sees
//
// A response with `conversation` reads the conversation's history in its context's round trip
// (the session), and adds its input and output items to the list in its pipeline. Everything of
// a conversation lives as long as an idle session (chat.session_ttl_s), refreshed by each response.
// REQUIRES (all functions): `user` passed core::IsValidId; ids passed IsConversationId.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "server/responses/request.h"
#include "valkey/command.h"

namespace contrail::valkey {
class Pool;
}

namespace contrail::server::responses {

inline constexpr int kMaxConversationItems = 1'000;

// "conv_" + 24 hex digits.
bool IsConversationId(std::string_view id);
std::string NewConversationId();

std::string ConversationKey(std::string_view user, std::string_view id);
std::string ConversationItemsKey(std::string_view user, std::string_view id);

struct Conversation {
  std::string id;
  std::int64_t created_at = 0;
  std::string metadata_json = "{}";
};
// The conversation object: {"id","object":"conversation","created_at","metadata"}.
std::string ConversationJson(const Conversation& c);

// Stores a new conversation with its first items (also its session's history and `state`, what
// the session understood of them, so the first response sees them): `window` and `ttl_seconds`
// as a session's.
boost::asio::awaitable<core::Status> CreateConversation(valkey::Pool& pool, std::string_view user,
                                                        const Conversation& c, const InputItems& items,
                                                        std::string state, int window, int ttl_seconds);
// nullopt when the user has no such conversation.
boost::asio::awaitable<core::Result<std::optional<Conversation>>> ReadConversation(valkey::Pool& pool,
                                                                                   std::string_view user,
                                                                                   std::string_view id);
// Its items, oldest first; nullopt when the user has no such conversation.
boost::asio::awaitable<core::Result<std::optional<std::vector<std::string>>>> ReadConversationItems(
    valkey::Pool& pool, std::string_view user, std::string_view id);
// The conversation, its items and its session; whether it existed.
boost::asio::awaitable<core::Result<bool>> DeleteConversation(valkey::Pool& pool, std::string_view user,
                                                              std::string_view id);

// HGET of a conversation's created_at, for the turn's context round trip (nil: none).
void AddReadConversation(valkey::CommandBatch& batch, std::string_view user, std::string_view id);
// Appending `items` to the conversation and refreshing its TTL, as commands for the turn's
// pipeline (memory::SessionUpdate::also).
void AppendConversationItems(std::vector<std::vector<std::string>>& commands, std::string_view user,
                             std::string_view id, const std::vector<std::string>& items, int ttl_seconds);

}  // namespace contrail::server::responses
