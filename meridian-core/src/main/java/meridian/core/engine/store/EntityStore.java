package meridian.core.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import meridian.core.Fqn;
import meridian.core.Json;
import meridian.core.engine.Target;
import meridian.core.engine.kind.Containment;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.Relations;
import meridian.core.engine.write.Merge;
import meridian.core.errors.ApiException;
import meridian.model.Include;
import meridian.store.EntityDao;
import meridian.store.VersionDao;
import meridian.store.VersionDao.VersionRow;
import meridian.store.rows.EntityRow;

/**
 * The rows of one kind as a write sees them (ARCHITECTURE rule 8): it reads the entities a write
 * works on with the relation fields the write needs — never more — and writes rows, history, links
 * and totals together. Every UPDATE and DELETE is guarded by the row version it read; one that
 * matches fewer rows than it should, or a unique-key violation, rolls the transaction back for
 * another attempt on fresh data ({@link Store#write}).
 */
public final class EntityStore {
  private final EntityKind<?> kind;
  private final Store store;
  private final Json json;
  private final LinkStore links;
  private final Merge merge;
  private final EntityDao entities;
  private final VersionDao versions;
  private final SearchStore search;

  public EntityStore(EntityKind<?> kind, Store store, LinkStore links, SearchStore search, Json json) {
    this.kind = kind;
    this.store = store;
    this.json = json;
    this.links = links;
    this.search = search;
    this.merge = new Merge(kind, links.relations(), json);
    this.versions = store.database.versions();
    this.entities = store.database.entities(kind.table());
  }

  public EntityKind<?> kind() {
    return kind;
  }

  public Merge merge() {
    return merge;
  }

  /** Runs {@code work} in one write transaction of this kind (see {@link Store#write}). */
  public <R> R write(java.util.function.Function<Tx, R> work) {
    return store.write(kind.table(), work);
  }

  /** The same for a write that most often changes nothing (see {@link Store#writeReadFirst}). */
  public <R> R writeReadFirst(java.util.function.Function<Tx, R> work) {
    return store.writeReadFirst(kind.table(), work);
  }

  /** An entity as stored: its row (for the guard and its parent) and the entity with the links that were loaded. */
  public static final class Stored {
    final EntityRow row;
    final Entity entity;

    Stored(EntityRow row, Entity entity) {
      this.row = row;
      this.entity = entity;
    }

    public Entity entity() {
      return entity;
    }

    /** The containing entity's id; null for a root. */
    public UUID parentId() {
      return row.parentId();
    }
  }

  /*
   * Every read below is the read of a read-modify-write, so it locks the rows it finds until the
   * transaction ends (Dialect.lockForUpdate: FOR UPDATE on PostgreSQL and MariaDB; on SQLite the
   * transaction already holds the database). Concurrent writers of one entity then queue instead
   * of racing; the row-version guard stays as the proof that nothing slipped through.
   */

  /** The stored entities with these FQN hashes, with the relation fields {@code fields}, by hash. */
  public Map<String, Stored> loadByHashes(Tx tx, Collection<String> hashes, Collection<RelationField> fields) {
    List<EntityRow> rows = entities.findByFqnHashesForUpdate(tx.handle, hashes);
    Map<String, Stored> out = new LinkedHashMap<>();
    Map<UUID, Map<String, List<Link>>> loaded = links.load(tx, kind, rows.stream().map(EntityRow::id).toList(), fields);
    for (EntityRow row : rows) {
      out.put(row.fqnHash(), new Stored(row, new Entity(json.readStored(row.json()), loaded.get(row.id()))));
    }
    return out;
  }

