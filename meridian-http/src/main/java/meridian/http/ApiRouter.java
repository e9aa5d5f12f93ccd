package meridian.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import meridian.http.openapi.Operation;

/**
 * Registers each route under {@code /api/v1} and, the same, under {@code /v1} (contract §2), and
 * keeps a record of them: each registration answers the {@link Operation} that describes the route
 * in the OpenAPI document, so a route is described where it is registered.
 */
public final class ApiRouter {
  private static final String[] PREFIXES = {"/api/v1", "/v1"};
  private final RoutesConfig routes;
  private final List<Operation> operations = Collections.synchronizedList(new ArrayList<>());

  public ApiRouter(RoutesConfig routes) {
    this.routes = routes;
  }

  public Operation get(String path, Handler handler) {
    return add(HandlerType.GET, path, handler);
  }

  public Operation post(String path, Handler handler) {
    return add(HandlerType.POST, path, handler);
  }

  public Operation put(String path, Handler handler) {
    return add(HandlerType.PUT, path, handler);
  }

  public Operation patch(String path, Handler handler) {
    return add(HandlerType.PATCH, path, handler);
  }

  public Operation delete(String path, Handler handler) {
    return add(HandlerType.DELETE, path, handler);
  }

  /** Every route registered so far, in order, as the document describes it (under {@code /api/v1}). */
  public List<Operation> operations() {
    synchronized (operations) {
      return List.copyOf(operations);
    }
  }

  private Operation add(HandlerType method, String path, Handler handler) {
    for (String prefix : PREFIXES) {
      routes.addEndpoint(new io.javalin.router.Endpoint(method, prefix + path, handler));
    }
    Operation operation = new Operation(method.name(), path);
    operations.add(operation);
    return operation;
  }
}
