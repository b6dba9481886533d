#include "server/app.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "cache/cache_sync.h"
#include "core/log.h"
#include "core/metrics.h"
#include "net/cpu_affinity.h"
#include "net/http_server.h"
#include "net/redact.h"
#include "embed/factory.h"
#include "flightly/bookings/payment_processor.h"
#include "flightly/bookings/reconciler.h"
#include "server/memory_worker.h"
#include "server/providers.h"
#include "server/respond.h"
#include "server/router.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

namespace asio = boost::asio;

namespace {

// Every route of the server and who may call it, in one table. Routes that act for a user are
// kCaller: their handlers check the caller may act for the user the request names.
Router BuildRouter(const core::Config& config) {
  using enum Access;
  Router r;
  r.Add("POST", "/v1/chat/completions", "chat_completions", kCaller, &ChatCompletions);
  r.Add("POST", "/v1/responses", "responses", kCaller, &CreateResponse);
  r.Add("GET", "/v1/responses/{id}", "response", kCaller, &GetResponse);
  r.Add("DELETE", "/v1/responses/{id}", "response", kCaller, &DeleteResponse);
  r.Add("GET", "/v1/responses/{id}/input_items", "response_input_items", kCaller, &ListResponseInputItems);
  r.Add("POST", "/v1/conversations", "conversations", kCaller, &CreateConversation);
  r.Add("GET", "/v1/conversations/{id}", "conversation", kCaller, &GetConversation);
  r.Add("DELETE", "/v1/conversations/{id}", "conversation", kCaller, &DeleteConversation);
  r.Add("GET", "/v1/conversations/{id}/items", "conversation_items", kCaller, &ListConversationItems);
  r.Add("POST", "/v1/embeddings", "embeddings", kCaller, &CreateEmbeddings);
  r.Add("POST", "/v1/search", "search", kCaller, &SearchKnowledge);
  r.Add("GET", "/v1/models", "models", kCaller, &ListModels);
  r.Add("GET", "/v1/models/{id}", "model", kCaller, &GetModel);
  r.Add("PUT", "/v1/users/{id}/profile", "profile", kCaller, &PutProfile);
  r.Add("PATCH", "/v1/users/{id}/profile", "profile", kCaller, &PatchProfile);
  r.Add("GET", "/v1/users/{id}/profile", "profile", kCaller, &GetProfile);
  r.Add("DELETE", "/v1/users/{id}/profile", "profile", kCaller, &DeleteProfile);
  r.Add("GET", "/v1/sessions/{sid}/messages", "session_messages", kCaller, &GetSessionMessages);
  r.Add("DELETE", "/v1/sessions/{sid}/messages", "session_messages", kCaller, &DeleteSessionMessages);
  r.Add("POST", "/v1/memory/extract", "memory_extract", kCaller, &ExtractMemories);
  r.Add("GET", "/v1/memory/sessions/{sid}/events", "memory_events", kCaller, &ListMemoryEvents);
  r.Add("GET", "/v1/memory/sessions/{sid}/conversation", "memory_conversation", kCaller, &GetMemoryConversation);
  r.Add("GET", "/v1/memory/records", "memory_records", kCaller, &SearchMemoryRecords);
  r.Add("DELETE", "/v1/users/{id}", "user", kCaller, &DeleteUser);
  r.Add("GET", "/v1/bookings", "bookings", kCaller, &ListBookingsRoute);
  r.Add("GET", "/v1/bookings/{id}", "booking", kCaller, &GetBookingRoute);
  r.Add("POST", "/v1/bookings/{id}/cancel", "booking_cancel", kCaller, &CancelBookingRoute);
  r.Add("POST", "/v1/admin/keys", "admin_keys", kAdmin, &CreateKey);
  r.Add("GET", "/v1/admin/keys", "admin_keys", kAdmin, &ListKeys);
  r.Add("DELETE", "/v1/admin/keys/{id}", "admin_key", kAdmin, &RevokeKey);
  r.Add("GET", "/v1/cache/stats", "cache_stats", kAdmin, &CacheStats);
  r.Add("DELETE", "/v1/cache", "cache", kAdmin, &InvalidateCache);
  if (config.mcp.enabled) {
    r.Add("POST", "/mcp", "mcp", kCaller, &McpPost);
    r.Add("GET", "/mcp", "mcp", kCaller, &McpGet);
    r.Add("DELETE", "/mcp", "mcp", kCaller, &McpDelete);
  }
  r.Add("GET", "/healthz", "healthz", kPublic, &Healthz);
  r.Add("GET", "/readyz", "readyz", kPublic, &Readyz);
  r.Add("GET", "/metrics", "metrics", config.auth.metrics == "public" ? kPublic : kAdmin, &Metrics);
  return r;
}

std::unique_ptr<cache::SemanticCache> MakeSemanticCache(const core::Config& config, const embed::Embedder& embedder) {
  cache::SemanticCacheOptions o;
  o.dimensions = embedder.dimensions();
  o.similarity = static_cast<float>(config.cache.similarity);
  o.min_similarity = static_cast<float>(config.cache.min_similarity);
  o.kind_similarity = static_cast<float>(config.cache.kind_similarity);
  o.max_error_rate = config.cache.max_error_rate;
  o.verify_rate = config.cache.verify_rate;
  o.max_entries = static_cast<std::size_t>(config.cache.answer_entries);
  o.valkey_timeout = std::chrono::milliseconds(config.valkey.command_timeout_ms);
  return std::make_unique<cache::SemanticCache>(o);
}

void RegisterSemanticCacheGauges(const cache::SemanticCache& answers) {
  auto& registry = core::MetricsRegistry::Global();
  registry.SetGauge("contrail_semantic_cache_entries", "Semantic cache entries in this instance's index.", "",
                    [&answers] { return static_cast<double>(answers.Stats().at("entries").to_number<double>()); });
  registry.SetGauge("contrail_semantic_cache_seconds_saved", "Answer time the semantic cache's hits saved.", "",
                    [&answers] { return answers.Stats().at("seconds_saved").to_number<double>(); });
  registry.SetGauge("contrail_semantic_cache_dollars_saved", "Model cost the semantic cache's hits saved (USD).", "",
                    [&answers] { return answers.Stats().at("dollars_saved").to_number<double>(); });
}

}  // namespace

