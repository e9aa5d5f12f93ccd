package meridian.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.UUID;
import meridian.core.Json;
import meridian.core.errors.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of error bodies: OM's {@code {"code", "message"}} (spec §1.2). Anything that is
 * not a known client error becomes a 500 whose body carries only a log id; the log line with
 * that id has the stack trace. A 500 is always a bug.
 */
public final class ErrorMapper {
  static final String WRITTEN = "meridian.error-written";
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private final Json json;

  public ErrorMapper(Json json) {
    this.json = json;
  }

  public void apiError(ApiException e, Context ctx) {
    write(ctx, e.status(), e.getMessage(), e.errorType());
    if (e.status() == 401 || e.status() == 403 || e.status() == 404 || e.status() == 409 || e.status() == 412) {
      // OM's static error helper adds this header to these statuses (spec §1.2).
      ctx.header("WWW-Authenticate", "om-auth");
    }
  }

  public void httpError(HttpResponseException e, Context ctx) {
    String message =
        switch (e.getStatus()) {
          case 413 -> "Request body too large";
          case 404 -> "HTTP 404 Not Found";
          case 405 -> "HTTP 405 Method Not Allowed";
          default -> e.getMessage();
        };
    write(ctx, e.getStatus(), message, null);
  }

  public void unexpected(Exception e, Context ctx) {
    java.util.Optional<ApiException> store = meridian.core.engine.store.StoreErrors.of(e);
    if (store.isPresent()) {
      // One line, without the driver's text (it may name hosts or users): the store's state is
      // what /healthz and the pool metrics show.
      LOG.warn("{} {} answered {}: {}", ctx.method(), ctx.path(), store.get().status(), e.getClass().getSimpleName());
      apiError(store.get(), ctx);
      if (store.get().status() == 503) {
        ctx.header("Retry-After", "5");
      }
      return;
    }
    String id = UUID.randomUUID().toString();
    LOG.error("unhandled error {} on {} {}", id, ctx.method(), ctx.path(), e);
    write(ctx, 500, "Internal error " + id + "; the server log has the details", null);
  }

  /** For requests no route matched. */
  public void notFound(Context ctx) {
    if (ctx.attribute(WRITTEN) == null) {
      write(ctx, 404, "HTTP 404 Not Found", null);
    }
  }

  void write(Context ctx, int status, String message, String errorType) {
    ObjectNode body = json.object();
    body.put("code", status);
    if (errorType != null) {
      body.put("errorType", errorType);
    }
    body.put("message", message);
    ctx.attribute(WRITTEN, Boolean.TRUE);
    ctx.status(status).contentType("application/json").result(json.writeBytes(body));
  }
}
