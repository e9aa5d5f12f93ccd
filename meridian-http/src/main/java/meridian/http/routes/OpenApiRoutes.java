package meridian.http.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import meridian.core.Json;
import meridian.http.ApiRouter;
import meridian.http.openapi.OpenApiDocument;
import meridian.http.openapi.Schemas;

/**
 * The OpenAPI document of the routes registered on {@code api}: at {@code /api/v1/openapi.json}
 * (behind the token, as every {@code /api/v1} route but contract §3's) and at OM's
 * {@code /swagger.json} (outside the API, open like OM's). Built on first request, when every
 * route is registered, and kept: the routes do not change while the server runs.
 */
public final class OpenApiRoutes {
  private final Json json;
  private final String version;
  private volatile byte[] document;
  private ApiRouter api;

  public OpenApiRoutes(Json json, String version) {
    this.json = json;
    this.version = version;
  }

  public void mount(RoutesConfig routes, ApiRouter api) {
    this.api = api;
    api.get("/openapi.json", this::send).tag("system").summary("This document: every route with its parameters, bodies and answers")
        .answers(200, "The OpenAPI 3.1 document", Schemas.required(Schemas.object("openapi", Schemas.type("string"),
            "paths", Schemas.type("object"), "components", Schemas.type("object")), "openapi", "paths"));
    routes.get("/swagger.json", this::send);
  }

  /** The document as built from the routes registered so far. */
  public ObjectNode build() {
    return OpenApiDocument.build(json.mapper(), api.operations(), version);
  }

  private void send(Context ctx) {
    ctx.status(200).contentType("application/json").result(document());
  }

  /** Built once, by the first request; the others wait for it rather than build it again. */
  private byte[] document() {
    byte[] body = document;
    if (body == null) {
      synchronized (this) {
        body = document;
        if (body == null) {
          body = json.writeBytes(build());
          document = body;
        }
      }
    }
    return body;
  }
}
