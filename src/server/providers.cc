#include "server/providers.h"

#include "agent/agent_model.h"
#include "flightly/agents/travel_agent.h"
#include "flightly/offline/offline_model.h"
#include "llm/anthropic.h"
#include "llm/bedrock.h"
#include "llm/openai_compat.h"
#include "llm/resilient_model.h"

namespace contrail::server {

namespace {

using std::chrono::milliseconds;

void AddGuarded(ModelRegistry& models, std::unique_ptr<llm::ChatModel> model, const core::Config& c,
                const std::string& provider) {
  std::string name = provider + ":" + model->id();
  models.Add(llm::MakeResilientModel(std::move(model), net::GuardOptionsFrom(c.resilience, std::move(name))));
}

void AddOpenAi(ModelRegistry& models, const core::Config& c) {
  if (c.openai.base_url.empty()) return;
  for (const std::string& name : c.openai.models) {
    llm::OpenAiCompatOptions o;
    o.base_url = c.openai.base_url;
    o.api_key = c.openai.api_key;
    o.model = name;
    o.connect_timeout = milliseconds(c.openai.connect_timeout_ms);
    o.timeout = milliseconds(c.openai.timeout_ms);
    AddGuarded(models, llm::MakeOpenAiCompatModel(std::move(o)), c, "openai");
  }
}

void AddAnthropic(ModelRegistry& models, const core::Config& c) {
  if (c.anthropic.api_key.empty()) return;
  for (const std::string& name : c.anthropic.models) {
    llm::AnthropicOptions o;
    o.base_url = c.anthropic.base_url;
    o.api_key = c.anthropic.api_key;
    o.model = name;
    o.version = c.anthropic.version;
    o.default_max_tokens = c.anthropic.max_tokens;
    o.connect_timeout = milliseconds(c.anthropic.connect_timeout_ms);
    o.timeout = milliseconds(c.anthropic.timeout_ms);
    AddGuarded(models, llm::MakeAnthropicModel(std::move(o)), c, "anthropic");
  }
}

core::Status AddBedrock(ModelRegistry& models, const core::Config& c) {
  if (!c.bedrock.enabled) return core::Ok();
  if (c.bedrock.access_key_id.empty() || c.bedrock.secret_access_key.empty()) {
    return core::InvalidArgument("bedrock.enabled is true but there are no AWS credentials: set AWS_ACCESS_KEY_ID and "
                                 "AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones) or bedrock.access_key_id/secret_access_key");
  }
  for (const std::string& name : c.bedrock.models) {
    llm::BedrockOptions o;
    o.region = c.bedrock.region;
    o.credentials = {c.bedrock.access_key_id, c.bedrock.secret_access_key, c.bedrock.session_token};
    o.endpoint = c.bedrock.endpoint;
    o.model_id = name;
    o.connect_timeout = milliseconds(c.bedrock.connect_timeout_ms);
    o.timeout = milliseconds(c.bedrock.timeout_ms);
    AddGuarded(models, llm::MakeBedrockModel(std::move(o)), c, "bedrock");
  }
  return core::Ok();
}

}  // namespace

core::Result<ModelRegistry> BuildModels(const core::Config& config) {
  ModelRegistry models;
  models.Add(flightly::offline::MakeOfflineModel());
  AddOpenAi(models, config);
  AddAnthropic(models, config);
  CONTRAIL_TRY_STATUS(AddBedrock(models, config));
  if (config.agent.enabled) {
    llm::ChatModel* inner = models.Find(config.agent.model);
    if (inner == nullptr || dynamic_cast<agent::AgentModel*>(inner) != nullptr) {
      return core::InvalidArgument("agent.model '" + config.agent.model + "' is not a configured model");
    }
    models.Add(std::make_shared<agent::AgentModel>(std::string(flightly::kTravelAgentModelId),
                                                   flightly::TravelAgentSpec(config.agent), *inner));
  }
  if (models.Find(config.chat.default_model) == nullptr) {
    return core::InvalidArgument("chat.default_model '" + config.chat.default_model + "' is not a configured model");
  }
  return models;
}

}  // namespace contrail::server