struct App::Impl {
  core::Config config;
  ModelRegistry models;
  // Before `services` and `memory_worker`, which read through it: it outlives them.
  std::unique_ptr<ConfiguredExtractor> extractor;  // memory extraction: rules or a model
  std::unique_ptr<embed::Embedder> embedder;
  std::unique_ptr<embed::VectorLru> embedding_lru;
  cache::SingleFlight tool_flights;  // concurrent identical tool calls, across the I/O threads
  std::unique_ptr<cache::RetrievalCache> retrievals;
  std::unique_ptr<cache::SemanticCache> answers;  // null when cache.semantic is off
  std::unique_ptr<flightly::PaymentProcessor> payments;  // null when payments.url is empty
  Router router;
  // Declared before `services`: the io_contexts must outlive the pools that use them.
  std::unique_ptr<net::HttpServer> http;
  std::vector<std::unique_ptr<Services>> services;  // one per I/O thread
  std::unique_ptr<cache::CacheSync> answers_sync;   // keeps `answers` in step with Valkey
  std::unique_ptr<MemoryWorker> memory_worker;      // memory.worker: events into PostgreSQL

  ~Impl() {
    // The gauges read this object; leave harmless readers behind.
    auto& registry = core::MetricsRegistry::Global();
    for (const char* name : {"contrail_valkey_connections_up", "contrail_valkey_pool_size",
                             "contrail_write_behind_in_flight", "contrail_semantic_cache_entries",
                             "contrail_semantic_cache_seconds_saved", "contrail_semantic_cache_dollars_saved"}) {
      registry.SetGauge(name, "", "", [] { return 0.0; });
    }
  }

  // Waits (up to the grace period) for queued history writes of every thread.
  asio::awaitable<void> DrainWriteBehind() {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config.server.shutdown_grace_ms);
    for (;;) {
      std::size_t pending = 0;
      for (auto& s : services) pending += s->write_behind.in_flight();
      if (pending == 0) break;
      if (std::chrono::steady_clock::now() > deadline) {
        core::log::Error("shutdown: history writes not flushed", {{"pending", static_cast<unsigned long>(pending)}});
        break;
      }
      timer.expires_after(std::chrono::milliseconds(5));
      co_await timer.async_wait(asio::use_awaitable);
    }
  }
};

App::App(core::Config config) : impl_(std::make_unique<Impl>()) { impl_->config = std::move(config); }

App::~App() = default;

