package meridian.core.engine.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import meridian.core.Json;
import meridian.core.engine.Kinds;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.RelationFields;
import meridian.core.engine.relations.Relations;
import meridian.store.EntityDao;
import meridian.store.RelationshipDao;
import meridian.store.TagUsageDao;
import meridian.store.rows.EntityRow;
import meridian.store.rows.RelationshipRow;
import meridian.store.rows.TagUsageRow;
import org.jdbi.v3.core.Handle;

/**
 * The store side of every relation field: it fetches the targets a request names, reads and
 * replaces the edges ({@code entity_relationship}) and tag usages of entities, removes them with
 * an entity, and answers a {@link Lookup} inside a transaction. What the links mean is
 * {@link Relations}'; this class only moves them in and out.
 */
public final class LinkStore {
  private final Store store;
  private final Kinds kinds;
  private final Relations relations;
  private final Json json;
  private final RelationshipDao edges;
  private final TagUsageDao tagUsage;

  public LinkStore(Store store, Relations relations, Json json) {
    this.store = store;
    this.kinds = relations.kinds();
    this.relations = relations;
    this.json = json;
    this.edges = store.database.relationships();
    this.tagUsage = store.database.tagUsage();
  }

  public Relations relations() {
    return relations;
  }

  Json json() {
    return json;
  }

  EntityDao dao(String type) {
    return store.database.entities(kinds.table(type));
  }

  /** The row as a link: what a reference to it shows, with its document for checks. */
  Link link(String type, EntityRow row) {
    ObjectNode doc = json.readStored(row.json());
    String displayName = doc.hasNonNull("displayName") ? doc.get("displayName").asText() : null;
    return new Link(row.id(), type, row.name(), doc.path("fullyQualifiedName").asText(row.name()), displayName, row.deleted(), doc, null);
  }

  /** Fetches, in one query per kind for ids and one for FQNs, every target of {@code wanted}; resolve each request with the result. */
  public Relations.Resolver fetch(Tx tx, EntityKind<?> kind, Relations.Wanted wanted) {
    Map<String, Map<UUID, Link>> byId = new HashMap<>();
    Map<String, Map<String, Link>> byHash = new HashMap<>();
    wanted.ids().forEach((type, set) -> dao(type).findByIds(tx.handle, set)
        .forEach(row -> byId.computeIfAbsent(type, t -> new HashMap<>()).put(row.id(), link(type, row))));
    wanted.hashes().forEach((type, set) -> dao(type).findByFqnHashes(tx.handle, set)
        .forEach(row -> byHash.computeIfAbsent(type, t -> new HashMap<>()).put(row.fqnHash(), link(type, row))));
    return relations.resolver(kind, byId, byHash);
  }

  /**
   * The entities of {@code type} under these FQN hashes, as links by hash, each held with a shared
   * lock until the transaction ends: the parents a write creates children under (a recursive delete
   * of one waits for the write, then sees its child).
   */
  public Map<String, Link> parents(Tx tx, String type, Collection<String> hashes) {
    Map<String, Link> out = new HashMap<>();
    if (!hashes.isEmpty()) {
      dao(type).findByFqnHashesForShare(tx.handle, hashes).forEach(row -> out.put(row.fqnHash(), link(type, row)));
    }
    return out;
  }

  /** The entities of {@code type} with these FQNs, by the FQN as given (missing ones are left out): one query. */
  public Map<String, Link> byFqns(Tx tx, String type, Collection<String> fqns) {
    Map<String, String> fqnByHash = new HashMap<>();
    for (String fqn : fqns) {
      for (String hash : kinds.hashesFor(type, fqn)) {
        fqnByHash.putIfAbsent(hash, fqn);
      }
    }
    Map<String, Link> out = new HashMap<>();
    if (!fqnByHash.isEmpty()) {
      dao(type).findByFqnHashes(tx.handle, fqnByHash.keySet())
          .forEach(row -> out.putIfAbsent(fqnByHash.get(row.fqnHash()), link(type, row)));
    }
    return out;
  }

  /**
   * Makes the tags on the parts of each entity in {@code byEntity} exactly these (a table's column
   * tags, kept as tag uses for counts and tag deletes). Tags that no longer exist are left out.
   */
  public void replacePartTags(Tx tx, EntityKind<?> kind, Map<UUID, List<meridian.core.engine.kind.PartTag>> byEntity) {
    if (byEntity.isEmpty()) {
      return;
    }
    tagUsage.deleteByTargets(tx.handle, byEntity.keySet(), true);
    Set<String> fqns = new LinkedHashSet<>();
    byEntity.values().forEach(list -> list.forEach(t -> fqns.add(t.tagFQN())));
    Map<String, Link> tags = byFqns(tx, "tag", fqns);
    List<TagUsageRow> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    byEntity.forEach((id, list) -> list.forEach(t -> {
      Link tag = tags.get(t.tagFQN());
      String part = meridian.core.Fqn.hash(t.part()).substring(0, 32);
      if (tag != null && seen.add(id + "/" + part + "/" + tag.id())) {
        rows.add(new TagUsageRow(id, kind.entityType(), part, tag.id(), t.source(), t.labelType(), t.state()));
      }
    }));
    tagUsage.insert(tx.handle, rows);
  }

