package meridian.http.routes;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import meridian.core.Json;
import meridian.core.engine.search.SearchService;
import meridian.core.errors.ApiException;
import meridian.http.ApiRouter;
import meridian.http.auth.AuthFilter;

/** {@code GET /api/v1/search/query}: OM's search, answered from the store's own index (docs/decisions.md, "Search"). */
public final class SearchRoutes {
  private final SearchService search;
  private final Json json;

  public SearchRoutes(SearchService search, Json json) {
    this.search = search;
    this.json = json;
  }

  public void mount(ApiRouter router) {
    router.get("/search/query", this::query);
  }

  private void query(Context ctx) {
    String q = ctx.queryParam("q");
    SearchService.Request request = new SearchService.Request(
        q == null ? "*" : q,
        or(ctx.queryParam("index"), "table_search_index"),
        integer(ctx, "from", 0),
        integer(ctx, "size", 10),
        deleted(ctx),
        ctx.queryParam("sort_field"),
        ctx.queryParam("sort_order"),
        ctx.queryParam("query_filter"),
        ctx.queryParam("post_filter"),
        bool(ctx, "track_total_hits", false),
        bool(ctx, "fetch_source", true),
        list(ctx, "include_source_fields"),
        list(ctx, "exclude_source_fields"));
    ctx.status(200).contentType("application/json")
        .result(json.writeBytes(search.search(request, AuthFilter.principal(ctx), EntityRoutes.apiRoot(ctx))));
  }

  private static String or(String value, String otherwise) {
    return value == null || value.isEmpty() ? otherwise : value;
  }

  private static int integer(Context ctx, String name, int otherwise) {
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

  private static boolean bool(Context ctx, String name, boolean otherwise) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return otherwise;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw ApiException.badRequest("query param " + name + " must be true or false, not " + value);
  }

  /** {@code deleted}: live entities unless it is true (Meridian's default; OM's newest applies no filter when it is absent). */
  private static Boolean deleted(Context ctx) {
    return bool(ctx, "deleted", false);
  }

  /** A list parameter, repeated or comma-separated. */
  private static List<String> list(Context ctx, String name) {
    List<String> out = new ArrayList<>();
    for (String value : ctx.queryParams(name)) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }
}
