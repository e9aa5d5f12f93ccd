package meridian.core.engine.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import meridian.core.Principal;
import meridian.core.engine.Kinds;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.store.rows.EntityRow;

/**
 * The store side of a subtree walk (recursive delete and restore): the levels of a subtree read
 * one indexed query per level and kind, and batches of one kind's children of a set of parents,
 * each a range of the parent index, changed in the caller's transaction. Rows a batch changes leave
 * the range the next batch asks for (a live row once soft-deleted, a row once removed), so a walk
 * needs no cursor: asking again finds what is left, after a crash too.
 */
public final class SubtreeStore {
  private final Kinds kinds;
  private final LinkStore links;
  private final Map<String, EntityStore> stores;

  public SubtreeStore(LinkStore links, Map<String, EntityStore> stores) {
    this.kinds = links.relations().kinds();
    this.links = links;
    this.stores = Map.copyOf(stores);
  }

  /**
   * The entities below {@code root} that may themselves have children, level by level: level 0 is
   * the root, level 1 its children of kinds that have child kinds (a service's databases), and so
   * on. Leaves (tables) are never read here; a walk takes them in batches by parent.
   */
  public List<Map<String, List<UUID>>> innerLevels(Tx tx, String rootType, UUID root) {
    List<Map<String, List<UUID>>> levels = new ArrayList<>();
    Map<String, List<UUID>> level = Map.of(rootType, List.of(root));
    Set<UUID> seen = new HashSet<>(List.of(root));
    while (!level.isEmpty()) {
      levels.add(level);
      Map<String, List<UUID>> next = new LinkedHashMap<>();
      for (Map.Entry<String, List<UUID>> parents : level.entrySet()) {
        for (EntityKind<?> child : kinds.childKinds(parents.getKey())) {
          if (kinds.childKinds(child.entityType()).isEmpty()) {
            continue;
          }
          for (UUID id : links.dao(child.entityType()).childIds(tx.handle, parents.getValue())) {
            if (seen.add(id)) {
              next.computeIfAbsent(child.entityType(), t -> new ArrayList<>()).add(id);
            }
          }
        }
      }
      level = next;
    }
    return levels;
  }

  /** How many children of {@code childType} these parents have, live or deleted or both ({@code deleted} null), from the kept totals. */
  public long count(Tx tx, String childType, List<UUID> parents, Boolean deleted) {
    return links.dao(childType).countUnder(tx.handle, parents, deleted);
  }

  /** Whether any of these parents has a child of {@code childType} in the state {@code deleted} asks for (null: any). */
  public boolean any(Tx tx, String childType, List<UUID> parents, Boolean deleted) {
    return !links.dao(childType).childrenForUpdate(tx.handle, parents, deleted, 1).isEmpty();
  }

  /**
   * Up to {@code limit} children of {@code childType} of these parents that are not yet in the state
   * {@code deleted}, flipped to it (a version and a history row each); {@code before} sees them as
   * they were, first. Returns how many.
   */
  public int flip(Tx tx, String childType, List<UUID> parents, boolean deleted, Principal principal, long now, int limit,
      java.util.function.Consumer<List<Entity>> before) {
    List<EntityRow> rows = links.dao(childType).childrenForUpdate(tx.handle, parents, !deleted, limit);
    if (rows.isEmpty()) {
      return 0;
    }
    EntityStore store = stores.get(childType);
    before.accept(rows.stream().map(r -> new Entity(readDoc(r))).toList());
    store.flipBatch(tx, rows, deleted, principal, now);
    return rows.size();
  }

  /** Up to {@code limit} children of {@code childType} of these parents, removed; {@code before} sees them first. Returns how many. */
  public int remove(Tx tx, String childType, List<UUID> parents, int limit, java.util.function.Consumer<List<Entity>> before) {
    List<EntityRow> rows = links.dao(childType).childrenForUpdate(tx.handle, parents, null, limit);
    if (rows.isEmpty()) {
      return 0;
    }
    before.accept(rows.stream().map(r -> new Entity(readDoc(r))).toList());
    stores.get(childType).removeBatch(tx, rows);
    return rows.size();
  }

  private com.fasterxml.jackson.databind.node.ObjectNode readDoc(EntityRow row) {
    return links.json().readStored(row.json());
  }
}
