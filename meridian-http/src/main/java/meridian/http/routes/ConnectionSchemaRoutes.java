package meridian.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import meridian.core.Json;
import meridian.core.errors.ApiException;
import meridian.core.features.secrets.ConnectionSchemas;
import meridian.http.ApiRouter;
import meridian.http.openapi.Schemas;

/**
 * OM's connection schemas for a form (the UI's add-service flow; OM's UI bundles them instead):
 * {@code GET /system/connectionSchemas/database} lists the service types, and
 * {@code GET /system/connectionSchemas/database/{serviceType}} answers the one the server validates
 * that type's connections with, every {@code $ref} inlined (docs/decisions.md, "Web UI").
 */
public final class ConnectionSchemaRoutes {
  private final ConnectionSchemas schemas;
  private final Json json;

  public ConnectionSchemaRoutes(ConnectionSchemas schemas, Json json) {
    this.schemas = schemas;
    this.json = json;
  }

  public void mount(ApiRouter router) {
    router.get("/system/connectionSchemas/database", this::types).tag("system")
        .summary("The database service types the server has a connection schema for")
        .answers(200, "The types", Schemas.page(Schemas.required(Schemas.object("serviceType", Schemas.type("string")), "serviceType")));
    router.get("/system/connectionSchemas/database/{serviceType}", this::schema).tag("system")
        .summary("A type's connection schema (OM's), every $ref inlined, for a form")
        .answers(200, "A JSON schema", Schemas.type("object"));
  }

  private void types(Context ctx) {
    ObjectNode body = json.object();
    ArrayNode data = body.putArray("data");
    schemas.types().forEach(type -> data.addObject().put("serviceType", type));
    body.putObject("paging").put("total", data.size());
    ctx.status(200).contentType("application/json").header("Cache-Control", "private, max-age=3600").result(json.writeBytes(body));
  }

  private void schema(Context ctx) {
    String type = ctx.pathParam("serviceType");
    var schema = schemas.formSchema(type).orElseThrow(() -> new ApiException(404, "No connection schema for serviceType " + type
        + "; GET /api/v1/system/connectionSchemas/database lists the types"));
    ctx.status(200).contentType("application/json").header("Cache-Control", "private, max-age=3600").result(json.writeBytes(schema));
  }
}
