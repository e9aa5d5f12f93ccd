package meridian.core.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import meridian.core.Fqn;
import meridian.core.engine.kind.Containment;
import meridian.core.engine.kind.EntityKind;

/**
 * Every kind the server holds, by OM entity type: the one registry, built once in the server's
 * wiring from the kinds' declarations (never static) and iterated for everything that follows from
 * them — repositories, routes, the tables checked at start. Any EntityReference is resolved through
 * it: which kind holds the type, how an FQN given by a client is looked up, where the entity's
 * {@code href} points, and which kinds sit under which in the containment tree.
 */
public final class Kinds {
  private final Map<String, EntityKind<?>> kinds = new LinkedHashMap<>();
  private final Map<String, List<EntityKind<?>>> children = new LinkedHashMap<>();

  public Kinds(List<EntityKind<?>> all) {
    for (EntityKind<?> kind : all) {
      if (kinds.put(kind.entityType(), kind) != null) {
        throw new IllegalArgumentException("two kinds declare " + kind.entityType());
      }
    }
    for (EntityKind<?> kind : all) {
      Containment containment = kind.containment();
      if (containment == null) {
        continue;
      }
      for (Containment.Ancestor ancestor : containment.ancestors()) {
        if (!kinds.containsKey(ancestor.kind())) {
          throw new IllegalArgumentException(kind.entityType() + " names an ancestor kind nobody declares: " + ancestor.kind());
        }
      }
      for (String parent : containment.parentKinds()) {
        children.computeIfAbsent(parent, p -> new ArrayList<>()).add(kind);
      }
    }
  }

  public boolean has(String type) {
    return kinds.containsKey(type);
  }

  public EntityKind<?> kind(String type) {
    EntityKind<?> kind = kinds.get(type);
    if (kind == null) {
      throw new IllegalArgumentException("no kind " + type);
    }
    return kind;
  }

  public Collection<EntityKind<?>> all() {
    return kinds.values();
  }

  /** The kinds whose entities may sit directly under an entity of {@code type} (a service's databases). */
  public List<EntityKind<?>> childKinds(String type) {
    return children.getOrDefault(type, List.of());
  }

  /** Whether an entity of {@code type} may sit below one of {@code from}, at any depth (a table below a service). */
  public boolean below(String type, String from) {
    Deque<String> todo = new ArrayDeque<>(List.of(from));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      for (EntityKind<?> child : childKinds(todo.pop())) {
        if (child.entityType().equals(type)) {
          return true;
        }
        if (seen.add(child.entityType())) {
          todo.push(child.entityType());
        }
      }
    }
    return false;
  }

  /** The entity table of {@code type}. */
  public String table(String type) {
    return kind(type).table();
  }

  /** {@code <apiRoot>/v1/<collection>/<id>}, as OM builds it from the request's base URI (spec §1.1). */
  public String href(String type, UUID id, String apiRoot) {
    return apiRoot + "/v1/" + kind(type).collectionPath() + "/" + id;
  }

  /**
   * The FQN hashes a client's spelling of an FQN may be stored under. A root kind's dotted name
   * is quoted (spec §1.4: {@code snowflake.prod} is {@code "snowflake.prod"}); in a contained kind
   * a dot separates levels, so the text is taken as written, and only then quoted, for a top-level
   * name that holds a dot.
   */
  public List<String> hashesFor(String type, String fqn) {
    List<String> hashes = new ArrayList<>(2);
    if (kind(type).containment() != null) {
      hashes.add(Fqn.hash(fqn));
    }
    String quoted = Fqn.quoteName(fqn);
    if (hashes.isEmpty() || !quoted.equals(fqn)) {
      hashes.add(Fqn.hash(quoted));
    }
    return hashes;
  }
}
