package meridian.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import meridian.model.Include;
import meridian.core.Json;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.RequestReader;
import meridian.core.engine.EntityRepository;
import meridian.core.engine.EntityServices;
import meridian.core.engine.Target;
import meridian.core.engine.WriteResult;
import meridian.core.engine.jobs.Jobs;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.read.EntityQueries;
import meridian.core.engine.read.Fields;
import meridian.core.engine.write.Preconditions;
import meridian.core.errors.ApiException;
import meridian.core.features.bulk.BulkService;
import meridian.http.ApiRouter;
import meridian.http.openapi.Schemas;
import meridian.http.openapi.SpecFiles;
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
  private final BulkService bulk;
  private final RequestReader reader;
  private final Json json;
  /** Spec §3.4: the relationship fields a create or update names come back populated. */
  private final Fields writeFields;

  public EntityRoutes(EntityServices<C> services, BulkService bulk, RequestReader reader, Json json) {
    this.repository = services.repository();
    this.queries = services.queries();
    this.bulk = bulk;
    this.reader = reader;
    this.json = json;
    this.writeFields = new Fields(services.kind().echoedFields());
  }

  private java.util.function.Predicate<Context> listsNone = ctx -> false;

  public void mount(ApiRouter router) {
    String base = "/" + repository.kind().collectionPath();
    String type = repository.kind().entityType();
    String tag = repository.kind().collectionPath();
    ObjectNode entity = Schemas.om(SpecFiles.entity(type));
    ObjectNode request = Schemas.om(SpecFiles.create(type));
    ObjectNode patch = Schemas.array(Schemas.required(Schemas.object("op", Schemas.type("string"), "path", Schemas.type("string"),
        "value", Schemas.any(), "from", Schemas.type("string")), "op", "path"));
    String fields = "Fields to include, comma separated: " + String.join(", ", new java.util.TreeSet<>(repository.kind().fieldNames()));
    String include = "non-deleted (default), deleted or all";
    if (repository.kind().bulkUpsert()) {
      // The literal routes go first so that they win over /{id}.
      router.put(base + "/bulk", this::bulk).tag(tag).summary("Create or update many " + type + "s (contract §5); ?async=true answers a job")
          .query("async", "boolean", "Run as a job and answer 202 with its id").body(Schemas.array(request))
          .answers(200, "Each item's outcome", Schemas.om("type/bulkOperationResult.json"))
          .answers(202, "The job that runs it", Schemas.required(Schemas.object("jobId", Schemas.type("string")), "jobId"));
      router.get(base + "/bulk/{jobId}", this::bulkJob).tag(tag).summary("A bulk job: 202 while it runs, its result once done")
          .answers(200, "The job's result", Schemas.om("type/bulkOperationResult.json"))
          .answers(202, "Still running", Schemas.object("jobId", Schemas.type("string"), "status", Schemas.type("string")));
    }
    meridian.http.openapi.Operation list = router.get(base, this::list).tag(tag).summary("List " + type + "s a page at a time, by cursor")
        .query("fields", "string", fields).query("limit", "integer", "Page size, 0 to 1000000 (default 10)")
        .query("before", "string", "Cursor of the page before").query("after", "string", "Cursor of the page after")
        .query("include", "string", include)
        .answers(200, "A page", Schemas.page(entity));
    queries.listFilters().forEach(param -> list.query(param, "string", "Only " + type + "s under or related to this one (a fully qualified name)"));
    router.post(base, this::create).tag(tag).summary("Create a " + type).body(request)
        .answers(201, "Created; Location names it", entity);
    router.put(base, this::createOrUpdate).tag(tag).summary("Create a " + type + ", or update the one of that name")
        .header("If-Match", "The version's ETag: 412 if it changed since").body(request)
        .answers(200, "Updated", entity).answers(201, "Created", entity);
    router.put(base + "/restore", this::restore).tag(tag).summary("Restore a soft-deleted " + type + " (and what it contains)")
        .body(Schemas.om("api/data/restoreEntity.json")).answers(200, "Restored", entity);
    router.get(base + "/name/{fqn}", this::getByName).tag(tag).summary("A " + type + " by its fully qualified name")
        .query("fields", "string", fields).query("include", "string", include).answers(200, "The " + type, entity);
    router.patch(base + "/name/{fqn}", ctx -> patch(ctx, Target.byName(ctx.pathParam("fqn")))).tag(tag)
        .summary("Change a " + type + " by JSON Patch, by name").header("If-Match", "The version's ETag: 412 if it changed since")
        .body("application/json-patch+json", patch).answers(200, "Changed", entity);
    router.delete(base + "/name/{fqn}", ctx -> delete(ctx, Target.byName(ctx.pathParam("fqn")))).tag(tag)
        .summary("Delete a " + type + " by name").query("hardDelete", "boolean", "Remove for good rather than mark deleted")
        .query("recursive", "boolean", "Also delete what it contains").answers(200, "Deleted", entity);
    router.delete(base + "/async/{id}", this::deleteAsync).tag(tag).summary("Delete a " + type + " as a job (large subtrees)")
        .query("hardDelete", "boolean", "Remove for good").query("recursive", "boolean", "Also delete what it contains")
        .answers(202, "The job; GET /jobs/{id} follows it", Schemas.required(Schemas.object("jobId", Schemas.type("string"),
            "message", Schemas.type("string"), "hardDelete", Schemas.type("boolean"), "recursive", Schemas.type("boolean")), "jobId"));
    router.get(base + "/{id}/versions", this::versions).tag(tag).summary("Every version of a " + type + ", newest first")
        .answers(200, "The versions, each a JSON string", Schemas.om("type/entityHistory.json"));
    router.get(base + "/{id}/versions/{version}", this::version).tag(tag).summary("One version of a " + type)
        .answers(200, "The " + type + " as it was", entity);
    if (repository.kind().relations().stream().anyMatch(f -> f.name().equals("followers"))) {
      router.put(base + "/{id}/followers", this::follow).tag(tag).summary("Follow a " + type + " (the user's id as a JSON string)")
          .body(Schemas.type("string")).answers(200, "The change", Schemas.om("type/changeEvent.json"));
      router.delete(base + "/{id}/followers/{userId}", this::unfollow).tag(tag).summary("Stop following a " + type)
          .answers(200, "The change", Schemas.om("type/changeEvent.json"));
    }
    router.get(base + "/{id}", this::get).tag(tag).summary("A " + type + " by id")
        .query("fields", "string", fields).query("include", "string", include).answers(200, "The " + type, entity);
    router.patch(base + "/{id}", ctx -> patch(ctx, Target.byId(id(ctx)))).tag(tag).summary("Change a " + type + " by JSON Patch")
        .header("If-Match", "The version's ETag: 412 if it changed since")
        .body("application/json-patch+json", patch).answers(200, "Changed", entity);
    router.delete(base + "/{id}", ctx -> delete(ctx, Target.byId(id(ctx)))).tag(tag).summary("Delete a " + type)
        .query("hardDelete", "boolean", "Remove for good rather than mark deleted")
        .query("recursive", "boolean", "Also delete what it contains").answers(200, "Deleted", entity);
  }

  /**
   * Lists nothing when {@code listsNone} says a request's parameters exclude every entity this
   * server holds of the kind (an ingestion pipeline list for {@code pipelineType=usage}).
   */
  EntityRoutes<C> listingNoneWhen(java.util.function.Predicate<Context> listsNone) {
    this.listsNone = listsNone;
    return this;
  }

  void list(Context ctx) {
    Fields fields = Params.fields(ctx, repository.kind().fieldNames());
    if (listsNone.test(ctx)) {
      ObjectNode body = json.object();
      body.putArray("data");
      body.set("paging", json.tree(new Paging(null, null, 0)));
      send(ctx, 200, body);
      return;
    }
    Map<String, String> filters = new LinkedHashMap<>();
    queries.listFilters().forEach(param -> filters.put(param, ctx.queryParam(param)));
    EntityQueries.Page page =
        queries.list(Params.include(ctx), Params.limit(ctx), ctx.queryParam("before"), ctx.queryParam("after"), fields, filters);
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
    WriteResult result =
        repository.delete(target, Params.flag(ctx, "hardDelete"), Params.flag(ctx, "recursive"), AuthFilter.principal(ctx),
            ctx.header("If-Match"));
    respond(ctx, result, render(ctx, result.entity(), writeFields));
  }

  /** OM's 202 for a delete that runs on (spec §3.7), with the job to follow at {@code /api/v1/jobs/{id}}. */
  void deleteAsync(Context ctx) {
    boolean hard = Params.flag(ctx, "hardDelete");
    boolean recursive = Params.flag(ctx, "recursive");
    EntityRepository.Accepted accepted = repository.deleteAsync(Target.byId(id(ctx)), hard, recursive, AuthFilter.principal(ctx));
    ObjectNode body = json.object();
    body.put("jobId", accepted.job().toString());
    body.put("message", "Delete operation initiated for " + accepted.entity().name());
    body.put("entityName", accepted.entity().name());
    body.put("hardDelete", hard);
    body.put("recursive", recursive);
    send(ctx, 202, body);
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
    Entity entity = queries.get(Target.byId(id(ctx)), Params.include(ctx), fields);
    sendEntity(ctx, 200, entity, render(ctx, entity, fields));
  }

  /** The entity of this id as a GET would answer it (for routes that change it some other way). */
  void sendCurrent(Context ctx, UUID id) {
    Fields fields = Params.fields(ctx, repository.kind().fieldNames());
    Entity entity = queries.get(Target.byId(id), Include.NON_DELETED, fields);
    sendEntity(ctx, 200, entity, render(ctx, entity, fields));
  }

  void getByName(Context ctx) {
    Fields fields = Params.fields(ctx, repository.kind().fieldNames());
    Entity entity = queries.get(Target.byName(ctx.pathParam("fqn")), Params.include(ctx), fields);
    sendEntity(ctx, 200, entity, render(ctx, entity, fields));
  }

  /**
   * {@code PUT …/bulk} (contract §5; catalog spec §8): 200 with OM's BulkOperationResult, or, with
   * {@code async=true}, 202 with the id of the job to follow (here or at {@code /api/v1/jobs/{id}}).
   */
  void bulk(Context ctx) {
    String type = repository.kind().entityType();
    List<JsonNode> items = bulk.items(type, reader.tree(RequestBody.read(ctx, RequestBody.Accepts.JSON, RequestBody.MAX_BULK_BODY)));
    if (Params.flag(ctx, "async")) {
      UUID job = bulk.submit(type, items, AuthFilter.principal(ctx));
      send(ctx, 202, Map.of("jobId", job.toString()));
    } else {
      send(ctx, 200, bulk.run(type, items, AuthFilter.principal(ctx)));
    }
  }

  /** 202 with the job's state while it runs; 200 with its BulkOperationResult once done. */
  void bulkJob(Context ctx) {
    String raw = ctx.pathParam("jobId");
    Jobs.Job job = JobRoutes.parse(raw).flatMap(id -> bulk.job(repository.kind().entityType(), id))
        .orElseThrow(() -> ApiException.notFound("bulkJob", raw));
    if (job.running()) {
      send(ctx, 202, Map.of("jobId", job.id().toString(), "status", job.state()));
    } else {
      ctx.status(job.state().equals("completed") ? 200 : 500).contentType("application/json").result(job.result());
    }
  }

  /** {@code {"entityType", "versions": [JSON strings, newest first]}} (spec §3.9). */
  void versions(Context ctx) {
    EntityQueries.History history = queries.history(id(ctx), writeFields);
    Principal principal = AuthFilter.principal(ctx);
    ObjectNode body = json.object();
    body.put("entityType", repository.kind().entityType());
    ArrayNode versions = body.putArray("versions");
    versions.add(json.write(render(ctx, history.current(), writeFields)));
    history.older().forEach(old -> versions.add(json.write(repository.view().renderSnapshot(old, principal))));
    send(ctx, 200, body);
  }

  void version(Context ctx) {
    send(ctx, 200,
        queries.version(id(ctx), ctx.pathParam("version"), AuthFilter.principal(ctx), writeFields, apiRoot(ctx), repository.view()));
  }

  /** {@code PUT /{id}/followers} with a user id as a JSON string (spec §3.10): a ChangeEvent, no new version. */
  void follow(Context ctx) {
    UUID user = followerId(ctx, reader.tree(RequestBody.json(ctx)));
    sendFollow(ctx, repository.follow(id(ctx), user, true), true);
  }

  void unfollow(Context ctx) {
    String raw = ctx.pathParam("userId");
    UUID user;
    try {
      user = UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("user", raw);
    }
    sendFollow(ctx, repository.follow(id(ctx), user, false), false);
  }

  private static UUID followerId(Context ctx, com.fasterxml.jackson.databind.JsonNode body) {
    if (!body.isTextual()) {
      throw ApiException.badRequest(RequestReader.INVALID + ": the body is the follower's user id, as a JSON string");
    }
    try {
      return UUID.fromString(body.asText());
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("user", Names.abbreviate(body.asText()));
    }
  }

  /** OM's ChangeEvent for a follower added or removed. */
  private void sendFollow(Context ctx, EntityRepository.Follow follow, boolean added) {
    Entity entity = follow.entity();
    ObjectNode user = json.object();
    user.put("id", follow.user().id().toString()).put("type", "user").put("name", follow.user().name())
        .put("fullyQualifiedName", follow.user().fullyQualifiedName());
    ObjectNode change = json.object();
    ArrayNode fieldsAdded = change.putArray("fieldsAdded");
    change.putArray("fieldsUpdated");
    ArrayNode fieldsDeleted = change.putArray("fieldsDeleted");
    if (follow.changed()) {
      ObjectNode item = (added ? fieldsAdded : fieldsDeleted).addObject().put("name", "followers");
      item.set(added ? "newValue" : "oldValue", json.object().arrayNode().add(user));
    }
    change.put("previousVersion", entity.doc().get("version").asDouble());
    ObjectNode event = json.object();
    event.put("id", UUID.randomUUID().toString());
    event.put("eventType", "entityUpdated");
    event.put("entityType", repository.kind().entityType());
    event.put("entityId", entity.id().toString());
    event.put("entityFullyQualifiedName", entity.fullyQualifiedName());
    event.put("userName", AuthFilter.principal(ctx).name());
    event.put("timestamp", System.currentTimeMillis());
    event.put("currentVersion", entity.doc().get("version").asDouble());
    event.put("previousVersion", entity.doc().get("version").asDouble());
    event.set("changeDescription", change);
    event.set("incrementalChangeDescription", change.deepCopy());
    event.set("entity", render(ctx, entity, Fields.of("followers")));
    ctx.header("X-OpenMetadata-Change", follow.changed() ? "entityFieldsChanged" : "entityNoChange");
    send(ctx, 200, event);
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
