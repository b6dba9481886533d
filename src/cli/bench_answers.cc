// `contrail bench answers FILE.jsonl…`: answer quality through the real chat path. Each case of an
// answer dev set (knowledge/answer_eval.h) is asked of a running server over HTTP, the way a
// client asks: its profile PUT first, its earlier sessions (each in a session of its own, their
// memories extracted), its earlier turns sent in the same session, then the question. The answer is
// graded against the expected facts and the retrieved sources (`contrail.sources` of the response)
// against the expected document. Prints recall@1/@5, the
// share of answers with every fact and of those that hold them all in their first paragraph
// ("lead": what a reader sees first), by kind, overall and over conversation turns.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "cli/bench_util.h"
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "core/progress.h"
#include "knowledge/answer_eval.h"
#include "net/http_client.h"
#include "net/url.h"

namespace contrail::cli {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

struct Reply {
  std::string content;
  std::vector<std::string> documents;  // of the retrieved sources, best first
};

class Client {
 public:
  Client(ServerAddress server, std::string model) : server_(std::move(server)), model_(std::move(model)) {}

  asio::awaitable<core::Result<Reply>> Chat(const std::string& user, const std::string& session,
                                            const std::string& text) const {
    json::object body{{"model", model_},
                      {"messages", json::array{json::object{{"role", "user"}, {"content", text}}}},
                      {"user", user},
                      {"metadata", json::object{{"session_id", session}}}};
    CONTRAIL_CO_TRY(std::string response, co_await Send("POST", "v1/chat/completions", json::serialize(body)));
    boost::system::error_code ec;
    json::value v = json::parse(response, ec);
    const json::value* content = ec ? nullptr : v.find_pointer("/choices/0/message/content", ec);
    if (content == nullptr || !content->is_string()) co_return core::Upstream("a chat answer without content");
    Reply reply{std::string(content->get_string()), {}};
    if (const json::value* sources = v.find_pointer("/contrail/sources", ec); sources && sources->is_array()) {
      for (const json::value& s : sources->get_array()) {
        const json::value* id = s.is_object() ? s.get_object().if_contains("document_id") : nullptr;
        reply.documents.emplace_back(id && id->is_string() ? std::string(id->get_string()) : "");
      }
    }
    co_return reply;
  }

  // What the user's earlier sessions said, stored now as long-term memory (POST /v1/memory/extract)
  // instead of when the memory worker gets to it: the question is asked right after.
  asio::awaitable<core::Status> ExtractMemories(const std::string& user) const {
    CONTRAIL_CO_TRY(std::string ignored, co_await Send("POST", "v1/memory/extract?user=" + user, "{}"));
    co_return core::Ok();
  }

  asio::awaitable<core::Status> PutProfile(const std::string& user,
                                           const std::map<std::string, std::string>& profile) const {
    json::object body;
    for (const auto& [key, value] : profile) body[key] = value;
    CONTRAIL_CO_TRY(std::string ignored, co_await Send("PUT", "v1/users/" + user + "/profile", json::serialize(body)));
    co_return core::Ok();
  }

 private:
  asio::awaitable<core::Result<std::string>> Send(const char* method, const std::string& path, std::string body) const {
    net::HttpClientRequest req;
    req.method = method;
    req.url = net::Url::Join(server_.url, path);
    req.headers.emplace_back("Content-Type", "application/json");
    if (!server_.api_key.empty()) req.headers.emplace_back("Authorization", "Bearer " + server_.api_key);
    // What is measured is the answering: an answer the semantic cache kept from an earlier run (of
    // another build, perhaps) would be graded instead, and the run must leave no entries behind.
    req.headers.emplace_back("Cache-Control", "no-cache, no-store");
    req.body = std::move(body);
    CONTRAIL_CO_TRY(net::HttpClientResponse resp, co_await net::Fetch(req));
    if (resp.status != 200) {
      co_return core::Upstream(std::string(method) + " /" + path + ": HTTP " + std::to_string(resp.status) + " " +
                               resp.body.substr(0, 300));
    }
    co_return std::move(resp.body);
  }

