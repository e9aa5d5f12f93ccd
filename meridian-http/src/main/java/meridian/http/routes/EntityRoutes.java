package meridian.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.UUID;
import meridian.core.Entity;
import meridian.core.EntityQueries;
import meridian.core.EntityRepository;
import meridian.core.Fields;
import meridian.core.Json;
import meridian.core.Preconditions;
import meridian.core.Principal;
import meridian.core.RequestReader;
import meridian.core.Target;
import meridian.core.WriteResult;
import meridian.core.errors.ApiException;
import meridian.http.ApiRouter;
import meridian.http.Params;
import meridian.http.RequestBody;
import meridian.http.auth.AuthFilter;
import meridian.model.Paging;
import meridian.model.RestoreEntity;

/**
 * The handlers every entity type has — the whole OM lifecycle (spec §3.1–3.9) — for one kind.
 * The per-type {@code *Routes} classes mount these and add what only their type has. Each
 * handler parses, makes one call into core and renders the result.
 */
public final class EntityRoutes<C> {
  private final EntityRepository<C> repository;
  private final EntityQueries<C> queries;
  private final RequestReader reader;
  private final Json json;
  private final Fields writeFields;

  public EntityRoutes(EntityRepository<C> repository, EntityQueries<C> queries, RequestReader reader, Json json, Fields writeFields) {
    this.repository = repository;
    this.queries = queries;
    this.reader = reader;
    this.json = json;
    this.writeFields = writeFields;
  }

  public void mount(ApiRouter router) {
    String base = "/" + repository.kind().collectionPath();
    router.get(base, this::list);
    router.post(base, this::create);
    router.put(base, this::createOrUpdate);
    router.put(base + "/restore", this::restore);
    router.get(base + "/name/{fqn}", this::getByName);
    router.patch(base + "/name/{fqn}", ctx -> patch(ctx, Target.byName(ctx.pathParam("fqn"))));
    router.delete(base + "/name/{fqn}", ctx -> delete(ctx, Target.byName(ctx.pathParam("fqn"))));
    router.get(base + "/{id}/versions", this::versions);
    router.get(base + "/{id}/versions/{version}", this::version);
    router.get(base + "/{id}", this::get);
    router.patch(base + "/{id}", ctx -> patch(ctx, Target.byId(id(ctx))));
    router.delete(base + "/{id}", ctx -> delete(ctx, Target.byId(id(ctx))));
  }

  void list(Context ctx) {
    Fields fields = Params.fields(ctx, repository.kind().fieldNames());
    String domain = ctx.queryParam("domain");
    if (domain != null) {
      // No domain exists until the governance step, so the filter names an unknown one (spec §3.1).
      throw ApiException.notFound("domain", domain);
    }
    EntityQueries.Page page =
        queries.list(Params.include(ctx), Params.limit(ctx), ctx.queryParam("before"), ctx.queryParam("after"), fields);
    ObjectNode body = json.object();
    ArrayNode data = body.putArray("data");
    Principal principal = AuthFilter.principal(ctx);
    page.items().forEach(entity -> data.add(repository.view().render(entity, fields, principal, apiRoot(ctx))));
    body.set("paging", json.tree(new Paging(page.before(), page.after(), page.total())));
    send(ctx, 200, body);
  }

  void create(Context ctx) {
    C request = reader.read(RequestBody.json(ctx), repository.kind().requestType());
    WriteResult result = repository.create(request, AuthFilter.principal(ctx));
    ObjectNode body = render(ctx, result.entity(), writeFields);
    ctx.header("Location", body.get("href").asText());
    respond(ctx, result, body);
  }

  void createOrUpdate(Context ctx) {
    C request = reader.read(RequestBody.json(ctx), repository.kind().requestType());
    WriteResult result = repository.createOrUpdate(request, AuthFilter.principal(ctx), ctx.header("If-Match"));
    respond(ctx, result, render(ctx, result.entity(), writeFields));
  }

  void patch(Context ctx, Target target) {
    WriteResult result =
        repository.patch(target, reader.tree(RequestBody.read(ctx, RequestBody.Accepts.JSON_PATCH, RequestBody.MAX_BODY)), AuthFilter.principal(ctx), ctx.header("If-Match"));
    respond(ctx, result, render(ctx, result.entity(), writeFields));
  }

  void delete(Context ctx, Target target) {
    Params.flag(ctx, "recursive");
    WriteResult result =
        repository.delete(target, Params.flag(ctx, "hardDelete"), AuthFilter.principal(ctx), ctx.header("If-Match"));
    respond(ctx, result, render(ctx, result.entity(), writeFields));
  }

  void restore(Context ctx) {
    RestoreEntity request = reader.read(RequestBody.json(ctx), RestoreEntity.class);
    if (request.id() == null) {
      throw ApiException.badRequest("[query param id must not be null]");
    }
    WriteResult result = repository.restore(request.id(), AuthFilter.principal(ctx));
    respond(ctx, result, render(ctx, result.entity(), writeFields));
  }

  void get(Context ctx) {
    Fields fields = Params.fields(ctx, repository.kind().fieldNames());
    Entity entity = repository.get(Target.byId(id(ctx)), Params.include(ctx), fields);
    sendEntity(ctx, 200, entity, render(ctx, entity, fields));
  }

  void getByName(Context ctx) {
    Fields fields = Params.fields(ctx, repository.kind().fieldNames());
    Entity entity = repository.get(Target.byName(ctx.pathParam("fqn")), Params.include(ctx), fields);
    sendEntity(ctx, 200, entity, render(ctx, entity, fields));
  }

  /** {@code {"entityType", "versions": [JSON strings, newest first]}} (spec §3.9). */
  void versions(Context ctx) {
    EntityQueries.History history = queries.history(id(ctx));
    Principal principal = AuthFilter.principal(ctx);
    ObjectNode body = json.object();
    body.put("entityType", repository.kind().entityType());
    ArrayNode versions = body.putArray("versions");
    versions.add(json.write(render(ctx, history.current(), writeFields)));
    history.older().forEach(old -> versions.add(json.write(repository.view().renderSnapshot(old, principal))));
    send(ctx, 200, body);
  }

  void version(Context ctx) {
    send(ctx, 200, queries.version(id(ctx), ctx.pathParam("version"), AuthFilter.principal(ctx), writeFields, apiRoot(ctx)));
  }

  private UUID id(Context ctx) {
    return Params.id(ctx, "id", repository.kind().entityType());
  }

  ObjectNode render(Context ctx, Entity entity, Fields fields) {
    return repository.view().render(entity, fields, AuthFilter.principal(ctx), apiRoot(ctx));
  }

  void respond(Context ctx, WriteResult result, ObjectNode body) {
    ctx.header("X-OpenMetadata-Change", result.change().header());
    sendEntity(ctx, result.status(), result.entity(), body);
  }

  void sendEntity(Context ctx, int status, Entity entity, ObjectNode body) {
    ctx.header("ETag", Preconditions.etag(entity.versionTenths()));
    send(ctx, status, body);
  }

  void send(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(json.writeBytes(body));
  }

  /** The base of {@code href}s: OM computes them from the request's base URI (spec §1.1). */
  static String apiRoot(Context ctx) {
    return ctx.scheme() + "://" + ctx.host() + "/api";
  }
}
