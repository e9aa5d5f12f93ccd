package meridian.http.routes;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import meridian.core.Json;
import meridian.core.engine.search.SearchService;
import meridian.http.ApiRouter;
import meridian.http.openapi.Schemas;
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
    var hit = Schemas.object("_index", Schemas.type("string"), "_id", Schemas.type("string"), "_score", Schemas.any(),
        "_source", Schemas.type("object"), "sort", Schemas.type("array"));
    var hits = Schemas.object("total", Schemas.object("value", Schemas.type("integer"), "relation", Schemas.type("string")),
        "max_score", Schemas.any(), "hits", Schemas.array(hit));
    router.get("/search/query", this::query).tag("search").summary("Search the catalog (OM's search API, the store's own index)")
        .query("q", "string", "Words, prefixes (cust*), field:value, AND/OR/NOT; * for all")
        .query("index", "string", "table_search_index, database_service_search_index, ... or all")
        .query("from", "integer", "Offset").query("size", "integer", "Page size")
        .query("deleted", "boolean", "Deleted entities instead").query("sort_field", "string", "Field to sort by")
        .query("sort_order", "string", "asc or desc").query("query_filter", "string", "An Elasticsearch bool query (term, terms, match)")
        .query("post_filter", "string", "Filter after aggregations").query("track_total_hits", "boolean", "Count every hit")
        .query("fetch_source", "boolean", "Answer the documents").query("include_source_fields", "string", "Fields of the documents")
        .answers(200, "Hits and aggregations", Schemas.required(Schemas.object("hits", hits, "aggregations", Schemas.type("object"),
            "took", Schemas.type("integer"), "timed_out", Schemas.type("boolean")), "hits"));
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
