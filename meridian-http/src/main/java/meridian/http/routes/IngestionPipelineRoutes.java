package meridian.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Arrays;
import meridian.core.Json;
import meridian.core.RequestReader;
import meridian.core.engine.EntityServices;
import meridian.core.errors.ApiException;
import meridian.core.features.bulk.BulkService;
import meridian.core.features.ingestion.Pipelines;
import meridian.core.kinds.ingestion.IngestionPipelineKind;
import meridian.http.ApiRouter;
import meridian.http.openapi.Schemas;
import meridian.http.Params;
import meridian.http.RequestBody;
import meridian.http.auth.AuthFilter;
import meridian.model.ingestion.CreateIngestionPipeline;

/**
 * OM's {@code /v1/services/ingestionPipelines} (ingestion spec §3.2): the common entity routes, plus
 * what OM's server asks of its pipeline service client, which this server answers itself.
 */
public final class IngestionPipelineRoutes {
  private static final String BASE = "/services/ingestionPipelines";

  private final EntityRoutes<CreateIngestionPipeline> common;
  private final Pipelines pipelines;
  private final RequestReader reader;
  private final Json json;

  public IngestionPipelineRoutes(
      EntityServices<CreateIngestionPipeline> services, Pipelines pipelines, BulkService bulk, RequestReader reader, Json json) {
    // This server holds metadata pipelines of database services only: a list for any other
    // pipelineType or serviceType (OM's filters) lists none.
    this.common = new EntityRoutes<>(services, bulk, reader, json).listingNoneWhen(
        ctx -> !includes(ctx, "pipelineType", IngestionPipelineKind.METADATA) || !includes(ctx, "serviceType", "databaseService"));
    this.pipelines = pipelines;
    this.reader = reader;
    this.json = json;
  }

  public void mount(ApiRouter router) {
    // The literal routes go first so that they win over /{id}.
    String tag = "services/ingestionPipelines";
    var client = Schemas.om("entity/services/ingestionPipelines/pipelineServiceClientResponse.json");
    var pipeline = Schemas.om("entity/services/ingestionPipelines/ingestionPipeline.json");
    var status = Schemas.ref(Schemas.om("entity/services/ingestionPipelines/ingestionPipeline.json").get("$ref").asText()
        + "/definitions/pipelineStatus");
    router.get(BASE + "/status", ctx -> common.send(ctx, 200, pipelines.runnerStatus())).tag(tag)
        .summary("The runner's state: the server itself runs ingestion").answers(200, "The runner", client);
    router.get(BASE + "/ip", ctx -> common.send(ctx, 200, pipelines.ip())).tag(tag)
        .summary("The address the server reaches sources from").answers(200, "The address", Schemas.object("ip", Schemas.type("string")));
    router.post(BASE + "/deploy/{id}", ctx -> common.send(ctx, 200, pipelines.deploy(id(ctx), AuthFilter.principal(ctx)))).tag(tag)
        .summary("Deploy a pipeline: its schedule is taken up by the server").answers(200, "Deployed", client);
    router.post(BASE + "/trigger/{id}", ctx -> common.send(ctx, 200, pipelines.trigger(id(ctx), AuthFilter.principal(ctx)))).tag(tag)
        .summary("Run a pipeline now; 409 while a run is going").answers(200, "Started", client);
    router.post(BASE + "/kill/{id}", ctx -> common.send(ctx, 200, pipelines.kill(id(ctx), AuthFilter.principal(ctx)))).tag(tag)
        .summary("Stop a pipeline's run").answers(200, "Stopped", client);
    router.post(BASE + "/toggleIngestion/{id}", ctx -> common.sendCurrent(ctx, pipelines.toggle(id(ctx), AuthFilter.principal(ctx))))
        .tag(tag).summary("Enable or disable a pipeline's schedule").answers(200, "The pipeline", pipeline);
    router.get(BASE + "/logs/{id}/last", ctx -> common.send(ctx, 200, pipelines.logs(id(ctx), AuthFilter.principal(ctx)))).tag(tag)
        .summary("The last run's log").answers(200, "The log by task", Schemas.type("object"));
    router.put(BASE + "/{fqn}/pipelineStatus", this::putStatus).tag(tag).summary("Record a run's status (OM's external runners)")
        .body(status).answers(201, "The change", Schemas.required(Schemas.object("eventType", Schemas.type("string"),
            "entityType", Schemas.type("string"), "entityFullyQualifiedName", Schemas.type("string"), "timestamp", Schemas.type("integer"),
            "changeDescription", Schemas.type("object")), "eventType", "entityType", "entityFullyQualifiedName", "timestamp"));
    router.get(BASE + "/{fqn}/pipelineStatus", ctx -> common.send(ctx, 200,
        pipelines.statuses(ctx.pathParam("fqn"), time(ctx, "startTs"), time(ctx, "endTs")))).tag(tag)
        .summary("The runs between two times").requiredQuery("startTs", "integer", "From (epoch milliseconds)")
        .requiredQuery("endTs", "integer", "To (epoch milliseconds)").answers(200, "The runs", Schemas.page(status));
    router.get(BASE + "/{fqn}/pipelineStatus/{runId}", ctx -> common.send(ctx, 200,
        pipelines.status(ctx.pathParam("fqn"), ctx.pathParam("runId")))).tag(tag).summary("One run").answers(200, "The run", status);
    // OM names the pipeline by id here; the template's parameter keeps the name the other routes of this
    // path give it, as OpenAPI allows one template per path.
    router.delete(BASE + "/{fqn}/pipelineStatus", ctx -> common.sendCurrent(ctx,
            pipelines.deleteStatuses(Params.id(ctx, "fqn", "ingestionPipeline"), AuthFilter.principal(ctx))))
        .tag(tag).summary("Forget a pipeline's runs (the path names the pipeline by its id)").answers(200, "The pipeline", pipeline);
    common.mount(router);
    router.operations().stream().filter(op -> op.method().equals("GET") && op.path().equals(BASE)).findFirst()
        .ifPresent(list -> list.query("pipelineType", "string", "Only this type (this server holds metadata pipelines)")
            .query("serviceType", "string", "Only pipelines of this kind of service (databaseService)"));
  }

  private static boolean includes(Context ctx, String param, String value) {
    String given = ctx.queryParam(param);
    return given == null || given.isBlank() || Arrays.stream(given.split(",")).map(String::strip).anyMatch(value::equals);
  }

  /** OM answers 201 with a ChangeEvent for a status written. */
  private void putStatus(Context ctx) {
    String fqn = ctx.pathParam("fqn");
    boolean created = pipelines.putStatus(fqn, reader.tree(RequestBody.read(ctx, RequestBody.Accepts.JSON, RequestBody.MAX_BODY)),
        AuthFilter.principal(ctx));
    ObjectNode event = json.object();
    event.put("eventType", "entityFieldsChanged");
    event.put("entityType", "ingestionPipeline");
    event.put("entityFullyQualifiedName", fqn);
    event.put("timestamp", System.currentTimeMillis());
    ObjectNode change = event.putObject("changeDescription");
    ArrayNode list = (created ? change.putArray("fieldsAdded") : change.putArray("fieldsUpdated"));
    list.addObject().put("name", "pipelineStatus");
    common.send(ctx, 201, event);
  }

  private static java.util.UUID id(Context ctx) {
    return Params.id(ctx, "id", "ingestionPipeline");
  }

  private static Long time(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a time in epoch milliseconds, not " + meridian.core.Names.abbreviate(value));
    }
  }
}
