// A stored response record's compact form: smaller, and exactly the record again when read.

#include "server/responses/record_codec.h"

#include <gtest/gtest.h>

#include "server/responses/response_json.h"
#include "server/responses/store.h"

namespace contrail::server::responses {
namespace {

constexpr std::string_view kId = "resp_0123456789abcdef_resp-00112233445566778899";
constexpr std::string_view kSession = "resp-00112233445566778899";

// A record as a turn stores it: the response object ResponseJson writes, its input items, the
// turn, the previous response's id and the session state.
std::string TypicalRecord() {
  ResponsesRequest request;
  request.previous_response_id = "resp_fedcba9876543210_resp-00112233445566778899";
  request.user = "ana";
  request.user_json = "\"ana\"";
  ResponseHead head{std::string(kId), 1796500000, "flightly-local", &request, nullptr};
  llm::ChatResult result;
  result.content = "Checked bags: \"two\" of 23 kg each.\nCarry-on: one.";
  result.usage.prompt_tokens = 12;
  result.usage.completion_tokens = 20;
  const std::vector<llm::Source> sources;
  const chat::TurnOutcome outcome{result, sources, {}, {}, {}, false};
  OutputIds ids;
  const std::string body = ResponseJson(head, "completed", &outcome, ids);
  const std::string input =
      R"([{"type":"message","id":"msg_0123456789abcdef01234567","role":"user","status":"completed",)"
      R"("content":[{"type":"input_text","text":"what is the baggage allowance?"}]}])";
  const std::string state = R"({"v":1,"intent":"baggage","turns":3,"first":"hi","topic":"bags","topics":["baggage"],)"
                            R"("slots":{"origin":"LAS"}})";
  std::string record;
  for (const std::string& field : {body, input, std::string("f6887f00-447"), request.previous_response_id, state}) {
    record += std::to_string(field.size()) + ":" + field;
  }
  return record;
}

TEST(RecordCodecTest, ATypicalRecordComesBackExactlyAndAtLessThanHalfItsSize) {
  const std::string record = TypicalRecord();
  const std::string stored = CompactRecord(record, kId, kSession);
  EXPECT_EQ(stored.front(), kCompactMark);
  EXPECT_LT(stored.size() * 2, record.size()) << stored;
  EXPECT_EQ(stored.find(kSession), std::string::npos) << "the session is one byte";
  EXPECT_EQ(ExpandRecord(stored, kId, kSession), record);
}

TEST(RecordCodecTest, TextLikeTheTablesRunsInsideStringsComesBackAsItWas) {
  // A user who types the JSON of a response object: escaped in the record, so no run matches
  // across it, and what matches comes back byte for byte.
  const std::string body = R"({"text":"\",\"object\":\"response\",\"created_at\": resp-00112233445566778899"})";
  const std::string record = std::to_string(body.size()) + ":" + body + "0:0:0:0:";
  EXPECT_EQ(ExpandRecord(CompactRecord(record, kId, kSession), kId, kSession), record);
}

TEST(RecordCodecTest, AnAnswersTextIsSkippedToItsClosingQuoteAndWhatFollowsIsCompacted) {
  // The text ends in an escaped backslash and holds escaped quotes: its closing quote is the one
  // after an even number of backslashes, and the runs after it are still replaced.
  const std::string body = R"({"output":[{"id":"msg_0123","type":"message","status":"completed","role":"assistant",)"
                           R"("content":[{"type":"output_text","text":"say "hi" at C:\","annotations":[]}]}]})";
  const std::string record = std::to_string(body.size()) + ":" + body + "0:0:0:0:";
  const std::string stored = CompactRecord(record, kId, kSession);
  EXPECT_EQ(stored.find("annotations"), std::string::npos) << stored;
  EXPECT_NE(stored.find(R"(say "hi" at C:\)"), std::string::npos) << stored;
  EXPECT_EQ(ExpandRecord(stored, kId, kSession), record);
  // A raw control byte inside such a text (not JSON, so not a record the codec may compact).
  std::string raw = record;
  raw[raw.find("hi")] = '\x02';
  EXPECT_EQ(CompactRecord(raw, kId, kSession), raw);
}

TEST(RecordCodecTest, ARecordWithAControlByteIsStoredAsItIs) {
  const std::string record = std::string("2:{}2:[]3:a") + '\x01' + "b0:0:";
  EXPECT_EQ(CompactRecord(record, kId, kSession), record);
  EXPECT_EQ(ExpandRecord(record, kId, kSession), record);
}

TEST(RecordCodecTest, ARecordWrittenBeforeTheCodecReadsBackUnchanged) {
  EXPECT_EQ(ExpandRecord("2:{}2:[]4:req10:5:state", kId, kSession), "2:{}2:[]4:req10:5:state");
}

TEST(RecordCodecTest, AByteNoEntryHasIsNotARecord) {
  EXPECT_FALSE(ExpandRecord(std::string("~2:{}") + '\0', kId, kSession).has_value());
}

}  // namespace
}  // namespace contrail::server::responses
