package meridian.core.engine.kind;

import java.util.List;

/**
 * A list query parameter whose value is the FQN of one entity, narrowing the list to that entity's:
 * either its descendants of the listed kind (a database's tables, {@code ?database=svc.db}: the
 * first of {@code ancestorKinds} that has an entity of that FQN), or the entities at the far end of
 * its edges in one of {@code relations} (a domain's services, {@code ?domain=Finance}). OM allows one
 * such filter per list.
 */
public record ListFilter(String param, List<String> ancestorKinds, List<String> relations) {
  public ListFilter {
    ancestorKinds = List.copyOf(ancestorKinds);
    relations = List.copyOf(relations);
    if (ancestorKinds.isEmpty() == relations.isEmpty()) {
      throw new IllegalArgumentException(param + ": a list filter follows either containment or relations");
    }
  }

  /** Descendants of the entity the parameter names. */
  public static ListFilter under(String param, String... ancestorKinds) {
    return new ListFilter(param, List.of(ancestorKinds), List.of());
  }

  /** Entities related to the one the parameter names through these relation fields, tried in order. */
  public static ListFilter related(String param, String... relations) {
    return new ListFilter(param, List.of(), List.of(relations));
  }

  public boolean byContainment() {
    return !ancestorKinds.isEmpty();
  }
}
