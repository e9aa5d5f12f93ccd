package meridian.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** Registers each route under {@code /api/v1} and, the same, under {@code /v1} (contract §2). */
public final class ApiRouter {
  private static final String[] PREFIXES = {"/api/v1", "/v1"};
  private final RoutesConfig routes;

  public ApiRouter(RoutesConfig routes) {
    this.routes = routes;
  }

  public ApiRouter get(String path, Handler handler) {
    return add(HandlerType.GET, path, handler);
  }

  public ApiRouter post(String path, Handler handler) {
    return add(HandlerType.POST, path, handler);
  }

  public ApiRouter put(String path, Handler handler) {
    return add(HandlerType.PUT, path, handler);
  }

  public ApiRouter patch(String path, Handler handler) {
    return add(HandlerType.PATCH, path, handler);
  }

  public ApiRouter delete(String path, Handler handler) {
    return add(HandlerType.DELETE, path, handler);
  }

  private ApiRouter add(HandlerType method, String path, Handler handler) {
    for (String prefix : PREFIXES) {
      routes.addEndpoint(new io.javalin.router.Endpoint(method, prefix + path, handler));
    }
    return this;
  }
}
