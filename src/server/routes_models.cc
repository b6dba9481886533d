// GET /v1/models and /v1/models/{id}: the configured chat models, as OpenAI lists them.

#include "core/json_writer.h"
#include "server/respond.h"
#include "server/routes.h"
#include "server/services.h"

namespace contrail::server {

namespace {

// One entry of /v1/models, as OpenAI lists it.
void WriteModel(core::JsonWriter& w, const llm::ChatModel& model) {
  w.BeginObject().Key("id").String(model.id()).Key("object").String("model").Key("created").Int(1764028800);
  w.Key("owned_by").String(model.built_in() ? "contrail" : "provider").EndObject();
}

}  // namespace

Handler ListModels(RouteContext& ctx) {
  std::string body;
  core::JsonWriter w(body);
  w.BeginObject().Key("object").String("list").Key("data").BeginArray();
  for (const llm::ChatModel* model : ctx.services.models.all()) WriteModel(w, *model);
  w.EndArray().EndObject();
  co_return JsonResponse(200, std::move(body));
}

Handler GetModel(RouteContext& ctx) {
  const std::string& id = ctx.params[0];
  const llm::ChatModel* model = ctx.services.models.Find(id);
  if (model == nullptr) {
    co_return ErrorResponse(core::Error(core::Code::kModelNotFound, "The model `" + id + "` does not exist", "model"));
  }
  std::string body;
  core::JsonWriter w(body);
  WriteModel(w, *model);
  co_return JsonResponse(200, std::move(body));
}

}  // namespace contrail::server