  ServerAddress server_;
  std::string model_;
};

struct Outcome {
  knowledge::AnswerGrade grade;
  std::string answer;
  std::vector<std::string> documents;
  double ms = 0;  // the graded question's round trip
};

// Asks one case in its own user and session: profile, earlier turns, then the question.
asio::awaitable<core::Result<Outcome>> Ask(const Client& client, const knowledge::AnswerCase& c, const std::string& tag,
                                           std::size_t index) {
  const std::string user = "bench-" + tag + "-" + std::to_string(index);
  const std::string session = user + "-s";
  if (!c.profile.empty()) CONTRAIL_CO_TRY_STATUS(co_await client.PutProfile(user, c.profile));
  for (std::size_t i = 0; i < c.sessions.size(); ++i) {
    for (const std::string& turn : c.sessions[i]) {
      CONTRAIL_CO_TRY(Reply ignored, co_await client.Chat(user, user + "-e" + std::to_string(i), turn));
    }
  }
  if (!c.sessions.empty()) CONTRAIL_CO_TRY_STATUS(co_await client.ExtractMemories(user));
  for (const std::string& turn : c.turns) {
    CONTRAIL_CO_TRY(Reply ignored, co_await client.Chat(user, session, turn));
  }
  const auto started = std::chrono::steady_clock::now();
  CONTRAIL_CO_TRY(Reply reply, co_await client.Chat(user, session, c.question));
  Outcome out;
  out.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  out.grade = knowledge::GradeAnswer(c, reply.content, reply.documents);
  out.answer = std::move(reply.content);
  out.documents = std::move(reply.documents);
  co_return out;
}

std::string Share(int part, int whole) {
  if (whole == 0) return "    -";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%5.2f", static_cast<double>(part) / whole);
  return buf;
}

void PrintRow(const std::string& name, const knowledge::KindScore& s) {
  std::printf("%-22s %5d %9s %9s %9s %9s\n", name.c_str(), s.n, Share(s.top1, s.with_doc).c_str(),
              Share(s.top5, s.with_doc).c_str(), Share(s.facts, s.n).c_str(), Share(s.lead, s.n).c_str());
}

void PrintReport(const knowledge::AnswerReport& report, std::vector<double>& ms) {
  std::printf("%-22s %5s %9s %9s %9s %9s\n", "kind", "n", "recall@1", "recall@5", "facts", "lead");
  for (const auto& [kind, score] : report.by_kind) PrintRow(kind, score);
  if (report.conversations.n > 0) PrintRow("(conversation turns)", report.conversations);
  PrintRow("all", report.all);
  Series series{"answer", std::move(ms)};
  std::printf("question round trip: p50 %.2f ms, p99 %.2f ms\n", series.Percentile(0.5) / 1000,
              series.Percentile(0.99) / 1000);
}

void PrintFailure(const knowledge::AnswerCase& c, const Outcome& o) {
  std::printf("\n%s %s [%s] %s\n", o.grade.facts ? "↓" : "✗", c.id.c_str(), c.kind.c_str(), c.question.c_str());
  std::string missing;
  for (const std::string& m : o.grade.missing) missing += (missing.empty() ? "" : " | ") + m;
  if (o.grade.facts) missing = "none; not all in the first paragraph";
  std::printf("  missing: %s\n", missing.c_str());
  if (o.grade.has_expected_doc) {
    std::printf("  expected %s; retrieved", c.expected_doc.c_str());
    for (const std::string& d : o.documents) std::printf(" %s", d.c_str());
    std::printf("\n");
  }
  std::printf("  answer: %s\n", o.answer.substr(0, 600).c_str());
}

core::Result<std::vector<knowledge::AnswerCase>> ReadCases(const std::vector<std::string>& files) {
  std::vector<knowledge::AnswerCase> all;
  for (const std::string& path : files) {
    std::ifstream in(path);
    if (!in) return core::NotFound("cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    auto cases = knowledge::ParseAnswerCases(text.str());
    if (!cases) return core::InvalidArgument(path + ": " + cases.error().message);
    for (auto& c : *cases) all.push_back(std::move(c));
  }
  return all;
}

asio::awaitable<core::Result<int>> RunAll(const Client& client, const std::vector<knowledge::AnswerCase>& cases,
                                         const BenchAnswersFlags& flags) {
  const std::string tag = std::to_string(std::random_device{}() % 1'000'000);
  knowledge::AnswerReport report;
  std::vector<double> ms;
  int printed = 0, printed_late = 0;
  core::Progress progress("answers", cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    CONTRAIL_CO_TRY(Outcome o, co_await Ask(client, cases[i], tag, i));
    report.Add(cases[i], o.grade);
    ms.push_back(o.ms * 1000);
    if (!o.grade.facts && printed < flags.failures) {
      PrintFailure(cases[i], o);
      ++printed;
    } else if (o.grade.facts && !o.grade.lead && printed_late < flags.late) {
      PrintFailure(cases[i], o);
      ++printed_late;
    }
    progress.Tick();
  }
  progress.Finish();
  PrintReport(report, ms);
  co_return 0;
}

}  // namespace

int RunBenchAnswers(const ConfigFlags& config_flags, const BenchAnswersFlags& flags) {
  auto config = LoadConfig(config_flags);
  if (!config) {
    std::fprintf(stderr, "contrail bench answers: %s\n", config.error().message.c_str());
    return 2;
  }
  auto cases = ReadCases(flags.files);
  if (!cases) {
    std::fprintf(stderr, "contrail bench answers: %s\n", cases.error().message.c_str());
    return 2;
  }
  Client client(ServerAddressFrom(*config, flags.url), flags.model);
  auto result = RunToCompletion(RunAll(client, *cases, flags));
  if (!result) {
    std::fprintf(stderr, "contrail bench answers: %s\n", result.error().message.c_str());
    return 1;
  }
  return *result;
}

}  // namespace contrail::cli
