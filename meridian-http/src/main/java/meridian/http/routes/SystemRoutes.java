package meridian.http.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;
import meridian.core.Json;
import meridian.core.features.auth.TokenService;
import meridian.http.ApiRouter;
import meridian.http.openapi.Schemas;
import meridian.http.BuildInfo;

/** The endpoints that are not entities (contract §2). */
public final class SystemRoutes {
  private final BooleanSupplier healthy;
  private final java.util.function.Supplier<String> search;
  private final TokenService tokens;
  private final PrometheusMeterRegistry metrics;
  private final BuildInfo build;
  private final Json json;

  /** @param search the search index's state for /healthz ("ready", or "building (n of m)" while the server answers) */
  public SystemRoutes(BooleanSupplier healthy, java.util.function.Supplier<String> search, TokenService tokens,
      PrometheusMeterRegistry metrics, BuildInfo build, Json json) {
    this.healthy = healthy;
    this.search = search;
    this.tokens = tokens;
    this.metrics = metrics;
    this.build = build;
    this.json = json;
  }

  public void mount(RoutesConfig routes, ApiRouter api) {
    routes.get("/healthz", this::health);
    routes.get("/metrics", this::metrics);
    api.get("/system/version", this::version).tag("system").open().summary("The server's version")
        .answers(200, "The version", Schemas.om("api/openMetadataServerVersion.json"));
    api.get("/system/config/jwks", this::jwks).tag("system").open().summary("The public keys that verify the server's tokens")
        .answers(200, "A JWK set", Schemas.required(Schemas.object("keys", Schemas.array(Schemas.type("object"))), "keys"));
  }

  private void health(Context ctx) {
    boolean up = healthy.getAsBoolean();
    Map<String, String> body = new java.util.LinkedHashMap<>();
    body.put("status", up ? "ok" : "unavailable");
    body.put("search", search.get());
    send(ctx, up ? 200 : 503, body);
  }

  private void version(Context ctx) {
    send(ctx, 200, Map.of("version", build.version(), "revision", build.revision(), "timestamp", build.timestamp()));
  }

  private void jwks(Context ctx) {
    send(ctx, 200, tokens.jwks());
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  private void send(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(json.writeBytes(body));
  }
}
