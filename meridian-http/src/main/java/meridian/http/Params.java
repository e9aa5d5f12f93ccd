package meridian.http;

import io.javalin.http.Context;
import java.util.UUID;
import meridian.core.engine.read.Fields;
import meridian.core.errors.ApiException;
import meridian.model.Include;

/** Typed parsing of query and path parameters, with OM's messages (spec §1.9, §1.10, §7). */
public final class Params {
  private Params() {}

  public static Include include(Context ctx) {
    String value = ctx.queryParam("include");
    if (value == null) {
      return Include.NON_DELETED;
    }
    return Include.parse(value)
        .orElseThrow(() -> ApiException.badRequest("query param include must be one of [all, deleted, non-deleted]"));
  }

  public static Fields fields(Context ctx, java.util.Set<String> allowed) {
    return Fields.parse(ctx.queryParam("fields"), allowed);
  }

  /** A path id that is not a UUID names no entity: 404 with OM's message (spec §3). */
  public static UUID id(Context ctx, String param, String entityType) {
    String raw = ctx.pathParam(param);
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound(entityType, raw);
    }
  }

  /** {@code limit}: an integer, default 10; its range is checked where it is used (spec §3.1). */
  public static int limit(Context ctx) {
    return integer(ctx, "limit", 10);
  }

  /** An integer query parameter, {@code otherwise} when absent; its range is checked where it is used. */
  public static int integer(Context ctx, String name, int otherwise) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return otherwise;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("query param " + name + " must be an integer, not " + value);
    }
  }

  public static boolean flag(Context ctx, String name) {
    return flag(ctx, name, false);
  }

  /** A true/false query parameter, {@code otherwise} when absent; anything else is a 400 naming it. */
  public static boolean flag(Context ctx, String name, boolean otherwise) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return otherwise;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw ApiException.badRequest("query param " + name + " must be true or false, not " + value);
  }
}
