package meridian.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import meridian.core.errors.ApiException;
import meridian.model.ChangeDescription;
import meridian.model.ChangeType;
import meridian.model.EntityReference;
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
 * Every entity operation, once, for every kind (ARCHITECTURE rule 2). Writes of one item and of
 * a bulk chunk share one path, {@link #write}: validate each request alone, then in one
 * transaction read what exists, apply the requests in order in memory, and write the rows,
 * history and edges in batches. A guarded UPDATE that matches fewer rows than expected, or a
 * unique-key violation, means another writer got in between; the whole chunk is then rolled back
 * and applied again on fresh data, so no write is ever silently lost.
 */
public final class EntityRepository<C> {
  /** POST creates only; PUT creates or updates. */
  public enum Mode {
    CREATE,
    UPSERT
  }

  static final String OWNS = "owns";
  private static final int MAX_ATTEMPTS = 8;

  private final EntityKind<C> kind;
  private final Database database;
  private final Json json;
  private final Clock clock;
  private final EntityDao entities;
  private final VersionDao versions = new VersionDao();
  private final RelationshipDao relationships = new RelationshipDao();
  private final OwnerResolver ownerResolver;

  public EntityRepository(EntityKind<C> kind, Database database, Json json, Clock clock) {
    this.kind = kind;
    this.database = database;
    this.json = json;
    this.clock = clock;
    this.entities = new EntityDao(kind.table());
    this.ownerResolver = new OwnerResolver(json);
  }

  public EntityKind<C> kind() {
    return kind;
  }

  public WriteResult create(C request, Principal principal) {
    return single(request, Mode.CREATE, principal);
  }

  public WriteResult createOrUpdate(C request, Principal principal) {
    return single(request, Mode.UPSERT, principal);
  }

  private WriteResult single(C request, Mode mode, Principal principal) {
    ItemOutcome outcome = write(List.of(request), mode, principal).get(0);
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
        outcomes[i] = new ItemOutcome(request == null ? null : kind.name(request), null, e);
      }
    }
    if (!pending.isEmpty()) {
      List<ItemOutcome> applied = applyWithRetry(pending, mode, principal);
      for (int k = 0; k < pending.size(); k++) {
        outcomes[pending.get(k).index()] = applied.get(k);
      }
    }
    return List.of(outcomes);
  }

  private List<ItemOutcome> applyWithRetry(List<Pending<C>> pending, Mode mode, Principal principal) {
    for (int attempt = 1; ; attempt++) {
      try {
        return database.inTransaction(handle -> apply(handle, pending, mode, principal));
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

  private List<ItemOutcome> apply(Handle handle, List<Pending<C>> pending, Mode mode, Principal principal) {
    long now = clock.millis();
    Map<String, Working> working = new LinkedHashMap<>();
    List<EntityRow> existing = entities.findByFqnHashes(handle, pending.stream().map(Pending::hash).distinct().toList());
    Map<UUID, List<EntityReference>> storedOwners = loadOwners(handle, existing.stream().map(EntityRow::id).toList());
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
        WriteResult result;
        if (mode == Mode.CREATE || current == null) {
          // POST is authorised as Create before anything else is said about the name (spec §3.4).
          authorizeCreate(principal);
        }
        if (current == null) {
          Entity created = newEntity(p, resolvedOwners, principal, now);
          Working fresh = new Working(null, created);
          fresh.dirty = true;
          working.put(p.hash(), fresh);
          result = new WriteResult(ChangeType.ENTITY_CREATED, 201, created);
        } else if (mode == Mode.CREATE) {
          throw ApiException.entityAlreadyExists();
        } else {
          authorizeEdit(principal, current.entity);
          Entity next = putUpdate(current.entity, p.request(), resolvedOwners, principal, now);
          if (next == current.entity) {
            result = new WriteResult(ChangeType.ENTITY_NO_CHANGE, 200, current.entity);
          } else {
            history.add(historyRow(current.entity));
            current.entity = next;
            current.dirty = true;
            result = new WriteResult(ChangeType.ENTITY_UPDATED, 200, next);
          }
        }
        outcomes.add(new ItemOutcome(p.name(), result, null));
      } catch (ApiException e) {
        outcomes.add(new ItemOutcome(p.name(), null, e));
      }
    }
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
    if (kind.supportsOwners()) {
      relationships.deleteTo(handle, updates.stream().map(EntityRow::id).toList(), OWNS);
      List<RelationshipRow> edges = new ArrayList<>();
      for (Entity entity : changed) {
        for (EntityReference owner : entity.owners()) {
          edges.add(new RelationshipRow(owner.id(), owner.type(), entity.id(), kind.entityType(), OWNS));
        }
      }
      relationships.insert(handle, edges);
    }
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

  /**
   * PUT's merge rules (spec §3.5): displayName and description as sent, except that a bot never
   * overwrites a non-empty description; owners are replaced only when the request names some.
   * Returns {@code current} itself when nothing tracked changes.
   */
  private Entity putUpdate(Entity current, C request, List<EntityReference> owners, Principal principal, long now) {
    ObjectNode next = current.doc().deepCopy();
    putOrRemove(next, "displayName", kind.displayName(request));
    boolean keepDescription = principal.bot() && !current.doc().path("description").asText("").isEmpty();
    if (!keepDescription) {
      putOrRemove(next, "description", kind.description(request));
    }
    kind.applyPut(current.doc(), next, request, principal);
    if (!principal.admin() && !principal.bot()) {
      kind.checkOwnerEdit(current.doc(), next, principal);
    }
    List<EntityReference> nextOwners = owners == null || owners.isEmpty() ? current.owners() : owners;
    Entity candidate = new Entity(next, nextOwners);
    ChangeDescription change =
        Versioning.diff(kind.trackedFields(), snapshot(current), snapshot(candidate), current.versionTenths());
    if (change.isEmpty()) {
      return current;
    }
    next.put("version", Versioning.toNumber(Versioning.nextMinor(current.versionTenths())));
    next.put("updatedAt", now);
    next.put("updatedBy", principal.name());
    next.set("changeDescription", json.tree(change));
    return new Entity(next, nextOwners);
  }

  private void authorizeCreate(Principal principal) {
    boolean allowed = principal.admin() || (principal.bot() && !kind.onlyAdminsCreate());
    if (!allowed) {
      throw ApiException.forbidden(principal.name(), "Create");
    }
  }

  private void authorizeEdit(Principal principal, Entity current) {
    if (!(principal.admin() || principal.bot() || kind.isOwner(current, principal))) {
      throw ApiException.forbidden(principal.name(), "EditAll");
    }
  }

  private ObjectNode snapshot(Entity entity) {
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

  // ---------------------------------------------------------------- reads

  /** The entity with this id, as {@code include} allows; 404 with OM's message otherwise. */
  public Entity get(UUID id, Include include) {
    return find(handle -> entities.findById(handle, id), include).orElseThrow(() -> ApiException.notFound(kind.entityType(), id));
  }

  /** Same by FQN as written in a URL: a dotted name may come quoted or bare (spec §1.4). */
  public Entity getByName(String fqn, Include include) {
    return findByName(fqn, include).orElseThrow(() -> ApiException.notFound(kind.entityType(), fqn));
  }

  public Optional<Entity> findByName(String fqn, Include include) {
    String hash = Fqn.hash(Fqn.fromPath(fqn));
    return find(handle -> entities.findByFqnHash(handle, hash), include);
  }

  private Optional<Entity> find(Function<Handle, Optional<EntityRow>> query, Include include) {
    return database.read(handle -> {
      Optional<EntityRow> row = query.apply(handle).filter(r -> visible(r, include));
      if (row.isEmpty()) {
        return Optional.<Entity>empty();
      }
      List<EntityReference> owners = loadOwners(handle, List.of(row.get().id())).getOrDefault(row.get().id(), List.of());
      return Optional.of(new Entity(json.readStored(row.get().json()), owners));
    });
  }

  private static boolean visible(EntityRow row, Include include) {
    return switch (include) {
      case ALL -> true;
      case DELETED -> row.deleted();
      case NON_DELETED -> !row.deleted();
    };
  }

  private Map<UUID, List<EntityReference>> loadOwners(Handle handle, List<UUID> ids) {
    Map<UUID, List<EntityReference>> result = new HashMap<>();
    if (!kind.supportsOwners() || ids.isEmpty()) {
      return result;
    }
    List<RelationshipRow> edges = relationships.findTo(handle, ids, OWNS);
    Map<UUID, EntityReference> users =
        ownerResolver.referencesById(handle, edges.stream().map(RelationshipRow::fromId).distinct().toList());
    for (RelationshipRow edge : edges) {
      EntityReference owner = users.get(edge.fromId());
      if (owner != null) {
        result.computeIfAbsent(edge.toId(), k -> new ArrayList<>()).add(owner);
      }
    }
    result.values().forEach(list -> list.sort(java.util.Comparator.comparing(EntityReference::name)));
    return result;
  }

  // ---------------------------------------------------------------- rendering

  /**
   * The entity as {@code principal} sees it: secrets masked or opened by the kind, {@code href}
   * under {@code apiRoot} (e.g. {@code http://host:8585/api}), and the relationship fields that
   * {@code fields} asks for (spec §1.9).
   */
  public ObjectNode render(Entity entity, Fields fields, Principal principal, String apiRoot) {
    ObjectNode out = kind.reveal(entity.doc(), principal).deepCopy();
    out.put("href", apiRoot + "/v1/" + kind.collectionPath() + "/" + entity.id());
    if (kind.supportsOwners() && fields.contains("owners")) {
      ArrayNode owners = out.putArray("owners");
      for (EntityReference owner : entity.owners()) {
        ObjectNode ref = (ObjectNode) json.tree(owner);
        ref.put("href", apiRoot + "/v1/users/" + owner.id());
        owners.add(ref);
      }
    }
    for (String list : kind.emptyListFields()) {
      if (fields.contains(list)) {
        out.putArray(list);
      }
    }
    return out;
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