  /** The entities of {@code type} with these ids, as links (missing ones are left out). */
  public Map<UUID, Link> byIds(Tx tx, String type, Collection<UUID> ids) {
    Map<UUID, Link> out = new HashMap<>();
    if (!ids.isEmpty()) {
      dao(type).findByIds(tx.handle, ids).forEach(row -> out.put(row.id(), link(type, row)));
    }
    return out;
  }

  /**
   * What {@code fields} of each entity in {@code ids} hold now, one query per field plus one per
   * kind of target. A field with nothing in it maps to an empty list; fields not asked for are
   * absent (not loaded).
   */
  public Map<UUID, Map<String, List<Link>>> load(Tx tx, EntityKind<?> kind, Collection<UUID> ids, Collection<RelationField> fields) {
    Handle handle = tx.handle;
    Map<UUID, Map<String, List<Link>>> out = new HashMap<>();
    if (ids.isEmpty() || fields.isEmpty()) {
      ids.forEach(id -> out.put(id, new HashMap<>()));
      return out;
    }
    record Edge(UUID entity, RelationField field, UUID target, String type, Link.Label label) {}
    List<Edge> found = new ArrayList<>();
    for (RelationField field : fields) {
      if (field.isTags()) {
        for (TagUsageRow row : tagUsage.findByTargets(handle, ids)) {
          found.add(new Edge(row.targetId(), field, row.tagId(), "tag", new Link.Label(row.source(), row.labelType(), row.state())));
        }
      } else if (field.inbound()) {
        for (RelationshipRow row : edges.findTo(handle, ids, field.relation(), field.targets())) {
          found.add(new Edge(row.toId(), field, row.fromId(), row.fromType(), null));
        }
      } else {
        for (RelationshipRow row : edges.findFrom(handle, ids, field.relation(), field.targets())) {
          found.add(new Edge(row.fromId(), field, row.toId(), row.toType(), null));
        }
      }
    }
    Map<String, Set<UUID>> wanted = new HashMap<>();
    found.forEach(e -> wanted.computeIfAbsent(e.type(), t -> new LinkedHashSet<>()).add(e.target()));
    Map<UUID, Link> targets = new HashMap<>();
    wanted.forEach((type, set) -> {
      if (kinds.has(type)) {
        targets.putAll(byIds(tx, type, set));
      }
    });
    Map<UUID, Map<String, List<Link>>> collected = new HashMap<>();
    for (Edge edge : found) {
      Link link = targets.get(edge.target());
      if (link == null) {
        continue; // the target is gone; its edge goes with the next write
      }
      collected.computeIfAbsent(edge.entity(), k -> new HashMap<>())
          .computeIfAbsent(edge.field().name(), k -> new ArrayList<>())
          .add(edge.label() == null ? link : link.withLabel(edge.label()));
    }
    for (UUID id : ids) {
      Map<String, List<Link>> byField = new HashMap<>();
      Map<String, List<Link>> got = collected.getOrDefault(id, Map.of());
      for (RelationField field : fields) {
        byField.put(field.name(), Relations.sorted(field, new ArrayList<>(got.getOrDefault(field.name(), List.of()))));
      }
      out.put(id, byField);
    }
    return out;
  }

  /** Makes {@code field} of each entity in {@code byEntity} hold exactly the given links. */
  public void replace(Tx tx, EntityKind<?> kind, RelationField field, Map<UUID, List<Link>> byEntity) {
    Handle handle = tx.handle;
    if (byEntity.isEmpty()) {
      return;
    }
    if (field.isTags()) {
      tagUsage.deleteByTargets(handle, byEntity.keySet(), false);
      List<TagUsageRow> rows = new ArrayList<>();
      byEntity.forEach((id, links) -> links.forEach(link -> {
        Link.Label label = link.label() == null ? Link.Label.DEFAULT : link.label();
        rows.add(new TagUsageRow(id, kind.entityType(), "", link.id(), label.source(), label.labelType(), label.state()));
      }));
      tagUsage.insert(handle, rows);
      return;
    }
    if (field.inbound()) {
      edges.deleteTo(handle, byEntity.keySet(), field.relation(), field.targets());
    } else {
      edges.deleteFrom(handle, byEntity.keySet(), field.relation(), field.targets());
    }
    List<RelationshipRow> rows = new ArrayList<>();
    byEntity.forEach((id, links) -> links.forEach(link -> rows.add(field.inbound()
        ? new RelationshipRow(link.id(), link.type(), id, kind.entityType(), field.relation())
        : new RelationshipRow(id, kind.entityType(), link.id(), link.type(), field.relation()))));
    edges.insert(handle, rows);
  }

