package meridian.core.engine.relations;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads that checks on links need, inside the write's own transaction. */
public interface Lookup {
  /** The entity of {@code type} with this FQN (deleted ones too). */
  Optional<Link> byFqn(String type, String fqn);

  Optional<Link> byId(String type, UUID id);

  /** What the relation field {@code field} of the {@code type} entity {@code id} holds now. */
  List<Link> linksOf(String type, UUID id, String field);

  /** How many entities carry each of these tags. */
  java.util.Map<UUID, Integer> usageCounts(java.util.Collection<UUID> tagIds);
}
