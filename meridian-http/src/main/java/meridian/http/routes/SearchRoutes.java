package meridian.http.routes;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import meridian.core.Json;
import meridian.core.engine.search.SearchService;
import meridian.http.ApiRouter;
import meridian.http.Params;
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
        Params.integer(ctx, "from", 0),
        Params.integer(ctx, "size", 10),
        deleted(ctx),
        ctx.queryParam("sort_field"),
        ctx.queryParam("sort_order"),
        ctx.queryParam("query_filter"),
        ctx.queryParam("post_filter"),
        Params.flag(ctx, "track_total_hits", false),
        Params.flag(ctx, "fetch_source", true),
        list(ctx, "include_source_fields"),
        list(ctx, "exclude_source_fields"));
    ctx.status(200).contentType("application/json")
        .result(json.writeBytes(search.search(request, AuthFilter.principal(ctx), EntityRoutes.apiRoot(ctx))));
  }

  private static String or(String value, String otherwise) {
    return value == null || value.isEmpty() ? otherwise : value;
  }

  /** {@code deleted}: live entities unless it is true (Meridian's default; OM's newest applies no filter when it is absent). */
  private static Boolean deleted(Context ctx) {
    return Params.flag(ctx, "deleted", false);
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