  /** A hard delete: every edge from or to the entities, and the tags on them and on their parts. */
  public void removeAll(Tx tx, Collection<UUID> ids) {
    edges.deleteAllOf(tx.handle, ids);
    tagUsage.deleteAllOf(tx.handle, ids);
  }

  /** What a kind's {@code onDelete} may ask for, inside {@code tx}. */
  public meridian.core.engine.kind.EntityKind.Cleanup cleanup(Tx tx) {
    return new meridian.core.engine.kind.EntityKind.Cleanup() {
      @Override
      public void removeTagUses(UUID tagId) {
        tagUsage.deleteByTag(tx.handle, tagId);
      }

      @Override
      public void removeRunStatuses(UUID pipelineId) {
        store.database.pipelineStatuses().deleteAll(tx.handle, pipelineId);
      }

      @Override
      public void cancelJobsOn(UUID targetId, String jobKind, String reason) {
        store.database.jobs().cancelAllOn(tx.handle, jobKind, targetId, System.currentTimeMillis(),
            json.write(java.util.Map.of("code", 400, "message", reason)));
      }
    };
  }

  /** Reads for checks, inside {@code tx}'s transaction. */
  public Lookup lookup(Tx tx) {
    Handle handle = tx.handle;
    return new Lookup() {
      @Override
      public Optional<Link> byFqn(String type, String fqn) {
        if (!kinds.has(type)) {
          return Optional.empty();
        }
        return dao(type).findByFqnHashes(handle, kinds.hashesFor(type, fqn)).stream().findFirst().map(row -> link(type, row));
      }

      @Override
      public Map<String, Link> byFqns(String type, Collection<String> fqns) {
        return LinkStore.this.byFqns(tx, type, fqns);
      }

      @Override
      public Optional<Link> byId(String type, UUID id) {
        if (!kinds.has(type)) {
          return Optional.empty();
        }
        return dao(type).findById(handle, id).map(row -> link(type, row));
      }

      @Override
      public List<Link> linksOf(String type, UUID id, String name) {
        EntityKind<?> kind = kinds.kind(type);
        RelationField field = kind.relations().stream().filter(f -> f.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(type + " has no relation " + name));
        return load(tx, kind, List.of(id), List.of(field)).get(id).get(name);
      }

      @Override
      public Map<UUID, Integer> usageCounts(Collection<UUID> tagIds) {
        return tagUsage.countByTags(handle, tagIds);
      }

      @Override
      public Set<UUID> teamsOf(UUID userId) {
        Set<UUID> teams = new LinkedHashSet<>();
        edges.findTo(handle, List.of(userId), RelationFields.HAS, List.of("team")).forEach(row -> teams.add(row.fromId()));
        return teams;
      }

      @Override
      public int childCount(String childType, UUID parent, boolean deleted) {
        return dao(childType).count(handle, parent, deleted, null);
      }

      @Override
      public List<UUID> descendants(UUID root, String rootType, String type) {
        return LinkStore.this.descendants(tx, root, rootType, type);
      }
    };
  }

  /**
   * The ids of every entity of {@code type} below {@code root}, level by level down the containment
   * tree (one indexed query per level and child kind); for trees of a kind nested in itself (tags).
   */
  List<UUID> descendants(Tx tx, UUID root, String rootType, String type) {
    List<UUID> out = new ArrayList<>();
    Map<String, List<UUID>> level = Map.of(rootType, List.of(root));
    Set<UUID> seen = new HashSet<>(List.of(root));
    while (!level.isEmpty()) {
      Map<String, List<UUID>> next = new HashMap<>();
      for (Map.Entry<String, List<UUID>> parents : level.entrySet()) {
        for (EntityKind<?> child : kinds.childKinds(parents.getKey())) {
          if (!child.entityType().equals(type) && !kinds.below(type, child.entityType())) {
            continue; // nothing of the wanted kind down there: its rows are not read
          }
          for (UUID id : dao(child.entityType()).childIds(tx.handle, parents.getValue())) {
            if (seen.add(id)) {
              if (child.entityType().equals(type)) {
                out.add(id);
              }
              next.computeIfAbsent(child.entityType(), t -> new ArrayList<>()).add(id);
            }
          }
        }
      }
      level = next;
    }
    return out;
  }
}
