package meridian.core.engine.containment;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import meridian.core.Principal;
import meridian.core.engine.Kinds;
import meridian.core.engine.jobs.Jobs;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.store.EntityStore;
import meridian.core.engine.store.EntityStore.Stored;
import meridian.core.engine.store.LinkStore;
import meridian.core.engine.store.Store;
import meridian.core.engine.store.SubtreeStore;
import meridian.core.engine.store.Tx;

/**
 * Recursive delete and restore through a containment subtree (catalog spec §6.3–6.4), at the scale
 * of a service with a hundred thousand tables: set-based and bounded. The walk reads the levels of
 * the subtree above its leaves (a service's databases and schemas) and then changes one kind's
 * children of one level's parents at a time, {@link #BATCH} rows per transaction, each with its
 * history rows, its totals and the job's progress. A delete goes deepest level first and a restore
 * top down, so no live entity is ever left under a deleted parent. A batch takes from what is left
 * to do (live rows for a soft delete, any rows for a hard one), so a walk that stops half way — a
 * crash, a replica killed — is finished by running it again: the job mechanism does that.
 *
 * <p>Children through containment relation fields (a team's sub-teams, a domain's data products)
 * are few, and go with their parent in the same transaction, as before.
 */
public final class Cascade {
  public static final int BATCH = 1_000;

  private final Kinds kinds;
  private final Store store;
  private final SubtreeStore subtree;
  private final LinkStore links;
  private final Map<String, EntityStore> stores;
  private final Clock clock;

  public Cascade(Store store, SubtreeStore subtree, LinkStore links, Map<String, EntityStore> stores, Clock clock) {
    this.kinds = links.relations().kinds();
    this.store = store;
    this.subtree = subtree;
    this.links = links;
    this.stores = Map.copyOf(stores);
    this.clock = clock;
  }

