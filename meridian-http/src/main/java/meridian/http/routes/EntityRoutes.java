package meridian.http.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import meridian.core.Entity;
import meridian.core.EntityRepository;
import meridian.core.Fields;
import meridian.core.Json;
import meridian.core.RequestReader;
import meridian.core.Versioning;
import meridian.core.WriteResult;
import meridian.core.errors.ApiException;
import meridian.http.ApiRouter;
import meridian.http.Params;
import meridian.http.auth.AuthFilter;

/**
 * The handlers every entity type has (create, upsert, get by id and by name), for one kind. The
 * per-type {@code *Routes} classes mount these and add what only their type has.
 */
public final class EntityRoutes<C> {
  /** Contract §6: a body over 16 MiB is refused before it is parsed. */
  public static final int MAX_BODY = 16 * 1024 * 1024;

  private final EntityRepository<C> repository;
  private final RequestReader reader;
  private final Json json;
  private final Fields writeFields;

  public EntityRoutes(EntityRepository<C> repository, RequestReader reader, Json json, Fields writeFields) {
    this.repository = repository;
    this.reader = reader;
    this.json = json;
    this.writeFields = writeFields;
  }

  public void mount(ApiRouter router) {
    String base = "/" + repository.kind().collectionPath();
    router.post(base, this::create);
    router.put(base, this::createOrUpdate);
    router.get(base + "/name/{fqn}", this::getByName);
    router.get(base + "/{id}", this::get);
  }

  void create(Context ctx) {
    C request = reader.read(body(ctx, MAX_BODY), repository.kind().requestType());
    WriteResult result = repository.create(request, AuthFilter.principal(ctx));
    ObjectNode body = render(ctx, result.entity(), writeFields);
    ctx.header("Location", body.get("href").asText());
    respond(ctx, result, body);
  }

  void createOrUpdate(Context ctx) {
    C request = reader.read(body(ctx, MAX_BODY), repository.kind().requestType());
    WriteResult result = repository.createOrUpdate(request, AuthFilter.principal(ctx));
    respond(ctx, result, render(ctx, result.entity(), writeFields));
  }

  void get(Context ctx) {
    Fields fields = Params.fields(ctx, repository.kind().fieldNames());
    Entity entity = repository.get(Params.id(ctx, "id", repository.kind().entityType()), Params.include(ctx));
    sendEntity(ctx, 200, entity, render(ctx, entity, fields));
  }

  void getByName(Context ctx) {
    Fields fields = Params.fields(ctx, repository.kind().fieldNames());
    Entity entity = repository.getByName(ctx.pathParam("fqn"), Params.include(ctx));
    sendEntity(ctx, 200, entity, render(ctx, entity, fields));
  }

  ObjectNode render(Context ctx, Entity entity, Fields fields) {
    return repository.render(entity, fields, AuthFilter.principal(ctx), apiRoot(ctx));
  }

  void respond(Context ctx, WriteResult result, ObjectNode body) {
    ctx.header("X-OpenMetadata-Change", result.change().header());
    sendEntity(ctx, result.status(), result.entity(), body);
  }

  void sendEntity(Context ctx, int status, Entity entity, ObjectNode body) {
    ctx.header("ETag", "\"" + Versioning.toNumber(entity.versionTenths()) + "\"");
    send(ctx, status, body);
  }

  void send(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(json.writeBytes(body));
  }

  /** The base of {@code href}s: OM computes them from the request's base URI (spec §1.1). */
  static String apiRoot(Context ctx) {
    return ctx.scheme() + "://" + ctx.host() + "/api";
  }

  /** The raw body, refused with 413 past {@code limit} bytes. */
  static byte[] body(Context ctx, int limit) {
    if (ctx.contentLength() > limit) {
      throw ApiException.tooLarge("Request body too large: the limit is " + (limit >> 20) + " MiB", null);
    }
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length > limit) {
      throw ApiException.tooLarge("Request body too large: the limit is " + (limit >> 20) + " MiB", null);
    }
    return bytes;
  }
}