core::Result<int> App::Start() {
  Impl& m = *impl_;
  // A provider or a driver that echoes a configured secret in an error does not get it repeated.
  for (const std::string& secret : core::SecretValues(m.config)) net::RegisterSecret(secret);
  m.router = BuildRouter(m.config);
  CONTRAIL_TRY(m.models, BuildModels(m.config));
  CONTRAIL_TRY(m.extractor, ConfiguredExtractor::Make(m.config, m.models));
  CONTRAIL_TRY(m.embedder, embed::MakeConfiguredEmbedder(m.config));
  m.embedding_lru = std::make_unique<embed::VectorLru>(static_cast<std::size_t>(m.config.embed.lru_entries));
  m.retrievals = std::make_unique<cache::RetrievalCache>(static_cast<std::size_t>(m.config.cache.retrieval_entries),
                                                        std::chrono::seconds(m.config.cache.retrieval_ttl_s));
  if (m.config.cache.semantic && m.config.cache.answer_entries > 0) m.answers = MakeSemanticCache(m.config, *m.embedder);
  m.payments = flightly::MakeConfiguredPaymentProcessor(m.config.payments);
  SharedServices shared{m.config,        m.models,     *m.embedder,        *m.embedding_lru,
                        m.tool_flights,  *m.retrievals, m.extractor->get(), m.answers.get(),
                        m.payments.get()};
  net::HttpServerOptions o;
  o.host = m.config.server.host;
  o.port = m.config.server.port;
  o.threads = m.config.server.threads > 0 ? m.config.server.threads : net::DefaultThreadCount();
  o.pin_threads = m.config.server.pin_threads;
  o.body_limit = m.config.server.body_limit_bytes;
  o.header_timeout_ms = m.config.server.header_timeout_ms;
  o.read_timeout_ms = m.config.server.read_timeout_ms;
  o.idle_timeout_ms = m.config.server.idle_timeout_ms;
  o.shutdown_grace_ms = m.config.server.shutdown_grace_ms;
  o.max_connections = m.config.server.max_connections;
  o.max_connections_per_address = m.config.server.max_connections_per_address;
  o.error_response = &ErrorResponse;
  m.services.resize(o.threads);
  m.http = std::make_unique<net::HttpServer>(o, [&m](int worker) -> net::HttpHandler {
    return [&m, worker](net::HttpRequest& request) { return m.router.Dispatch(request, *m.services[worker]); };
  });
  for (int i = 0; i < o.threads; ++i) {
    m.services[i] = std::make_unique<Services>(m.http->context(i).get_executor(), shared);
    m.services[i]->valkey.Start();
    m.services[i]->mcp_servers.Start();  // in the background: a server that is down delays nothing
  }
  if (m.answers) {
    m.answers_sync = std::make_unique<cache::CacheSync>(*m.answers, m.http->context(0).get_executor(),
                                                        ValkeyOptions(m.config));
    m.answers_sync->Start();
    RegisterSemanticCacheGauges(*m.answers);
  }
  auto& registry = core::MetricsRegistry::Global();
  registry.SetGauge("contrail_valkey_connections_up", "Valkey connections currently up.", "",
                    [&m] {
                      int n = 0;
                      for (auto& s : m.services) n += s->valkey.connected();
                      return static_cast<double>(n);
                    });
  registry.SetGauge("contrail_valkey_pool_size", "Valkey connections configured (all threads).", "",
                    [&m] { return static_cast<double>(m.services.size() * m.config.valkey.pool_size); });
  registry.SetGauge("contrail_write_behind_in_flight", "Turns queued or retrying for storage.", "",
                    [&m] {
                      std::size_t n = 0;
                      for (auto& s : m.services) n += s->write_behind.in_flight();
                      return static_cast<double>(n);
                    });
  if (m.config.memory.worker && m.config.memory.event_partitions > 0) {
    m.memory_worker = std::make_unique<MemoryWorker>(m.config, *m.embedder, "serve", memory::CommitObserver{},
                                                     &m.extractor->get());
    m.memory_worker->Start();
  }
  if (m.payments && m.config.payments.reconcile_interval_s > 0) {  // lapsed holds: released, charges voided
    asio::co_spawn(m.http->context(0),
                   flightly::RunReconciler(m.services[0]->pg, *m.payments,
                                           std::chrono::seconds(m.config.payments.reconcile_interval_s),
                                           m.config.payments.reconcile_grace_s),
                   core::log::ExceptionLogger("booking reconciler"));
  }
  m.http->set_before_exit([&m] { return m.DrainWriteBehind(); });
  CONTRAIL_TRY(int port, m.http->Listen());
  core::log::Info("listening", {{"host", o.host}, {"port", port}, {"threads", o.threads},
                                {"models", static_cast<unsigned long>(m.models.all().size())},
                                {"auth", m.config.auth.mode}});
  if (m.config.auth.mode == "off") {
    core::log::Warn("AUTHENTICATION IS OFF: every caller may act as any user and reach the admin routes; "
                    "for local development only (serving loopback only)", {{"host", o.host}});
  }
  return port;
}

void App::Run() {
  impl_->http->Run();
  // After the last turns were stored: what they wrote waits in the streams for the next worker.
  if (impl_->memory_worker) impl_->memory_worker->Stop();
}

std::vector<Router::RouteInfo> App::routes() const { return impl_->router.routes(); }

void App::Stop() {
  if (impl_->http) impl_->http->Stop();
}

}  // namespace contrail::server
