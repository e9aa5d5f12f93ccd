package meridian.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

/** Registers each route under {@code /api/v1} and, the same, under {@code /v1} (contract §2). */
public final class ApiRouter {
  private static final String[] PREFIXES = {"/api/v1", "/v1"};
  private final RoutesConfig routes;

  public ApiRouter(RoutesConfig routes) {
    this.routes = routes;
  }

  public ApiRouter get(String path, Handler handler) {
    for (String prefix : PREFIXES) {
      routes.get(prefix + path, handler);
    }
    return this;
  }

  public ApiRouter post(String path, Handler handler) {
    for (String prefix : PREFIXES) {
      routes.post(prefix + path, handler);
    }
    return this;
  }

  public ApiRouter patch(String path, Handler handler) {
    for (String prefix : PREFIXES) {
      routes.patch(prefix + path, handler);
    }
    return this;
  }

  public ApiRouter delete(String path, Handler handler) {
    for (String prefix : PREFIXES) {
      routes.delete(prefix + path, handler);
    }
    return this;
  }

  public ApiRouter put(String path, Handler handler) {
    for (String prefix : PREFIXES) {
      routes.put(prefix + path, handler);
    }
    return this;
  }
}
