package meridian.http.routes;

import io.javalin.http.Context;
import meridian.core.Json;
import meridian.core.RequestReader;
import meridian.core.engine.EntityServices;
import meridian.core.features.bulk.BulkService;
import meridian.core.features.connections.Workflows;
import meridian.http.ApiRouter;
import meridian.http.openapi.Schemas;
import meridian.http.Params;
import meridian.http.auth.AuthFilter;
import meridian.model.automations.CreateWorkflow;

/** OM's {@code /v1/automations/workflows}: the common entity routes plus trigger, which this server runs itself. */
public final class WorkflowRoutes {
  private final EntityRoutes<CreateWorkflow> common;
  private final Workflows workflows;

  public WorkflowRoutes(EntityServices<CreateWorkflow> services, Workflows workflows, BulkService bulk, RequestReader reader, Json json) {
    this.common = new EntityRoutes<>(services, bulk, reader, json);
    this.workflows = workflows;
  }

  public void mount(ApiRouter router) {
    router.post("/automations/workflows/trigger/{id}", this::trigger).tag("automations/workflows")
        .summary("Run a workflow (a connection test) in the server; its status and response follow on the workflow")
        .answers(200, "Accepted", Schemas.om("entity/services/ingestionPipelines/pipelineServiceClientResponse.json"));
    common.mount(router);
  }

  /** OM answers 200 with a PipelineServiceClientResponse; the workflow's status and response follow. */
  private void trigger(Context ctx) {
    common.send(ctx, 200, workflows.trigger(Params.id(ctx, "id", "workflow"), AuthFilter.principal(ctx)));
  }
}
