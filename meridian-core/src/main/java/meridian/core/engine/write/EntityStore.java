package meridian.core.engine.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.Fqn;
import meridian.core.Json;
import meridian.core.engine.Target;
import meridian.core.errors.ApiException;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.Relations;
import meridian.model.Include;
import meridian.store.Database;
import meridian.store.EntityDao;
import meridian.store.StoreFailure;
import meridian.store.VersionDao;
import meridian.store.VersionDao.VersionRow;
import meridian.store.rows.EntityRow;
import org.jdbi.v3.core.Handle;

/**
 * The write side's only way to the store for one kind (ARCHITECTURE rule 8): it runs a write in one
 * transaction and runs it again when another writer got in between, reads the entities a write
 * works on with all their links, and writes rows, history and links together. Every UPDATE and
 * DELETE is guarded by the row version it read; one that matches fewer rows than it should, or a
 * unique-key violation, rolls the transaction back for another attempt on fresh data.
 */
public final class EntityStore {
  static final int MAX_ATTEMPTS = 8;

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

  private final EntityKind<?> kind;
  private final Database database;
  private final Json json;
  private final Relations relations;
  private final Merge merge;
  private final Interleaving interleaving;
  private final EntityDao entities;
  private final VersionDao versions;

  public EntityStore(EntityKind<?> kind, Database database, Json json, Relations relations, Interleaving interleaving) {
    this.kind = kind;
    this.database = database;
    this.json = json;
    this.relations = relations;
    this.merge = new Merge(kind, relations, json);
    this.interleaving = interleaving;
    this.versions = database.versions();
    this.entities = relations.kinds().dao(kind.entityType());
  }

  public Merge merge() {
    return merge;
  }

  public Relations relations() {
    return relations;
  }

  /** An entity as stored: its row (for the guard) and the entity with every relation loaded. */
  public record Stored(EntityRow row, Entity entity) {}