  /** The entity a request names, as {@code include} allows, with the relation fields {@code fields}; OM's 404 otherwise. */
  public Stored load(Tx tx, Target target, Include include, Collection<RelationField> fields) {
    Optional<EntityRow> row =
        target.id() != null ? entities.findByIdForUpdate(tx.handle, target.id()) : firstByHashes(tx, target);
    EntityRow found = row.filter(r -> include == Include.ALL || r.deleted() == (include == Include.DELETED))
        .orElseThrow(() -> ApiException.notFound(kind.entityType(), target.key()));
    Map<String, List<Link>> loaded = links.load(tx, kind, List.of(found.id()), fields).get(found.id());
    return new Stored(found, new Entity(json.readStored(found.json()), loaded));
  }

  /** The entity with this id, deleted or not, with the relation fields {@code fields}; empty when there is none. */
  public Optional<Stored> find(Tx tx, UUID id, Collection<RelationField> fields) {
    return entities.findByIdForUpdate(tx.handle, id).map(row -> new Stored(row,
        new Entity(json.readStored(row.json()), links.load(tx, kind, List.of(row.id()), fields).get(row.id()))));
  }

  /** The row under the first of the FQN hashes a client's spelling may be stored under (see Kinds#hashesFor). */
  private Optional<EntityRow> firstByHashes(Tx tx, Target target) {
    List<String> hashes = links.relations().kinds().hashesFor(kind.entityType(), target.fqn());
    Map<String, EntityRow> found = new HashMap<>();
    entities.findByFqnHashesForUpdate(tx.handle, hashes).forEach(r -> found.put(r.fqnHash(), r));
    return hashes.stream().filter(found::containsKey).map(found::get).findFirst();
  }

  /** The tracked relation fields of the kind: what a history row holds besides the document. */
  public List<RelationField> tracked() {
    return kind.relations().stream().filter(RelationField::tracked).toList();
  }

  /**
   * Adds to each entity the tracked relation fields it was read without, so that the history row of
   * the version it replaces is whole; the new state gets the same values (the write did not touch
   * them). Only entities a write changes pay for this.
   */
  public void completeForHistory(Tx tx, Collection<Working> changed) {
    Map<UUID, Working> byId = new HashMap<>();
    List<RelationField> missing = new ArrayList<>();
    for (Working w : changed) {
      if (w.original == null) {
        continue;
      }
      for (RelationField field : tracked()) {
        if (!w.original.entity.isLoaded(field.name())) {
          byId.put(w.original.row.id(), w);
          if (!missing.contains(field)) {
            missing.add(field);
          }
        }
      }
    }
    if (byId.isEmpty()) {
      return;
    }
    Map<UUID, Map<String, List<Link>>> loaded = links.load(tx, kind, byId.keySet(), missing);
    byId.forEach((id, w) -> {
      Map<String, List<Link>> more = new HashMap<>(loaded.get(id));
      more.keySet().removeIf(w.original.entity::isLoaded);
      w.original = new Stored(w.original.row, w.original.entity.withMoreLinks(more));
      w.entity = w.entity.withMoreLinks(more);
      w.superseded.replaceAll(e -> e.withMoreLinks(more));
    });
  }

  /**
   * One entity of a write: where it started (null: new), where it is now, and the states a batch
   * moved it through on the way (each one a version with its history row).
   */
  public static final class Working {
    Stored original;
    Entity entity;
    boolean dirty;
    final UUID parentId;
    final List<Entity> superseded = new ArrayList<>();

    public Working(Stored original, Entity entity, boolean dirty, UUID parentId) {
      this.original = original;
      this.entity = entity;
      this.dirty = dirty;
      this.parentId = parentId;
    }

    public Stored original() {
      return original;
    }

    public Entity entity() {
      return entity;
    }

    /** The entity moves to its next version; the one it leaves gets a history row. */
    public void changeTo(Entity next) {
      superseded.add(entity);
      entity = next;
      dirty = true;
    }
  }