  /** Whether {@code id} of {@code type} has children through containment, live or deleted (spec §6.2: both count). */
  public boolean hasChildren(Tx tx, String type, UUID id) {
    for (EntityKind<?> child : kinds.childKinds(type)) {
      if (subtree.any(tx, child.entityType(), List.of(id), null)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code id} has children through containment in the state {@code deleted} asks for. */
  public boolean hasChildren(Tx tx, String type, UUID id, boolean deleted) {
    for (EntityKind<?> child : kinds.childKinds(type)) {
      if (subtree.any(tx, child.entityType(), List.of(id), deleted)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Soft-deletes ({@code hard} false) or removes every entity below {@code root}, deepest level
   * first, in batches; the root itself is the caller's. Returns how many entities it changed.
   */
  public long deleteBelow(Jobs.Run run, String rootType, UUID root, boolean hard, Principal principal, long[] done) {
    long changed = 0;
    while (true) {
      List<Map<String, List<UUID>>> levels = store.read(tx -> subtree.innerLevels(tx, rootType, root));
      long total = done[0] + store.read(tx -> remaining(tx, levels, hard ? null : Boolean.FALSE));
      boolean restart = false;
      for (int i = levels.size() - 1; i >= 0 && !restart; i--) {
        for (Map.Entry<String, List<UUID>> parents : levels.get(i).entrySet()) {
          for (EntityKind<?> child : kinds.childKinds(parents.getKey())) {
            long n = walk(run, child, parents.getValue(), hard, true, principal, done, total);
            if (n < 0) {
              restart = true;
              break;
            }
            changed += n;
          }
          if (restart) {
            break;
          }
        }
      }
      if (!restart) {
        return changed;
      }
    }
  }

  /** Restores every soft-deleted entity below {@code root}, top down, in batches; returns how many. */
  public long restoreBelow(Jobs.Run run, String rootType, UUID root, Principal principal, long[] done) {
    List<Map<String, List<UUID>>> levels = store.read(tx -> subtree.innerLevels(tx, rootType, root));
    long total = done[0] + store.read(tx -> remaining(tx, levels, Boolean.TRUE));
    long changed = 0;
    for (Map<String, List<UUID>> level : levels) {
      for (Map.Entry<String, List<UUID>> parents : level.entrySet()) {
        for (EntityKind<?> child : kinds.childKinds(parents.getKey())) {
          changed += walk(run, child, parents.getValue(), false, false, principal, done, total);
        }
      }
    }
    return changed;
  }

  /** What is left to do under the levels' parents: rows in the state a walk changes ({@code state} null: any row). */
  private long remaining(Tx tx, List<Map<String, List<UUID>>> levels, Boolean state) {
    long n = 0;
    for (Map<String, List<UUID>> level : levels) {
      for (Map.Entry<String, List<UUID>> parents : level.entrySet()) {
        for (EntityKind<?> child : kinds.childKinds(parents.getKey())) {
          n += subtree.count(tx, child.entityType(), parents.getValue(), state);
        }
      }
    }
    return n;
  }

  /**
   * Every child of {@code child}'s kind under {@code parents}, batch by batch, each its own
   * transaction; -1 when a parent in a batch to remove turned out to have children after all (a
   * create committed under it since the levels were read): the walk starts over from the levels.
   */
  private long walk(Jobs.Run run, EntityKind<?> child, List<UUID> parents, boolean hard, boolean delete, Principal principal,
      long[] done, long total) {
    long changed = 0;
    String type = child.entityType();
    boolean inner = !kinds.childKinds(type).isEmpty();
    while (true) {
      long now = clock.millis();
      int n;
      try {
        n = store.write(child.table(), tx -> {
          int k;
          if (hard) {
            k = subtree.remove(tx, type, parents, BATCH, batch -> {
              if (inner && batch.stream().anyMatch(e -> hasChildren(tx, type, e.id()))) {
                throw new Restart();
              }
              edgeChildren(tx, child, batch, true, false, principal, now);
            });
          } else {
            k = subtree.flip(tx, type, parents, delete, principal, now, BATCH,
                batch -> edgeChildren(tx, child, batch, false, delete, principal, now));
          }
          if (run != null && k > 0) {
            run.progress(tx, done[0] + k, Math.max(total, done[0] + k));
          }
          return k;
        });
      } catch (Restart e) {
        return -1;
      }
      done[0] += n;
      changed += n;
      if (n < BATCH) {
        return changed;
      }
    }
  }

  /** A batch saw children it did not expect; its transaction is rolled back and the walk starts over. */
  private static final class Restart extends RuntimeException {
    Restart() {
      super(null, null, false, false);
    }
  }

  /**
   * The children of {@code entities} through containment relation fields (a team's sub-teams, a
   * domain's data products), and theirs, soft-deleted ({@code delete}), restored, or removed
   * ({@code hard}) inside {@code tx}, before the entities themselves.
   */
  public void edgeChildren(Tx tx, EntityKind<?> kind, List<Entity> entities, boolean hard, boolean delete, Principal principal, long now) {
    List<RelationField> fields = kind.relations().stream().filter(RelationField::containment).toList();
    if (fields.isEmpty() || entities.isEmpty()) {
      return;
    }
    Set<UUID> visited = new HashSet<>();
    entities.forEach(e -> visited.add(e.id()));
    Map<UUID, Map<String, List<Link>>> found = links.load(tx, kind, entities.stream().map(Entity::id).toList(), fields);
    for (Entity entity : entities) {
      for (RelationField field : fields) {
        for (Link child : found.get(entity.id()).get(field.name())) {
          edgeChild(tx, child, hard, delete, principal, now, visited);
        }
      }
    }
  }

  private void edgeChild(Tx tx, Link child, boolean hard, boolean delete, Principal principal, long now, Set<UUID> visited) {
    if (!visited.add(child.id())) {
      return;
    }
    EntityStore childStore = stores.get(child.type());
    EntityKind<?> childKind = kinds.kind(child.type());
    Optional<Stored> found = childStore.find(tx, child.id(), childStore.tracked());
    if (found.isEmpty()) {
      return;
    }
    Stored stored = found.get();
    if (!hard && stored.entity().deleted() == delete) {
      return; // already where the walk is taking it
    }
    List<RelationField> fields = childKind.relations().stream().filter(RelationField::containment).toList();
    if (!fields.isEmpty()) {
      Map<String, List<Link>> grandchildren = links.load(tx, childKind, List.of(child.id()), fields).get(child.id());
      for (List<Link> list : grandchildren.values()) {
        for (Link grandchild : list) {
          edgeChild(tx, grandchild, hard, delete, principal, now, visited);
        }
      }
    }
    if (hard) {
      childStore.hardDelete(tx, stored);
    } else {
      childStore.update(tx, stored, childStore.merge().flipDeleted(stored.entity(), delete, principal, now), true, null);
    }
  }

}
