package meridian.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import meridian.core.errors.ApiException;
import meridian.model.ChangeDescription;
import meridian.model.ChangeType;
import meridian.model.EntityReference;
import meridian.model.FieldChange;
import meridian.model.Include;
import meridian.store.Database;
import meridian.store.EntityDao;
import meridian.store.RelationshipDao;
import meridian.store.VersionDao;
import meridian.store.VersionDao.VersionRow;
import meridian.store.rows.EntityRow;
import meridian.store.rows.RelationshipRow;
import org.jdbi.v3.core.Handle;

/**
 * Every entity write, once, for every kind (ARCHITECTURE rule 2). Creates and upserts of one
 * item and of a bulk chunk share one path, {@link #write}: validate each request alone, then in
 * one transaction read what exists, apply the requests in order in memory and write rows,
 * history and edges in batches. PATCH, DELETE and restore share {@link #mutate}. Every path ends
 * in a version-guarded UPDATE; one that matches fewer rows than expected, or a unique-key
 * violation, means another writer got in between, and the transaction is rolled back and run
 * again on fresh data, so no write is ever silently lost (rule 8).
 */
public final class EntityRepository<C> {
  /** POST creates only; PUT creates or updates. */
  public enum Mode {
    CREATE,
    UPSERT
  }

  static final String OWNS = "owns";
  /** Spec §1.7: PATCHes by the same user within 10 minutes fold into one version. */
  static final long SESSION_MILLIS = 600_000;

  private static final int MAX_ATTEMPTS = 8;
  /** Fields a PATCH can't change; they are put back silently (spec §3.6). */
  private static final Set<String> READ_ONLY =
      Set.of("id", "name", "fullyQualifiedName", "version", "updatedAt", "updatedBy", "href", "changeDescription",
          "incrementalChangeDescription");

  private final EntityKind<C> kind;
  private final Database database;
  private final Json json;
  private final Clock clock;
  private final RequestReader reader;
  private final EntityDao entities;
  private final VersionDao versions = new VersionDao();
  private final RelationshipDao relationships = new RelationshipDao();
  private final OwnerResolver ownerResolver;
  private final EntityView view;

  /**
   * A point inside every write transaction, after the entities are read and before anything is
   * written. Production uses {@link #NONE}; tests use it to put another writer's change into that
   * gap, which on SQLite (one writer at a time) nothing else can, and so prove that the
   * version-guarded UPDATE and the retries notice it (ARCHITECTURE rule 8).
   */
  public interface Interleaving {
    Interleaving NONE = handle -> {};

    void beforeWrite(Handle handle);
  }

  private final Interleaving interleaving;

  public EntityRepository(EntityKind<C> kind, Database database, Json json, Clock clock) {
    this(kind, database, json, clock, Interleaving.NONE);
  }

  public EntityRepository(EntityKind<C> kind, Database database, Json json, Clock clock, Interleaving interleaving) {
    this.interleaving = interleaving;
    this.kind = kind;
    this.database = database;
    this.json = json;
    this.clock = clock;
    this.reader = new RequestReader(json);
    this.entities = new EntityDao(kind.table());
    this.ownerResolver = new OwnerResolver(json);
    this.view = new EntityView(kind, json);
  }

  public EntityKind<C> kind() {
    return kind;
  }

  public EntityView view() {
    return view;
  }

  // ------------------------------------------------------------------ create and upsert

  public WriteResult create(C request, Principal principal) {
    return single(request, Mode.CREATE, principal, null);
  }

  public WriteResult createOrUpdate(C request, Principal principal) {
    return single(request, Mode.UPSERT, principal, null);
  }

  /** PUT with an optional {@code If-Match} precondition (null: none). */
  public WriteResult createOrUpdate(C request, Principal principal, String ifMatch) {
    return single(request, Mode.UPSERT, principal, ifMatch);
  }

  private WriteResult single(C request, Mode mode, Principal principal, String ifMatch) {
    ItemOutcome outcome = write(List.of(request), mode, principal, ifMatch).get(0);
    if (!outcome.succeeded()) {
      throw outcome.error();
    }
    return outcome.result();
  }

  /**
   * Applies the requests in order, each one independently: an item that fails validation,
   * authorisation or a reference check fails alone and writes nothing; the others are committed
   * together. Returns one outcome per request, in request order.
   */
  public List<ItemOutcome> write(List<C> requests, Mode mode, Principal principal) {
    return write(requests, mode, principal, null);
  }