  /**
   * Writes what a batch of creates and updates left: new rows, guarded updates, a history row for
   * each superseded version, the relation fields that changed, and the totals.
   */
  public void persist(Tx tx, Collection<Working> working) {
    List<Working> changed = working.stream().filter(w -> w.dirty).toList();
    if (changed.isEmpty()) {
      return;
    }
    tx.needsWrite();
    completeForHistory(tx, changed);
    store.interleaving.beforeWrite(tx.handle);
    List<EntityRow> inserts = new ArrayList<>();
    List<EntityRow> updates = new ArrayList<>();
    List<VersionRow> history = new ArrayList<>();
    for (Working w : changed) {
      if (w.original == null) {
        inserts.add(row(w.entity, 1, w.parentId));
      } else {
        updates.add(row(w.entity, w.original.row.rowVersion() + 1, w.original.row.parentId()));
      }
      w.superseded.forEach(e -> history.add(historyRow(e)));
    }
    entities.insert(tx.handle, inserts);
    if (entities.updateIfRowVersion(tx.handle, updates) != updates.size()) {
      throw new Store.LostRace();
    }
    versions.insert(tx.handle, history);
    writeLinks(tx, changed);
    writePartTags(tx, changed);
    search.put(tx, kind, changed.stream().map(w -> w.entity).toList(),
        changed.stream().filter(w -> w.original == null).map(w -> w.entity.id()).collect(java.util.stream.Collectors.toSet()));
    Map<UUID, int[]> totals = new HashMap<>();
    for (Working w : changed) {
      UUID parent = w.original == null ? w.parentId : w.original.row.parentId();
      moved(totals.computeIfAbsent(parent, p -> new int[2]), w.original == null ? null : w.original.row.deleted(), w.entity.deleted());
    }
    addTotals(tx, totals);
  }

  private void addTotals(Tx tx, Map<UUID, int[]> totals) {
    totals.forEach((parent, n) -> entities.addToTotals(tx.handle, parent, n[0], n[1]));
  }

  /**
   * What one row's write does to the list totals: {@code totals[0]} live, {@code totals[1]}
   * deleted; {@code before} null for a new row, {@code after} null for a removed one.
   */
  static void moved(int[] totals, Boolean before, Boolean after) {
    if (Objects.equals(before, after)) {
      return;
    }
    if (before != null) {
      totals[before ? 1 : 0]--;
    }
    if (after != null) {
      totals[after ? 1 : 0]++;
    }
  }

  /** Replaces the links of every loaded relation field whose links a write changed. */
  private void writeLinks(Tx tx, List<Working> changed) {
    for (RelationField field : kind.relations()) {
      Map<UUID, List<Link>> byEntity = new HashMap<>();
      for (Working w : changed) {
        if (!w.entity.isLoaded(field.name())) {
          continue; // not read, so not changed
        }
        List<Link> next = w.entity.links(field.name());
        List<Link> before = w.original == null ? List.of() : w.original.entity.links(field.name());
        if (!sameLinks(before, next)) {
          byEntity.put(w.entity.id(), next);
        }
      }
      links.replace(tx, kind, field, byEntity);
    }
  }

  /** The tags on parts (a table's columns) of every entity whose parts' tags a write changed. */
  private void writePartTags(Tx tx, List<Working> changed) {
    if (!kind.taggedParts()) {
      return;
    }
    Map<UUID, List<meridian.core.engine.kind.PartTag>> byEntity = new HashMap<>();
    for (Working w : changed) {
      List<meridian.core.engine.kind.PartTag> next = kind.partTags(w.entity.doc());
      List<meridian.core.engine.kind.PartTag> before = w.original == null ? List.of() : kind.partTags(w.original.entity.doc());
      if (!next.equals(before)) {
        byEntity.put(w.entity.id(), next);
      }
    }
    links.replacePartTags(tx, kind, byEntity);
  }

