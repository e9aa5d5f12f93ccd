package meridian.core.engine.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import meridian.core.Json;
import meridian.core.engine.Target;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.relations.Link;
import meridian.store.EntityDao;
import meridian.store.VersionDao;
import meridian.store.rows.EntityRow;

/**
 * The store side of the reads of one kind: an entity by id or name, pages of a list (of the whole
 * table, of one parent's children, or of the entities related to one), their kept totals, a
 * parent's children as references, and stored versions. Every query is one range of an index
 * (QueryPlanIT proves it on each store).
 */
public final class Reads {
  /** A list narrowed to the far end of one entity's edges (a domain's services). */
  public record Related(UUID id, String relation, boolean relatedIsFrom) {
    EntityDao.Related toDao() {
      return new EntityDao.Related(id, relation, relatedIsFrom);
    }
  }

  private final EntityKind<?> kind;
  private final LinkStore links;
  private final Json json;
  private final EntityDao entities;
  private final VersionDao versions;

  public Reads(EntityKind<?> kind, Store store, LinkStore links, Json json) {
    this.kind = kind;
    this.links = links;
    this.json = json;
    this.entities = store.database.entities(kind.table());
    this.versions = store.database.versions();
  }

  /** The entity (its document, no relation fields) a request names, deleted or not. */
  public Optional<Entity> find(Tx tx, Target target) {
    Optional<EntityRow> row;
    if (target.id() != null) {
      row = entities.findById(tx.handle, target.id());
    } else {
      row = Optional.empty();
      for (String hash : links.relations().kinds().hashesFor(kind.entityType(), target.fqn())) {
        row = entities.findByFqnHash(tx.handle, hash);
        if (row.isPresent()) {
          break;
        }
      }
    }
    return row.map(this::entity);
  }

  /** The stamp (id, row version, deleted) of the entity a name names, without reading its document. */
  public Optional<EntityDao.Stamp> stamp(Tx tx, String fqn) {
    for (String hash : links.relations().kinds().hashesFor(kind.entityType(), fqn)) {
      Optional<EntityDao.Stamp> stamp = entities.stampByFqnHash(tx.handle, hash);
      if (stamp.isPresent()) {
        return stamp;
      }
    }
    return Optional.empty();
  }

  /** The live children of {@code parent} with one member of each document, not parsed (see {@link EntityDao#childMembers}). */
  public List<EntityDao.ChildMember> childMembers(Tx tx, UUID parent, String member) {
    return entities.childMembers(tx.handle, parent, member);
  }

  /** The entities (documents, no relation fields) with these ids that exist, in no set order. */
  public List<Entity> byIds(Tx tx, Collection<UUID> ids) {
    return entities.findByIds(tx.handle, ids).stream().map(this::entity).toList();
  }

  private Entity entity(EntityRow row) {
    return new Entity(json.readStored(row.json()));
  }

  /**
   * One page in (name, id) order after {@code (name, id)} (or, {@code after} false, before it,
   * nearest first): of the whole table ({@code parent} null) or of one parent's children in one
   * state, narrowed to {@code related}'s when given.
   */
  public List<Entity> page(Tx tx, boolean after, UUID parent, Boolean deleted, Related related, String name, String id, int limit) {
    EntityDao.Related r = related == null ? null : related.toDao();
    List<EntityRow> rows = after ? entities.pageAfter(tx.handle, parent, deleted, r, name, id, limit)
        : entities.pageBefore(tx.handle, parent, deleted, r, name, id, limit);
    return rows.stream().map(this::entity).toList();
  }

  /** One page of the children of any of {@code parents} in one state (see {@code EntityDao#pageUnder}), in chunks of 500 parents, merged. */
  public List<Entity> pageUnder(Tx tx, boolean after, List<UUID> parents, boolean deleted, String name, String id, int limit) {
    List<Entity> out = new ArrayList<>();
    for (int from = 0; from < parents.size(); from += 500) {
      entities.pageUnder(tx.handle, after, parents.subList(from, Math.min(parents.size(), from + 500)), deleted, name, id, limit)
          .forEach(row -> out.add(entity(row)));
    }
    return out;
  }

  /** How many children of any of {@code parents} there are in the state asked ({@code deleted} null: both), from the kept totals. */
  public long countUnder(Tx tx, List<UUID> parents, Boolean deleted) {
    return entities.countUnder(tx.handle, parents, deleted);
  }

  /** The total of a list: kept per table and per parent; a related list counts its edges. */
  public int count(Tx tx, UUID parent, Boolean deleted, Related related) {
    return entities.count(tx.handle, parent, deleted, related == null ? null : related.toDao());
  }

  /** The children of {@code parents} in one state ({@code deleted} null: both), as references, parent by parent. */
  public Map<UUID, List<Link>> children(Tx tx, Collection<UUID> parents, Boolean deleted) {
    Map<UUID, List<Link>> out = new HashMap<>();
    for (UUID parent : parents) {
      List<Link> found = new ArrayList<>();
      for (Boolean state : deleted == null ? List.of(Boolean.FALSE, Boolean.TRUE) : List.of(deleted)) {
        String name = "";
        String id = "";
        while (true) {
          List<EntityRow> rows = entities.pageAfter(tx.handle, parent, state, null, name, id, 1000);
          rows.forEach(row -> found.add(links.link(kind.entityType(), row)));
          if (rows.size() < 1000) {
            break;
          }
          name = rows.get(rows.size() - 1).name();
          id = rows.get(rows.size() - 1).id().toString();
        }
      }
      out.put(parent, found);
    }
    return out;
  }

  /** The stored versions of an entity, newest first (their documents). */
  public List<String> versions(Tx tx, UUID id) {
    return versions.list(tx.handle, kind.entityType(), id).stream().map(VersionDao.VersionRow::json).toList();
  }

  /** One stored version's document. */
  public Optional<String> version(Tx tx, UUID id, int tenths) {
    return versions.find(tx.handle, kind.entityType(), id, tenths).map(VersionDao.VersionRow::json);
  }
}