  private List<ItemOutcome> write(List<C> requests, Mode mode, Principal principal, String ifMatch) {
    ItemOutcome[] outcomes = new ItemOutcome[requests.size()];
    List<Pending<C>> pending = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      C request = requests.get(i);
      try {
        kind.validate(request);
        kind.checkUnsupportedReferences(request);
        String fqn = Fqn.quoteName(kind.name(request));
        pending.add(new Pending<>(i, request, kind.name(request), fqn, Fqn.hash(fqn)));
      } catch (ApiException e) {
        outcomes[i] = new ItemOutcome(kind.name(request), null, e);
      }
    }
    if (!pending.isEmpty()) {
      List<ItemOutcome> applied = retrying(handle -> apply(handle, pending, mode, principal, ifMatch));
      for (int k = 0; k < pending.size(); k++) {
        outcomes[pending.get(k).index()] = applied.get(k);
      }
    }
    return List.of(outcomes);
  }

  private <R> R retrying(Function<Handle, R> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return database.inTransaction(work::apply);
      } catch (RuntimeException e) {
        boolean raced = e instanceof LostRace || database.dialect().isUniqueViolation(e);
        if (!raced) {
          throw e;
        }
        if (attempt == MAX_ATTEMPTS) {
          throw ApiException.conflict(
              "The entity is being changed by many writers at once; the write was not applied. Retry it.");
        }
      }
    }
  }

  private record Pending<C>(int index, C request, String name, String fqn, String hash) {}

  /** The state of one entity while a chunk is applied: where it started and where it is now. */
  private static final class Working {
    final EntityRow original;
    Entity entity;
    boolean dirty;

    Working(EntityRow original, Entity entity) {
      this.original = original;
      this.entity = entity;
    }
  }

  private List<ItemOutcome> apply(Handle handle, List<Pending<C>> pending, Mode mode, Principal principal, String ifMatch) {
    long now = clock.millis();
    Map<String, Working> working = new LinkedHashMap<>();
    List<EntityRow> existing = entities.findByFqnHashes(handle, pending.stream().map(Pending::hash).distinct().toList());
    Map<UUID, List<EntityReference>> storedOwners = ownersOf(handle, existing.stream().map(EntityRow::id).toList());
    for (EntityRow row : existing) {
      Entity entity = new Entity(json.readStored(row.json()), storedOwners.getOrDefault(row.id(), List.of()));
      working.put(row.fqnHash(), new Working(row, entity));
    }
    OwnerResolver.Lookup owners =
        kind.supportsOwners()
            ? ownerResolver.prepare(handle, pending.stream().map(p -> kind.requestedOwners(p.request())).toList())
            : null;

    List<VersionRow> history = new ArrayList<>();
    List<ItemOutcome> outcomes = new ArrayList<>();
    for (Pending<C> p : pending) {
      try {
        List<EntityReference> requestedOwners = kind.supportsOwners() ? kind.requestedOwners(p.request()) : null;
        List<EntityReference> resolvedOwners = requestedOwners == null ? null : owners.resolve("owners", requestedOwners);
        Working current = working.get(p.hash());
        if (mode == Mode.CREATE || current == null) {
          // POST is authorised as Create before anything else is said about the name (spec §3.4).
          authorizeCreate(principal);
        }
        Preconditions.check(ifMatch, current == null ? null : current.entity.versionTenths());
        WriteResult result;
        if (current == null) {
          Entity created = newEntity(p, resolvedOwners, principal, now);
          Working fresh = new Working(null, created);
          fresh.dirty = true;
          working.put(p.hash(), fresh);
          result = new WriteResult(ChangeType.ENTITY_CREATED, 201, created);
        } else if (mode == Mode.CREATE) {
          throw ApiException.entityAlreadyExists();
        } else {
          authorize(principal, current.entity, "EditAll");
          Updated updated = update(current.entity, p.request(), resolvedOwners, principal, now, true);
          if (updated.change() == null) {
            result = new WriteResult(ChangeType.ENTITY_NO_CHANGE, 200, current.entity);
          } else {
            history.add(historyRow(current.entity));
            current.entity = updated.next();
            current.dirty = true;
            result = new WriteResult(ChangeType.ENTITY_UPDATED, 200, updated.next());
          }
        }
        outcomes.add(new ItemOutcome(p.name(), result, null));
      } catch (ApiException e) {
        outcomes.add(new ItemOutcome(p.name(), null, e));
      }
    }
    interleaving.beforeWrite(handle);
    persist(handle, working.values(), history);
    return outcomes;
  }

  private void persist(Handle handle, Iterable<Working> working, List<VersionRow> history) {
    List<EntityRow> inserts = new ArrayList<>();
    List<EntityRow> updates = new ArrayList<>();
    List<Entity> changed = new ArrayList<>();
    for (Working w : working) {
      if (!w.dirty) {
        continue;
      }
      changed.add(w.entity);
      if (w.original == null) {
        inserts.add(row(w.entity, 1));
      } else {
        updates.add(row(w.entity, w.original.rowVersion() + 1));
      }
    }
    entities.insert(handle, inserts);
    if (entities.updateIfRowVersion(handle, updates) != updates.size()) {
      throw new LostRace();
    }
    versions.insert(handle, history);
    replaceOwners(handle, updates.stream().map(EntityRow::id).toList(), changed);
  }

  private void replaceOwners(Handle handle, List<UUID> previouslyStored, List<Entity> changed) {
    if (!kind.supportsOwners()) {
      return;
    }
    relationships.deleteTo(handle, previouslyStored, OWNS);
    List<RelationshipRow> edges = new ArrayList<>();
    for (Entity entity : changed) {
      for (EntityReference owner : entity.owners()) {
        edges.add(new RelationshipRow(owner.id(), owner.type(), entity.id(), kind.entityType(), OWNS));
      }
    }
    relationships.insert(handle, edges);
  }

  private Entity newEntity(Pending<C> p, List<EntityReference> owners, Principal principal, long now) {
    ObjectNode doc = json.object();
    doc.put("id", UUID.randomUUID().toString());
    doc.put("name", p.name());
    doc.put("fullyQualifiedName", p.fqn());
    putOrRemove(doc, "displayName", kind.displayName(p.request()));
    putOrRemove(doc, "description", kind.description(p.request()));
    kind.fillNew(doc, p.request(), principal);
    doc.put("version", Versioning.toNumber(Versioning.INITIAL));
    doc.put("updatedAt", now);
    doc.put("updatedBy", principal.name());
    doc.put("deleted", false);
    return new Entity(doc, owners == null ? List.of() : owners);
  }

  /** The entity after an update, and what changed (null when nothing did). */
  private record Updated(Entity next, ChangeDescription change) {}

  /**
   * The merge rules of PUT (spec §3.5) and PATCH (§3.6). Both set displayName and description as
   * the request says, except that a bot's PUT never overwrites a non-empty description; PUT keeps
   * the owners when the request names none, PATCH replaces them; PUT on a soft-deleted entity
   * restores it. {@code next} is {@code current} itself when nothing tracked changes.
   */
  private Updated update(Entity current, C request, List<EntityReference> owners, Principal principal, long now, boolean put) {
    ObjectNode next = current.doc().deepCopy();
    putOrRemove(next, "displayName", kind.displayName(request));
    boolean keepDescription = put && principal.bot() && !current.doc().path("description").asText("").isEmpty();
    if (!keepDescription) {
      putOrRemove(next, "description", kind.description(request));
    }
    kind.applyPut(current.doc(), next, request, principal);
    if (put && current.deleted()) {
      next.put("deleted", false);
    }
    if (!principal.admin() && !principal.bot()) {
      kind.checkOwnerEdit(current.doc(), next, principal);
    }
    List<EntityReference> nextOwners =
        put ? (owners == null || owners.isEmpty() ? current.owners() : owners) : (owners == null ? List.of() : owners);
    Entity candidate = new Entity(next, nextOwners);
    ChangeDescription change =
        Versioning.diff(kind.trackedFields(), snapshot(current), snapshot(candidate), current.versionTenths());
    if (change.isEmpty()) {
      return new Updated(current, null);
    }
    return new Updated(stamp(candidate, Versioning.nextMinor(current.versionTenths()), change, principal, now), change);
  }

  private Entity stamp(Entity entity, int versionTenths, ChangeDescription change, Principal principal, long now) {
    ObjectNode doc = entity.doc().deepCopy();
    doc.put("version", Versioning.toNumber(versionTenths));
    doc.put("updatedAt", now);
    doc.put("updatedBy", principal.name());
    doc.set("changeDescription", json.tree(change));
    return new Entity(doc, entity.owners());
  }

  // ------------------------------------------------------------------ patch, delete, restore

  /** How one mutation of one stored entity ends. */
  private record Change(WriteResult result, Entity next, boolean addHistory, Integer dropHistory, boolean hardDelete) {
    static Change none(Entity current) {
      return new Change(new WriteResult(ChangeType.ENTITY_NO_CHANGE, 200, current), null, false, null, false);
    }
  }

  /**
   * RFC 6902 JSON Patch (spec §3.6) on the entity as the caller sees it. Lists are replaced,
   * read-only fields are put back, {@code deleted} can't be set, and consecutive PATCHes of the
   * same user within the session fold into one version (spec §1.7).
   */
  public WriteResult patch(Target target, JsonNode patch, Principal principal, String ifMatch) {
    if (!patch.isArray()) {
      throw ApiException.badRequest(RequestReader.INVALID + ": a JSON Patch body is an array of operations (RFC 6902)");
    }
    return mutate(target, Include.NON_DELETED, ifMatch, (handle, current) -> {
      long now = clock.millis();
      ObjectNode source = view.patchSource(current, principal);
      ObjectNode patched = applyPatch(patch, source);
      if (!source.path("deleted").equals(patched.path("deleted"))) {
        throw ApiException.badRequest(kind.entityType() + " attribute deleted can't be modified");
      }
      for (String field : READ_ONLY) {
        if (source.has(field)) {
          patched.set(field, source.get(field));
        } else {
          patched.remove(field);
        }
      }
      C request = reader.read(kind.toRequest(patched), kind.requestType());
      kind.validate(request);
      kind.checkUnsupportedReferences(request);
      List<EntityReference> owners = null;
      if (kind.supportsOwners()) {
        List<EntityReference> asked = kind.requestedOwners(request);
        owners = asked == null ? List.of() : ownerResolver.prepare(handle, List.of(asked)).resolve("owners", asked);
      }
      Updated updated = update(current, request, owners, principal, now, false);
      if (updated.change() == null) {
        return Change.none(current);
      }
      authorizePatch(principal, current, updated.change());
      return consolidated(handle, current, updated, principal, ifMatch, now)
          .orElse(new Change(new WriteResult(ChangeType.ENTITY_UPDATED, 200, updated.next()), updated.next(), true, null, false));
    });
  }

  private ObjectNode applyPatch(JsonNode patch, ObjectNode source) {
    try {
      JsonNode patched = JsonPatch.apply(patch, source);
      if (!patched.isObject()) {
        throw ApiException.badRequest("Invalid JSON patch: the result is not an object");
      }
      return (ObjectNode) patched;
    } catch (JsonPatchApplicationException e) {
      throw ApiException.badRequest("Invalid JSON patch: " + Names.abbreviate(String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      // The library works on a copy with the client's operations alone, so whatever it throws
      // (an object pointer into an array, an index that is not a number) is the patch's fault.
      throw ApiException.badRequest(
          "Invalid JSON patch: an operation does not fit the entity (" + Names.abbreviate(String.valueOf(e.getMessage())) + ")");
    }
  }

  /**
   * Spec §1.7: a PATCH by the user who made the current version, within the session, with no
   * If-Match, is folded into the current version: the change is described from the version
   * before it, and when it undoes that change altogether the entity returns to that version.
   */
  private Optional<Change> consolidated(
      Handle handle, Entity current, Updated updated, Principal principal, String ifMatch, long now) {
    JsonNode previous = current.doc().path("changeDescription").path("previousVersion");
    boolean session =
        ifMatch == null
            && current.versionTenths() > Versioning.INITIAL
            && !current.deleted()
            && previous.isNumber()
            && principal.name().equals(current.updatedBy())
            && now - current.updatedAt() < SESSION_MILLIS;
    if (!session) {
      return Optional.empty();
    }
    int previousTenths = Versioning.toTenths(previous.asDouble());
    Optional<VersionRow> baseRow = versions.find(handle, kind.entityType(), current.id(), previousTenths);
    if (baseRow.isEmpty()) {
      return Optional.empty();
    }
    Entity base = fromSnapshot(json.readStored(baseRow.get().json()));
    ChangeDescription sinceBase =
        Versioning.diff(kind.trackedFields(), snapshot(base), snapshot(updated.next()), previousTenths);
    if (sinceBase.isEmpty()) {
      return Optional.of(new Change(new WriteResult(ChangeType.ENTITY_UPDATED, 200, base), base, false, previousTenths, false));
    }
    Entity next = stamp(updated.next(), current.versionTenths(), sinceBase, principal, now);
    return Optional.of(new Change(new WriteResult(ChangeType.ENTITY_UPDATED, 200, next), next, false, null, false));
  }

  /**
   * Soft delete by default (version +0.1, {@code deleted: true}, hidden from default reads, the
   * name still taken); {@code hard} removes the row, its history and its edges (spec §3.7).
   * {@code recursive} matters once entities have children; none do yet.
   */
  public WriteResult delete(Target target, boolean hard, Principal principal, String ifMatch) {
    return mutate(target, Include.ALL, ifMatch, (handle, current) -> {
      authorize(principal, current, "Delete");
      if (hard) {
        return new Change(new WriteResult(ChangeType.ENTITY_DELETED, 200, current), null, false, null, true);
      }
      if (current.deleted()) {
        return Change.none(current);
      }
      return flipDeleted(current, true, principal, ChangeType.ENTITY_SOFT_DELETED);
    });
  }

  /** {@code PUT /restore} (spec §3.8). Restoring an entity that is not deleted changes nothing. */
  public WriteResult restore(UUID id, Principal principal) {
    return mutate(Target.byId(id), Include.ALL, null, (handle, current) -> {
      authorize(principal, current, "EditAll");
      if (!current.deleted()) {
        return Change.none(current);
      }
      return flipDeleted(current, false, principal, ChangeType.ENTITY_RESTORED);
    });
  }

  private Change flipDeleted(Entity current, boolean deleted, Principal principal, ChangeType type) {
    ChangeDescription change =
        new ChangeDescription(
            List.of(), List.of(new FieldChange("deleted", json.tree(!deleted), json.tree(deleted))), List.of(),
            Versioning.toNumber(current.versionTenths()));
    ObjectNode doc = current.doc().deepCopy();
    doc.put("deleted", deleted);
    Entity next =
        stamp(new Entity(doc, current.owners()), Versioning.nextMinor(current.versionTenths()), change, principal, clock.millis());
    return new Change(new WriteResult(type, 200, next), next, true, null, false);
  }

  private WriteResult mutate(Target target, Include include, String ifMatch, BiFunction<Handle, Entity, Change> mutation) {
    return retrying(handle -> {
      EntityRow row =
          target.find(handle, entities).filter(r -> visible(r, include))
              .orElseThrow(() -> ApiException.notFound(kind.entityType(), target.key()));
      Entity current = load(handle, row);
      Preconditions.check(ifMatch, current.versionTenths());
      Change change = mutation.apply(handle, current);
      interleaving.beforeWrite(handle);
      if (change.hardDelete()) {
        if (!entities.deleteIfRowVersion(handle, row.id(), row.rowVersion())) {
          throw new LostRace();
        }
        versions.deleteAll(handle, kind.entityType(), row.id());
        relationships.deleteAllOf(handle, row.id());
      } else if (change.next() != null) {
        if (entities.updateIfRowVersion(handle, List.of(row(change.next(), row.rowVersion() + 1))) != 1) {
          throw new LostRace();
        }
        if (change.addHistory()) {
          versions.insert(handle, List.of(historyRow(current)));
        }
        if (change.dropHistory() != null) {
          versions.delete(handle, kind.entityType(), row.id(), change.dropHistory());
        }
        if (!change.next().owners().equals(current.owners())) {
          replaceOwners(handle, List.of(row.id()), List.of(change.next()));
        }
      }
      return change.result();
    });
  }

  // ------------------------------------------------------------------ authorisation

  private void authorizeCreate(Principal principal) {
    boolean allowed = principal.admin() || (principal.bot() && !kind.onlyAdminsCreate());
    if (!allowed) {
      throw ApiException.forbidden(principal.name(), "Create");
    }
  }

  /** Contract §3: admins and bots may do everything, owners may edit and delete. */
  private void authorize(Principal principal, Entity current, String operation) {
    if (!(principal.admin() || principal.bot() || kind.isOwner(current, principal))) {
      throw ApiException.forbidden(principal.name(), operation);
    }
  }

  /**
   * A non-owner's PATCH: OM's seeded organisation policy lets anyone set the owners of an entity
   * that has none (spec §6.2); anything else names the edit operations it needed.
   */
  private void authorizePatch(Principal principal, Entity current, ChangeDescription change) {
    if (principal.admin() || principal.bot() || kind.isOwner(current, principal)) {
      return;
    }
    Set<String> fields = new LinkedHashSet<>();
    for (List<FieldChange> list : List.of(change.fieldsAdded(), change.fieldsUpdated(), change.fieldsDeleted())) {
      list.forEach(c -> fields.add(c.name()));
    }
    if (fields.equals(Set.of("owners")) && current.owners().isEmpty()) {
      return;
    }
    List<String> operations =
        fields.stream()
            .map(f -> switch (f) {
              case "description" -> "EditDescription";
              case "displayName" -> "EditDisplayName";
              case "owners" -> "EditOwners";
              case "tags" -> "EditTags";
              default -> "EditAll";
            })
            .distinct()
            .toList();
    throw ApiException.forbidden(principal.name(), String.join(", ", operations));
  }

  // ------------------------------------------------------------------ reads

  /** The entity with this id, as {@code include} allows; 404 with OM's message otherwise. */
  public Entity get(UUID id, Include include) {
    return find(Target.byId(id), include).orElseThrow(() -> ApiException.notFound(kind.entityType(), id));
  }

  /** Same by FQN as written in a URL: a dotted name may come quoted or bare (spec §1.4). */
  public Entity getByName(String fqn, Include include) {
    return findByName(fqn, include).orElseThrow(() -> ApiException.notFound(kind.entityType(), fqn));
  }

  public Optional<Entity> findByName(String fqn, Include include) {
    return find(Target.byName(fqn), include);
  }

  public Optional<Entity> find(Target target, Include include) {
    return find(target, include, true);
  }

  /**
   * A read for display: the relationships are loaded only when {@code fields} asks for them
   * (spec §1.9), so a plain GET costs one query. The entity's owners are empty otherwise.
   */
  public Entity get(Target target, Include include, Fields fields) {
    return find(target, include, kind.supportsOwners() && fields.contains("owners"))
        .orElseThrow(() -> ApiException.notFound(kind.entityType(), target.key()));
  }

  private Optional<Entity> find(Target target, Include include, boolean withOwners) {
    return database.read(handle ->
        target.find(handle, entities).filter(r -> visible(r, include))
            .map(r -> withOwners ? load(handle, r) : new Entity(json.readStored(r.json()), List.of())));
  }

  static boolean visible(EntityRow row, Include include) {
    return switch (include) {
      case ALL -> true;
      case DELETED -> row.deleted();
      case NON_DELETED -> !row.deleted();
    };
  }

  Entity load(Handle handle, EntityRow row) {
    return new Entity(json.readStored(row.json()), ownersOf(handle, List.of(row.id())).getOrDefault(row.id(), List.of()));
  }

  Map<UUID, List<EntityReference>> ownersOf(Handle handle, List<UUID> ids) {
    return kind.supportsOwners() ? ownerResolver.ownersOf(handle, ids) : Map.of();
  }

  /** A history snapshot back into an entity: the document and the owners it recorded. */
  Entity fromSnapshot(ObjectNode snapshot) {
    ObjectNode doc = snapshot.deepCopy();
    JsonNode owners = doc.remove("owners");
    List<EntityReference> refs = new ArrayList<>();
    if (owners != null && owners.isArray()) {
      owners.forEach(owner -> refs.add(json.convert(owner, EntityReference.class)));
    }
    return new Entity(doc, refs);
  }

  ObjectNode snapshot(Entity entity) {
    return kind.supportsOwners() ? entity.snapshot(json) : entity.doc();
  }

  private VersionRow historyRow(Entity entity) {
    return new VersionRow(kind.entityType(), entity.id(), entity.versionTenths(), json.write(snapshot(entity)));
  }

  private EntityRow row(Entity entity, int rowVersion) {
    return new EntityRow(
        entity.id(), entity.name(), Fqn.hash(entity.fullyQualifiedName()), json.write(entity.doc()),
        entity.versionTenths(), rowVersion, entity.deleted(), entity.updatedAt(), entity.updatedBy());
  }

  private static void putOrRemove(ObjectNode doc, String field, String value) {
    if (value == null) {
      doc.remove(field);
    } else {
      doc.put(field, value);
    }
  }

  /** A guarded UPDATE matched fewer rows than expected: another writer changed them first. */
  private static final class LostRace extends RuntimeException {
    LostRace() {
      super("lost a race with a concurrent writer", null, false, false);
    }
  }
}