  private static boolean sameLinks(List<Link> a, List<Link> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).id().equals(b.get(i).id()) || !Objects.equals(a.get(i).label(), b.get(i).label())) {
        return false;
      }
    }
    return true;
  }

  /** A guarded update of one stored entity, with its history row written or dropped. */
  public void update(Tx tx, Stored current, Entity next, boolean addHistory, Integer dropHistory) {
    tx.needsWrite();
    Working w = new Working(current, current.entity, false, current.row.parentId());
    w.entity = next;
    w.dirty = true;
    if (addHistory) {
      completeForHistory(tx, List.of(w));
    }
    store.interleaving.beforeWrite(tx.handle);
    if (entities.updateIfRowVersion(tx.handle, List.of(row(w.entity, current.row.rowVersion() + 1, current.row.parentId()))) != 1) {
      throw new Store.LostRace();
    }
    if (addHistory) {
      versions.insert(tx.handle, List.of(historyRow(w.original.entity)));
    }
    if (dropHistory != null) {
      versions.delete(tx.handle, kind.entityType(), current.row.id(), dropHistory);
    }
    writeLinks(tx, List.of(w));
    writePartTags(tx, List.of(w));
    search.put(tx, kind, List.of(next));
    int[] totals = new int[2];
    moved(totals, current.row.deleted(), next.deleted());
    entities.addToTotals(tx.handle, current.row.parentId(), totals[0], totals[1]);
    if (next.deleted() && !current.row.deleted()) {
      kind.onDelete(current.row.id(), false, links.cleanup(tx));
    }
  }

  /** Rewrites the document without a new version or a history row (server-managed fields), guarded like any write. */
  public void annotate(Tx tx, Stored current, Entity next) {
    tx.needsWrite();
    store.interleaving.beforeWrite(tx.handle);
    if (entities.updateIfRowVersion(tx.handle, List.of(row(next, current.row.rowVersion() + 1, current.row.parentId()))) != 1) {
      throw new Store.LostRace();
    }
    search.put(tx, kind, List.of(next));
  }

  /** Removes the row (if it still has the version read), its history, its edges, its tags and its totals as a parent. */
  public void hardDelete(Tx tx, Stored current) {
    tx.needsWrite();
    store.interleaving.beforeWrite(tx.handle);
    if (!entities.deleteIfRowVersion(tx.handle, current.row.id(), current.row.rowVersion())) {
      throw new Store.LostRace();
    }
    versions.deleteAll(tx.handle, kind.entityType(), List.of(current.row.id()));
    links.removeAll(tx, List.of(current.row.id()));
    search.remove(tx, kind, List.of(current.row.id()));
    kind.onDelete(current.row.id(), true, links.cleanup(tx));
    int[] totals = new int[2];
    moved(totals, current.row.deleted(), null);
    entities.addToTotals(tx.handle, current.row.parentId(), totals[0], totals[1]);
    for (EntityKind<?> child : links.relations().kinds().childKinds(kind.entityType())) {
      links.dao(child.entityType()).dropTotalsOf(tx.handle, List.of(current.row.id()));
    }
  }

  /**
   * One batch of a recursive soft delete or restore: these rows (locked by the read that found them)
   * each get a version that records the flip of {@code deleted}, with the history row of the version
   * it replaces. Returns the entities as they were.
   */
  List<Entity> flipBatch(Tx tx, List<EntityRow> rows, boolean deleted, meridian.core.Principal principal, long now) {
    Map<UUID, Map<String, List<Link>>> loaded = links.load(tx, kind, rows.stream().map(EntityRow::id).toList(), tracked());
    List<EntityRow> updates = new ArrayList<>();
    List<VersionRow> history = new ArrayList<>();
    List<Entity> before = new ArrayList<>();
    List<Entity> after = new ArrayList<>();
    Map<UUID, int[]> totals = new HashMap<>();
    for (EntityRow row : rows) {
      Entity entity = new Entity(json.readStored(row.json()), loaded.get(row.id()));
      before.add(entity);
      Entity next = merge.flipDeleted(entity, deleted, principal, now);
      updates.add(row(next, row.rowVersion() + 1, row.parentId()));
      after.add(next);
      history.add(historyRow(entity));
      moved(totals.computeIfAbsent(row.parentId(), p -> new int[2]), row.deleted(), deleted);
    }
    store.interleaving.beforeWrite(tx.handle);
    if (entities.updateIfRowVersion(tx.handle, updates) != updates.size()) {
      throw new Store.LostRace();
    }
    versions.insert(tx.handle, history);
    search.put(tx, kind, after);
    addTotals(tx, totals);
    if (deleted) {
      rows.forEach(row -> kind.onDelete(row.id(), false, links.cleanup(tx)));
    }
    return before;
  }

  /**
   * One batch of a recursive hard delete: these rows (locked by the read that found them) go, with
   * their history, edges, tags, and their totals as parents.
   */
  void removeBatch(Tx tx, List<EntityRow> rows) {
    List<UUID> ids = rows.stream().map(EntityRow::id).toList();
    store.interleaving.beforeWrite(tx.handle);
    if (entities.deleteByIds(tx.handle, ids) != ids.size()) {
      throw new Store.LostRace();
    }
    versions.deleteAll(tx.handle, kind.entityType(), ids);
    links.removeAll(tx, ids);
    search.remove(tx, kind, ids);
    ids.forEach(id -> kind.onDelete(id, true, links.cleanup(tx)));
    Map<UUID, int[]> totals = new HashMap<>();
    for (EntityRow row : rows) {
      moved(totals.computeIfAbsent(row.parentId(), p -> new int[2]), row.deleted(), null);
    }
    addTotals(tx, totals);
    for (EntityKind<?> child : links.relations().kinds().childKinds(kind.entityType())) {
      links.dao(child.entityType()).dropTotalsOf(tx.handle, ids);
    }
  }

  public VersionRow historyRow(Entity entity) {
    for (RelationField field : tracked()) {
      if (!entity.isLoaded(field.name())) {
        throw new IllegalStateException("a history row of " + kind.entityType() + " without its " + field.name());
      }
    }
    return new VersionRow(kind.entityType(), entity.id(), entity.versionTenths(), json.write(merge.snapshot(entity)));
  }

  /**
   * The entity as a stored version recorded it, with links to the entities its references name
   * as they are now (by id; tags by FQN); for a PATCH that returns to that version (spec §1.7).
   */
  public Optional<Entity> version(Tx tx, UUID id, int tenths) {
    return versions.find(tx.handle, kind.entityType(), id, tenths).map(row -> fromSnapshot(json.readStored(row.json()), links.lookup(tx)));
  }

  private Entity fromSnapshot(ObjectNode snapshot, Lookup lookup) {
    ObjectNode doc = snapshot.deepCopy();
    Map<String, List<Link>> loaded = new HashMap<>();
    for (RelationField field : kind.relations()) {
      JsonNode value = doc.remove(field.name());
      if (!field.tracked()) {
        continue;
      }
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
      loaded.put(field.name(), Relations.sorted(field, list));
    }
    return new Entity(doc, loaded);
  }

  /** The parent id an entity's document names (its nearest ancestor of a parent kind); null for a root. */
  public static UUID parentIdOf(EntityKind<?> kind, ObjectNode doc) {
    Containment containment = kind.containment();
    if (containment == null) {
      return null;
    }
    for (String member : containment.parentMembers()) {
      JsonNode ref = doc.get(member);
      if (ref != null && ref.hasNonNull("id")) {
        return UUID.fromString(ref.get("id").asText());
      }
    }
    return null;
  }

  private EntityRow row(Entity entity, int rowVersion, UUID parentId) {
    return new EntityRow(
        entity.id(), entity.name(), Fqn.hash(entity.fullyQualifiedName()), parentId, json.write(entity.doc()),
        entity.versionTenths(), rowVersion, entity.deleted(), entity.updatedAt(), entity.updatedBy());
  }
}
