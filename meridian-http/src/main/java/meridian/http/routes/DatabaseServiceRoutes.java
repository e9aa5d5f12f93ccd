package meridian.http.routes;

import io.javalin.http.Context;
import meridian.core.Json;
import meridian.core.RequestReader;
import meridian.core.engine.EntityServices;
import meridian.core.engine.read.Fields;
import meridian.core.features.bulk.BulkService;
import meridian.core.features.connections.TestConnections;
import meridian.http.ApiRouter;
import meridian.http.openapi.Schemas;
import meridian.http.Params;
import meridian.http.RequestBody;
import meridian.http.auth.AuthFilter;
import meridian.model.services.CreateDatabaseService;
import meridian.model.services.TestConnectionResult;

/** {@code /api/v1/services/databaseServices}: the common entity routes (with bulk, contract §5) plus test connection. */
public final class DatabaseServiceRoutes {
  private static final String BASE = "/services/databaseServices";

  private final EntityRoutes<CreateDatabaseService> common;
  private final TestConnections tests;
  private final RequestReader reader;

  public DatabaseServiceRoutes(
      EntityServices<CreateDatabaseService> services, BulkService bulk, TestConnections tests, RequestReader reader, Json json) {
    this.common = new EntityRoutes<>(services, bulk, reader, json);
    this.tests = tests;
    this.reader = reader;
  }

  public void mount(ApiRouter router) {
    // The literal routes go first so that they win over /{id}.
    String tag = "services/databaseServices";
    var result = Schemas.om("entity/services/connections/testConnectionResult.json");
    router.post(BASE + "/testConnection", this::testProposed).tag(tag)
        .summary("Test a proposed service's connection from the server; nothing is stored")
        .body(Schemas.om("api/services/createDatabaseService.json")).answers(200, "Each step's outcome", result);
    router.post(BASE + "/{id}/testConnection", this::testSaved).tag(tag).summary("Test a saved service's connection from the server")
        .answers(200, "Each step's outcome", result);
    router.put(BASE + "/{id}/testConnectionResult", this::keepResult).tag(tag).summary("Keep a test's result on the service")
        .body(result).answers(200, "The service", Schemas.om("entity/services/databaseService.json"));
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

}
