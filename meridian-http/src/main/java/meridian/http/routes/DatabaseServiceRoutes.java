package meridian.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import meridian.core.EntityServices;
import meridian.core.Json;
import meridian.core.RequestReader;
import meridian.core.bulk.BulkService;
import meridian.core.errors.ApiException;
import meridian.http.ApiRouter;
import meridian.http.Params;
import meridian.http.RequestBody;
import meridian.http.auth.AuthFilter;
import meridian.model.services.CreateDatabaseService;

/** {@code /api/v1/services/databaseServices}: the common entity routes plus bulk (contract §5). */
public final class DatabaseServiceRoutes {
  private static final String BASE = "/services/databaseServices";

  private final EntityRoutes<CreateDatabaseService> common;
  private final BulkService<CreateDatabaseService> bulk;
  private final RequestReader reader;

  public DatabaseServiceRoutes(
      EntityServices<CreateDatabaseService> services, BulkService<CreateDatabaseService> bulk, RequestReader reader, Json json) {
    this.common = new EntityRoutes<>(services, reader, json);
    this.bulk = bulk;
    this.reader = reader;
  }

  public void mount(ApiRouter router) {
    // The literal /bulk routes go first so that they win over /{id}.
    router.put(BASE + "/bulk", this::bulk);
    router.get(BASE + "/bulk/{jobId}", this::bulkJob);
    common.mount(router);
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
