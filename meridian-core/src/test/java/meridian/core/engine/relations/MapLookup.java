package meridian.core.engine.relations;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The read seam of checks ({@link Lookup}) over a few entities held in maps, for the unit tests of
 * the pure hubs (merge, relations, policy); the store's own Lookup is covered by the black-box suites.
 */
public final class MapLookup implements Lookup {
  private final Map<UUID, Link> byId = new LinkedHashMap<>();
  private final Map<UUID, Map<String, List<Link>>> links = new HashMap<>();
  private final Map<UUID, Set<UUID>> teams = new HashMap<>();

  /** An entity of {@code type} named {@code name}, with a document holding {@code members}. */
  public Link add(String type, String fqn, String... members) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i + 1 < members.length; i += 2) {
      doc.put(members[i], members[i + 1]);
    }
    String name = fqn.contains(".") ? fqn.substring(fqn.lastIndexOf('.') + 1) : fqn;
    Link link = new Link(UUID.randomUUID(), type, name, fqn, null, false, doc, null);
    byId.put(link.id(), link);
    return link;
  }

  /** The same entity with a document of its own (ancestor references, say). */
  public Link add(Link link) {
    byId.put(link.id(), link);
    return link;
  }

  public MapLookup holds(Link entity, String field, Link... targets) {
    links.computeIfAbsent(entity.id(), k -> new HashMap<>()).put(field, List.of(targets));
    return this;
  }

  public MapLookup member(Link user, Link team) {
    teams.computeIfAbsent(user.id(), k -> new java.util.LinkedHashSet<>()).add(team.id());
    return this;
  }

  @Override
  public Optional<Link> byFqn(String type, String fqn) {
    return byId.values().stream().filter(l -> l.type().equals(type) && l.fullyQualifiedName().equals(fqn)).findFirst();
  }

  @Override
  public Optional<Link> byId(String type, UUID id) {
    return Optional.ofNullable(byId.get(id)).filter(l -> l.type().equals(type));
  }

  @Override
  public Map<String, Link> byFqns(String type, Collection<String> fqns) {
    Map<String, Link> out = new HashMap<>();
    fqns.forEach(fqn -> byFqn(type, fqn).ifPresent(l -> out.put(fqn, l)));
    return out;
  }

  @Override
  public List<Link> linksOf(String type, UUID id, String field) {
    return links.getOrDefault(id, Map.of()).getOrDefault(field, List.of());
  }

  @Override
  public Map<UUID, Integer> usageCounts(Collection<UUID> tagIds) {
    return Map.of();
  }

  @Override
  public Set<UUID> teamsOf(UUID userId) {
    return teams.getOrDefault(userId, Set.of());
  }

  @Override
  public int childCount(String childType, UUID parent, boolean deleted) {
    return 0;
  }

  @Override
  public List<UUID> descendants(UUID root, String rootType, String type) {
    return List.of();
  }
}
