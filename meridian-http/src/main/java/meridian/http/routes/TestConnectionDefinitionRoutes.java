package meridian.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import meridian.core.Json;
import meridian.core.Names;
import meridian.core.errors.ApiException;
import meridian.core.features.connections.TestConnectionDefinitions;
import meridian.core.features.connections.TestConnectionDefinitions.Definition;
import meridian.http.ApiRouter;
import meridian.http.openapi.Schemas;
import meridian.http.Params;

/**
 * OM's read-only {@code /v1/services/testConnectionDefinitions}: each type's test steps. A list
 * pages by name with OM's limits; a cursor is the base64url of the last name of a page.
 */
public final class TestConnectionDefinitionRoutes {
  private static final String BASE = "/services/testConnectionDefinitions";

  private final TestConnectionDefinitions definitions;
  private final Json json;

  public TestConnectionDefinitionRoutes(TestConnectionDefinitions definitions, Json json) {
    this.definitions = definitions;
    this.json = json;
  }

  public void mount(ApiRouter router) {
    String tag = "services/testConnectionDefinitions";
    var definition = Schemas.om("entity/services/connections/testConnectionDefinition.json");
    router.get(BASE, this::list).tag(tag).summary("The steps a connection test runs, per service type")
        .query("limit", "integer", "Page size").query("before", "string", "Cursor").query("after", "string", "Cursor")
        .answers(200, "A page", Schemas.page(definition));
    router.get(BASE + "/name/{name}", ctx -> send(ctx, definitions.byName(ctx.pathParam("name"))
        .orElseThrow(() -> ApiException.notFound("testConnectionDefinition", Names.abbreviate(ctx.pathParam("name"))))))
        .tag(tag).summary("A service type's test steps, by name (Postgres.testConnectionDefinition)").answers(200, "The definition", definition);
    router.get(BASE + "/{id}", ctx -> {
      UUID id = Params.id(ctx, "id", "testConnectionDefinition");
      send(ctx, definitions.byId(id).orElseThrow(() -> ApiException.notFound("testConnectionDefinition", id)));
    }).tag(tag).summary("A test definition by id").answers(200, "The definition", definition);
  }

  private void list(Context ctx) {
    int limit = Params.limit(ctx);
    if (limit < 0 || limit > 1_000_000) {
      throw ApiException.badRequest(limit < 0 ? "[query param limit must be greater than or equal to 0]"
          : "[query param limit must be less than or equal to 1000000]");
    }
    String after = decode(ctx.queryParam("after"));
    List<Definition> all = definitions.all();
    List<Definition> rest = all.stream().filter(d -> after == null || d.name().compareTo(after) > 0).toList();
    List<Definition> page = rest.subList(0, Math.min(limit, rest.size()));
    ObjectNode body = json.object();
    ArrayNode data = body.putArray("data");
    page.forEach(d -> data.add(definitions.render(d, EntityRoutes.apiRoot(ctx))));
    ObjectNode paging = body.putObject("paging");
    if (after != null && !page.isEmpty()) {
      paging.put("before", encode(page.get(0).name()));
    }
    if (rest.size() > page.size() && !page.isEmpty()) {
      paging.put("after", encode(page.get(page.size() - 1).name()));
    }
    paging.put("total", all.size());
    ctx.status(200).contentType("application/json").result(json.writeBytes(body));
  }

  private void send(Context ctx, Definition definition) {
    ctx.status(200).contentType("application/json").result(json.writeBytes(definitions.render(definition, EntityRoutes.apiRoot(ctx))));
  }

  private static String encode(String name) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("query param after is not a cursor this server gave out: " + Names.abbreviate(cursor));
    }
  }
}
