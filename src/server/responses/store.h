#pragma once
// Stored responses (POST /v1/responses with store: true) in Valkey, under their user:
//
//   {u:ID}:responses:SESSION   a hash per chain (its session): response id → record (one HSET
//                             and an EXPIRE in the turn's pipeline). A record is body (the
//                             response object as it was returned), input (its input items, a
//                             JSON array with their ids), turn (the turn's request id), prev (the
//                             previous response's id, or ""), state (the session's state after
//                             the turn), each as "LEN:BYTES", compacted (record_codec.h: the
//                             JSON every record repeats is one byte). The hash's TTL is a
//                             session's (chat.session_ttl_s), renewed by each response of the
//                             chain: a chain's responses live while it does, as a session's
//                             messages. One hash per chain, not a key per response: a new key
//                             is a new entry in Valkey's keyspace and in its expiry table, and
//                             was most of what a response turn cost Valkey beyond a chat turn
//                             (docs/benchmarks.md, 2026-12-07). A record kept by an older
//                             version under a key of its own, {u:ID}:resp:RESPONSE_ID, is
//                             read and deleted too. The turn's messages are read back from its
//                             input items and output (MessagesOf), not stored a second time.
//
// A response id names the session of its chain and the turn that made it: "resp_" + 16 hex
// digits (8 a hash of the turn's request id, 8 random) + "_" + the session id. A turn that
// continues a chain (previous_response_id) therefore needs nothing of the record when the
// previous response is the session's last turn (IsTurnOf): it reads the session's last turn with
// the rest of its context, in the same round trip. A chain's session is written from its second
// response on (memory::SessionUpdate::history): a response nobody continues costs no session.
// When the previous response is not the session's last turn (the chain forked, or it was the
// chain's first), the history is rebuilt from the records instead. Deleting the session's last
// response also forgets the session's last turn, so the deleted response cannot be continued.
//
// REQUIRES (all functions): `user` passed core::IsValidId.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "memory/history.h"
#include "valkey/command.h"

namespace contrail::valkey {
class Pool;
}

namespace contrail::server::responses {

// 2n random lowercase hex digits, for ids (not for secrets: see net/secrets.h).
std::string RandomHex(std::size_t n);
// A new chain's session: "resp-" + 20 hex digits.
std::string NewChainSession();
// A new response id in `session`'s chain, for the turn of `request_id`.
std::string NewResponseId(std::string_view session, std::string_view request_id);
// Whether response `id` was made by the turn of `request_id` (a hash of it, so a chance of 2^-32
// of a false yes).
bool IsTurnOf(std::string_view id, std::string_view request_id);
// The request id in a session's last-turn value, "BEGAN_MS REQUEST_ID" (or a bare id).
std::string_view LastTurnRequestId(std::string_view value);
// The session a response id names; "" when `id` is not one (wrong shape, or an invalid session).
std::string SessionOf(std::string_view id);

// The hash of the records of `session`'s chain.
std::string ChainRecordsKey(std::string_view user, std::string_view session);

// The record's fields.
struct ResponseRecord {
  std::string body;
  std::string input;   // JSON array of input items
  std::string turn;    // request id
  std::string prev;    // previous response id, or ""
  std::string state;   // the session's state after the turn (flightly's format), or ""
};
// The HSET and EXPIRE of `record`, as commands for the turn's pipeline (memory::SessionUpdate::also).
std::vector<std::vector<std::string>> StoreCommands(std::string_view user, std::string_view id,
                                                    const ResponseRecord& record, int ttl_seconds);

// A stored response's turn as a session's history holds it: its input items (a JSON array:
// messages, function_call and function_call_output items) and the assistant message of its
// output (the response object: its text and function calls), stamped with its created_at.
std::vector<memory::StoredMessage> MessagesOf(std::string_view input_json, std::string_view body_json);

// What a turn that cannot continue the session's history needs of its previous response (the
// chain's second response, or a fork): the chain's messages up to and including that response,
// the last `limit` of them, oldest first — read from the records back to the chain's start (a
// record that expired ends it), one round trip per response — and the session's state after it.
struct ChainHistory {
  std::vector<memory::StoredMessage> messages;
  std::string state;
  bool found = false;  // the response itself exists (else: nothing above)
};
boost::asio::awaitable<core::Result<ChainHistory>> ReadChain(valkey::Pool& pool, std::string_view user,
                                                             std::string id, std::size_t limit);

// GET /v1/responses/{id}: the body; nullopt when the user has no such response.
boost::asio::awaitable<core::Result<std::optional<std::string>>> ReadBody(valkey::Pool& pool, std::string_view user,
                                                                         std::string_view id);
// Its input items (a JSON array); nullopt when the user has no such response.
boost::asio::awaitable<core::Result<std::optional<std::string>>> ReadInput(valkey::Pool& pool, std::string_view user,
                                                                          std::string_view id);
// Whether it existed.
boost::asio::awaitable<core::Result<bool>> Delete(valkey::Pool& pool, std::string_view user, std::string_view id);

}  // namespace contrail::server::responses
