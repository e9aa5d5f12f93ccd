package meridian.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import meridian.core.engine.EntityServices;
import meridian.core.engine.read.Fields;
import meridian.core.Json;
import meridian.core.RequestReader;
import meridian.core.features.bulk.BulkService;
import meridian.core.features.connections.TestConnections;
import meridian.core.errors.ApiException;
import meridian.http.ApiRouter;
import meridian.http.Params;
import meridian.http.RequestBody;
import meridian.http.auth.AuthFilter;
import meridian.model.services.CreateDatabaseService;
import meridian.model.services.TestConnectionResult;

/** {@code /api/v1/services/databaseServices}: the common entity routes plus bulk (contract §5). */
public final class DatabaseServiceRoutes {
  private static final String BASE = "/services/databaseServices";

  private final EntityRoutes<CreateDatabaseService> common;
  private final BulkService<CreateDatabaseService> bulk;
  private final TestConnections tests;
  private final RequestReader reader;

  public DatabaseServiceRoutes(
      EntityServices<CreateDatabaseService> services, BulkService<CreateDatabaseService> bulk, TestConnections tests,
      RequestReader reader, Json json) {
    this.common = new EntityRoutes<>(services, reader, json);
    this.bulk = bulk;
    this.tests = tests;
    this.reader = reader;
  }

  public void mount(ApiRouter router) {
    // The literal routes go first so that they win over /{id}.
    router.put(BASE + "/bulk", this::bulk);
    router.get(BASE + "/bulk/{jobId}", this::bulkJob);
    router.post(BASE + "/testConnection", this::testProposed);
    router.post(BASE + "/{id}/testConnection", this::testSaved);
    router.put(BASE + "/{id}/testConnectionResult", this::keepResult);
    common.mount(router);
  }

  /** A proposed service's connection tested, nothing stored (issue 9 §3): the TestConnectionResult. */
  private void testProposed(Context ctx) {
    CreateDatabaseService request = reader.read(RequestBody.json(ctx), CreateDatabaseService.class);
    common.send(ctx, 200, tests.testProposed(request, AuthFilter.principal(ctx)));
  }

  /** A saved service's connection tested; the result is kept as its testConnectionResult. */
  private void testSaved(Context ctx) {
    common.send(ctx, 200, tests.testSaved(Params.id(ctx, "id", "databaseService"), AuthFilter.principal(ctx)));
  }

  /** OM's {@code PUT /{id}/testConnectionResult} (spec §3.11): the service, with the result, no new version. */
  private void keepResult(Context ctx) {
    TestConnectionResult result = reader.read(RequestBody.json(ctx), TestConnectionResult.class);
    var service = tests.keep(Params.id(ctx, "id", "databaseService"), result, AuthFilter.principal(ctx));
    common.sendEntity(ctx, 200, service, common.render(ctx, service, Fields.of("testConnectionResult")));
  }

  private void bulk(Context ctx) {
    List<JsonNode> items = bulk.items(reader.tree(RequestBody.read(ctx, RequestBody.Accepts.JSON, RequestBody.MAX_BULK_BODY)));
    if (Params.flag(ctx, "async")) {
      UUID job = bulk.submit(items, AuthFilter.principal(ctx));
      common.send(ctx, 202, Map.of("jobId", job.toString()));
    } else {
      common.send(ctx, 200, bulk.run(items, AuthFilter.principal(ctx)));
    }
  }

  /** 202 with the job's state while it runs; 200 with its BulkOperationResult once done. */
  private void bulkJob(Context ctx) {
    String raw = ctx.pathParam("jobId");
    BulkService.Job job = parse(raw).flatMap(bulk::job).orElseThrow(() -> ApiException.notFound("bulkJob", raw));
    if (job.result() == null) {
      common.send(ctx, 202, Map.of("jobId", job.id().toString(), "status", job.status()));
    } else {
      ctx.status(job.status().equals("completed") ? 200 : 500).contentType("application/json").result(job.result());
    }
  }

  private static Optional<UUID> parse(String raw) {
    try {
      return Optional.of(UUID.fromString(raw));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
