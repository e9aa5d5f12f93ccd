package meridian.core.engine.relations;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The reads that kinds, policy and relation rules may make, inside the write's or read's own
 * transaction: a narrow, read-only view of the store (ARCHITECTURE §7), so that none of them holds
 * a connection.
 */
public interface Lookup {
  /** The entity of {@code type} with this FQN (deleted ones too). */
  Optional<Link> byFqn(String type, String fqn);

  Optional<Link> byId(String type, UUID id);

  /** The entities of {@code type} with these FQNs (deleted ones too), by the FQN as given; one query. */
  Map<String, Link> byFqns(String type, Collection<String> fqns);

  /** What the relation field {@code field} of the {@code type} entity {@code id} holds now. */
  List<Link> linksOf(String type, UUID id, String field);

  /** How many entities (and parts of entities) carry each of these tags. */
  Map<UUID, Integer> usageCounts(Collection<UUID> tagIds);

  /** The teams {@code userId} is a direct member of ({@code team --has--> user}). */
  Set<UUID> teamsOf(UUID userId);

  /** How many live (or deleted) entities of {@code childType} sit directly under {@code parent}, from the kept totals. */
  int childCount(String childType, UUID parent, boolean deleted);

  /** The ids of every entity of {@code type} below {@code root} at any depth (a classification's tags), root excluded. */
  List<UUID> descendants(UUID root, String rootType, String type);
}
