package meridian.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import meridian.core.errors.ApiException;
import meridian.http.auth.AuthFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Javalin application: error mapping, authentication, request log and metrics around
 * the routes of every entity type. It does not start it.
 */
public final class HttpApp {
  private static final Logger REQUESTS = LoggerFactory.getLogger("meridian.requests");

  private HttpApp() {}

  /**
   * @param mounts each registers its routes on the {@link ApiRouter} (the {@code *Routes} classes)
   * @param system the server's own routes (health, metrics, version, the OpenAPI document, the UI), given the raw routes
   *     config and the API router the entity routes are registered on
   */
  public static Javalin create(
      String host, int port, ErrorMapper errors, AuthFilter auth, PrometheusMeterRegistry metrics,
      List<Consumer<ApiRouter>> mounts, java.util.function.BiConsumer<io.javalin.config.RoutesConfig, ApiRouter> system) {
    return Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jetty.host = host;
      config.jetty.port = port;
      // The largest body any route takes (bulk); the other routes check their own lower limit.
      config.http.maxRequestSize = RequestBody.MAX_BULK_BODY;
      config.http.generateEtags = false;
      config.router.ignoreTrailingSlashes = true;
      // Jetty keeps the header fields a connection has sent and, by default, matches a new field
      // against them ignoring case: a bearer token that differs from an earlier one on the same
      // connection only in the case of some letters would be read as the earlier token.
      config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
      config.jetty.modifyServer(server -> {
        server.setStopTimeout(Duration.ofSeconds(20).toMillis());
        server.setErrorHandler(new JsonErrorHandler());
      });
      Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
      config.requestLogger.http((ctx, millis) -> logAndMeasure(metrics, timers, ctx, millis));

      config.routes.exception(ApiException.class, errors::apiError);
      config.routes.exception(HttpResponseException.class, errors::httpError);
      config.routes.exception(Exception.class, errors::unexpected);
      config.routes.error(404, "*", errors::notFound);
      // API answers are never stored by a browser or a proxy: an entity's ETag is its version, which
      // some changes (a workflow's status, a pipeline's last run) leave as it is, so a revalidated
      // copy would be stale. A route may say otherwise (the connection schemas are immutable).
      config.routes.before(ctx -> {
        if (ctx.path().startsWith("/api/") || ctx.path().startsWith("/v1/")) {
          ctx.header("Cache-Control", "no-store");
        }
      });
      config.routes.before(auth::handle);

      ApiRouter api = new ApiRouter(config.routes);
      system.accept(config.routes, api);
      mounts.forEach(mount -> mount.accept(api));
    });
  }

  /** A timer per method, route and status: looked up in a map rather than built and registered per request. */
  private record TimerKey(String method, String route, int status) {}

  /** One line per request: method, path, status, duration; never a body or a header value. */
  private static void logAndMeasure(PrometheusMeterRegistry metrics, Map<TimerKey, Timer> timers, Context ctx, float millis) {
    int status = ctx.status().getCode();
    String method = ctx.method().name();
    if (REQUESTS.isInfoEnabled()) {
      long tenths = Math.round(millis * 10.0);
      REQUESTS.info("{} {} {} {}.{}ms", method, ctx.path(), status, tenths / 10, tenths % 10);
    }
    String route;
    try {
      route = ctx.endpoint().path;
    } catch (RuntimeException e) {
      route = "unmatched";
    }
    timers.computeIfAbsent(new TimerKey(method, route, status), key -> Timer.builder("http.server.requests")
            .tag("method", key.method())
            .tag("route", key.route())
            .tag("status", Integer.toString(key.status()))
            .publishPercentileHistogram(false)
            .register(metrics))
        .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
  }
}
