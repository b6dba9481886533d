#pragma once
// flightly-local: Flightly's built-in offline ChatModel, the default when no cloud provider is
// configured. It needs no weights and no network: it answers about 40 travel intents from the
// slots the turn understood (places and direction, dates, party, budget, cabin: the session state
// is the server's, flightly/understanding.h), grounds answers in the profile, the conversation and
// what the turn retrieved, and never invents live prices or availability. Deterministic: the same
// request always gives the same answer.
//
//   std::unique_ptr<llm::ChatModel> model = MakeOfflineModel();
//   core::Result<llm::ChatResult> r = co_await model->Complete(request, &sink);

#include <memory>

#include "llm/chat_model.h"

namespace contrail::flightly::offline {

inline constexpr const char* kOfflineModelId = "flightly-local";

// The offline model. Complete() never fails by itself: its only error is one returned by the
// sink's OnDelta, which aborts the stream and is passed back. With a sink, the answer arrives in
// pieces of a few words that concatenate to ChatResult::content. request.max_tokens cuts the
// answer (finish_reason "length"); usage is estimated with llm::EstimateTokens. The model holds
// no mutable state, so Complete() may be called concurrently from any thread.
std::unique_ptr<llm::ChatModel> MakeOfflineModel();

}  // namespace contrail::flightly::offline