  /** Runs {@code work} in one transaction, again (up to eight times) when it lost a race; then a 409. */
  public <R> R retrying(Function<Handle, R> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        boolean queue = attempt > 1;
        return database.inTransaction(handle -> {
          if (queue) {
            // Lost a race before: queue behind the other creators of this kind (EntityDao#lockCreates).
            entities.lockCreates(handle);
          }
          return work.apply(handle);
        });
      } catch (RuntimeException e) {
        // Another writer won: it changed a row this transaction read (LostRace, from the guard),
        // created the same name first (UniqueViolation), or the database picked this transaction
        // as a deadlock victim (WriteConflict). Each time the work starts again on fresh rows.
        boolean raced = e instanceof LostRace || e instanceof StoreFailure.UniqueViolation
            || e instanceof StoreFailure.WriteConflict;
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

  public void beforeWrite(Handle handle) {
    interleaving.beforeWrite(handle);
  }

  /*
   * Every read below is the read of a read-modify-write, so it locks the rows it finds until the
   * transaction ends (Dialect.lockForUpdate: FOR UPDATE on PostgreSQL and MariaDB; on SQLite the
   * transaction already holds the database). Concurrent writers of one entity then queue instead
   * of racing; the row-version guard stays as the proof that nothing slipped through.
   */

  /** The stored entities with these FQN hashes, with all their links, by hash. */
  public Map<String, Stored> loadByHashes(Handle handle, Collection<String> hashes) {
    List<EntityRow> rows = entities.findByFqnHashesForUpdate(handle, hashes);
    Map<String, Stored> out = new LinkedHashMap<>();
    Map<UUID, Map<String, List<Link>>> links = relations.load(handle, kind, rows.stream().map(EntityRow::id).toList(), kind.relations());
    for (EntityRow row : rows) {
      out.put(row.fqnHash(), new Stored(row, new Entity(json.readStored(row.json()), links.get(row.id()))));
    }
    return out;
  }

  /** The entity a request names, as {@code include} allows, with all its links; OM's 404 otherwise. */
  public Stored load(Handle handle, Target target, Include include) {
    Optional<EntityRow> row =
        target.id() != null ? entities.findByIdForUpdate(handle, target.id()) : firstByHashes(handle, target);
    EntityRow found = row.filter(r -> include == Include.ALL || r.deleted() == (include == Include.DELETED))
        .orElseThrow(() -> ApiException.notFound(kind.entityType(), target.key()));
    Map<String, List<Link>> links = relations.load(handle, kind, List.of(found.id()), kind.relations()).get(found.id());
    return new Stored(found, new Entity(json.readStored(found.json()), links));
  }

  /** The row under the first of the FQN hashes a client's spelling may be stored under (see Kinds#hashesFor). */
  private Optional<EntityRow> firstByHashes(Handle handle, Target target) {
    List<String> hashes = relations.kinds().hashesFor(kind.entityType(), target.fqn());
    Map<String, EntityRow> found = new HashMap<>();
    entities.findByFqnHashesForUpdate(handle, hashes).forEach(r -> found.put(r.fqnHash(), r));
    return hashes.stream().filter(found::containsKey).map(found::get).findFirst();
  }

  /** The entity with this id, deleted or not, with all its links; empty when there is none. */
  public Optional<Stored> find(Handle handle, UUID id) {
    return entities.findByIdForUpdate(handle, id).map(row -> new Stored(row,
        new Entity(json.readStored(row.json()), relations.load(handle, kind, List.of(row.id()), kind.relations()).get(row.id()))));
  }

  /** One entity of a write: where it started (null: new) and where it is now. */
  public static final class Working {
    final Stored original;
    Entity entity;
    boolean dirty;

    public Working(Stored original, Entity entity, boolean dirty) {
      this.original = original;
      this.entity = entity;
      this.dirty = dirty;
    }

    public Stored original() {
      return original;
    }

    public Entity entity() {
      return entity;
    }

    public void changeTo(Entity next) {
      entity = next;
      dirty = true;
    }
  }

  /**
   * Writes what a batch of creates and updates left: new rows, guarded updates, a history row for
   * each superseded version, and the relation fields that changed.
   */
  public void persist(Handle handle, Collection<Working> working, List<VersionRow> history) {
    interleaving.beforeWrite(handle);
    List<EntityRow> inserts = new ArrayList<>();
    List<EntityRow> updates = new ArrayList<>();
    List<Working> changed = new ArrayList<>();
    for (Working w : working) {
      if (!w.dirty) {
        continue;
      }
      changed.add(w);
      if (w.original == null) {
        inserts.add(row(w.entity, 1));
      } else {
        updates.add(row(w.entity, w.original.row().rowVersion() + 1));
      }
    }
    entities.insert(handle, inserts);
    if (entities.updateIfRowVersion(handle, updates) != updates.size()) {
      throw new LostRace();
    }
    versions.insert(handle, history);
    writeLinks(handle, changed);
    int[] totals = new int[2];
    for (Working w : changed) {
      moved(totals, w.original == null ? null : w.original.row().deleted(), w.entity.deleted());
    }
    entities.addToTotals(handle, totals[0], totals[1]);
  }

  /**
   * What one row's write does to the list totals: {@code totals[0]} live, {@code totals[1]}
   * deleted; {@code before} null for a new row, {@code after} null for a removed one.
   */
  private static void moved(int[] totals, Boolean before, Boolean after) {
    if (java.util.Objects.equals(before, after)) {
      return;
    }
    if (before != null) {
      totals[before ? 1 : 0]--;
    }
    if (after != null) {
      totals[after ? 1 : 0]++;
    }
  }

  /** Replaces the links of every relation field whose links a write changed. */
  private void writeLinks(Handle handle, List<Working> changed) {
    for (RelationField field : kind.relations()) {
      Map<UUID, List<Link>> byEntity = new HashMap<>();
      for (Working w : changed) {
        List<Link> next = w.entity.links(field.name());
        List<Link> before = w.original == null ? List.of() : w.original.entity().links(field.name());
        if (!sameLinks(before, next)) {
          byEntity.put(w.entity.id(), next);
        }
      }
      relations.replace(handle, kind, field, byEntity);
    }
  }

  private static boolean sameLinks(List<Link> a, List<Link> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).id().equals(b.get(i).id()) || !java.util.Objects.equals(a.get(i).label(), b.get(i).label())) {
        return false;
      }
    }
    return true;
  }

  /** A guarded update of one stored entity, with its history row written or dropped. */
  public void update(Handle handle, Stored current, Entity next, boolean addHistory, Integer dropHistory) {
    interleaving.beforeWrite(handle);
    if (entities.updateIfRowVersion(handle, List.of(row(next, current.row().rowVersion() + 1))) != 1) {
      throw new LostRace();
    }
    if (addHistory) {
      versions.insert(handle, List.of(historyRow(current.entity())));
    }
    if (dropHistory != null) {
      versions.delete(handle, kind.entityType(), current.row().id(), dropHistory);
    }
    writeLinks(handle, List.of(new Working(current, next, true)));
    int[] totals = new int[2];
    moved(totals, current.row().deleted(), next.deleted());
    entities.addToTotals(handle, totals[0], totals[1]);
  }

  /** Rewrites the document without a new version or a history row (server-managed fields), guarded like any write. */
  public void annotate(Handle handle, Stored current, Entity next) {
    interleaving.beforeWrite(handle);
    if (entities.updateIfRowVersion(handle, List.of(row(next, current.row().rowVersion() + 1))) != 1) {
      throw new LostRace();
    }
    int[] totals = new int[2];
    moved(totals, current.row().deleted(), next.deleted());
    entities.addToTotals(handle, totals[0], totals[1]);
  }

  /** Removes the row (if it still has the version read), its history, its edges and its tags. */
  public void hardDelete(Handle handle, Stored current) {
    interleaving.beforeWrite(handle);
    if (!entities.deleteIfRowVersion(handle, current.row().id(), current.row().rowVersion())) {
      throw new LostRace();
    }
    versions.deleteAll(handle, kind.entityType(), current.row().id());
    relations.removeAll(handle, kind.entityType(), current.row().id());
    int[] totals = new int[2];
    moved(totals, current.row().deleted(), null);
    entities.addToTotals(handle, totals[0], totals[1]);
  }

  public VersionRow historyRow(Entity entity) {
    return new VersionRow(kind.entityType(), entity.id(), entity.versionTenths(), json.write(merge.snapshot(entity)));
  }

  /**
   * The entity as a stored version recorded it, with links to the entities its references name
   * as they are now (by id; tags by FQN); for a PATCH that returns to that version (spec §1.7).
   */
  public Optional<Entity> version(Handle handle, UUID id, int tenths) {
    return versions.find(handle, kind.entityType(), id, tenths).map(row -> fromSnapshot(json.readStored(row.json()), relations.lookup(handle)));
  }

  private Entity fromSnapshot(ObjectNode snapshot, Lookup lookup) {
    ObjectNode doc = snapshot.deepCopy();
    Map<String, List<Link>> links = new HashMap<>();
    for (RelationField field : kind.relations()) {
      JsonNode value = doc.remove(field.name());
      List<Link> list = new ArrayList<>();
      List<JsonNode> items = new ArrayList<>();
      if (value != null && value.isArray()) {
        value.forEach(items::add);
      } else if (value != null && value.isObject()) {
        items.add(value);
      }
      for (JsonNode item : items) {
        Optional<Link> link = field.isTags() ? lookup.byFqn("tag", item.path("tagFQN").asText())
            : lookup.byId(item.path("type").asText(), UUID.fromString(item.path("id").asText()));
        link.ifPresent(found -> list.add(field.isTags()
            ? found.withLabel(new Link.Label(item.path("source").asText(), item.path("labelType").asText(), item.path("state").asText()))
            : found));
      }
      links.put(field.name(), Relations.sorted(field, list));
    }
    return new Entity(doc, links);
  }

  private EntityRow row(Entity entity, int rowVersion) {
    return new EntityRow(
        entity.id(), entity.name(), Fqn.hash(entity.fullyQualifiedName()), json.write(entity.doc()),
        entity.versionTenths(), rowVersion, entity.deleted(), entity.updatedAt(), entity.updatedBy());
  }

  /** A guarded write matched fewer rows than expected: another writer changed them first. */
  static final class LostRace extends RuntimeException {
    LostRace() {
      super("lost a race with a concurrent writer", null, false, false);
    }
  }
}
