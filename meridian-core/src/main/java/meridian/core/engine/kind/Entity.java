package meridian.core.engine.kind;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import meridian.core.engine.relations.Link;
import meridian.core.engine.write.Versioning;

/**
 * An entity as the repository holds it: the stored JSON document (secrets sealed, no relation
 * fields) and the links of the relation fields that were loaded, by field name. A write loads only
 * the fields it needs; a field that was not loaded is absent from {@code links} ({@link #isLoaded}).
 * Treat {@code doc} as immutable: every change works on a {@link ObjectNode#deepCopy() copy}.
 */
public record Entity(ObjectNode doc, Map<String, List<Link>> links, Set<String> inherited) {
  public Entity {
    Objects.requireNonNull(doc, "doc is null");
    Map<String, List<Link>> copy = new HashMap<>();
    if (links != null) {
      links.forEach((field, list) -> copy.put(field, List.copyOf(list)));
    }
    links = Map.copyOf(copy);
    inherited = inherited == null ? Set.of() : Set.copyOf(inherited);
  }

  public Entity(ObjectNode doc, Map<String, List<Link>> links) {
    this(doc, links, Set.of());
  }

  public Entity(ObjectNode doc) {
    this(doc, Map.of());
  }

  /** The same entity, showing these relation fields as its nearest ancestor's (catalog spec §5.7). */
  public Entity withInherited(Map<String, List<Link>> fromAncestors) {
    Map<String, List<Link>> all = new HashMap<>(links);
    all.putAll(fromAncestors);
    Set<String> marked = new HashSet<>(inherited);
    marked.addAll(fromAncestors.keySet());
    return new Entity(doc, all, marked);
  }

  /** The links of {@code field}; empty when it holds none or was not loaded. */
  public List<Link> links(String field) {
    return links.getOrDefault(field, List.of());
  }

  /** Whether {@code field} was read from the store (or set by the write): absent means unknown, not empty. */
  public boolean isLoaded(String field) {
    return links.containsKey(field);
  }

  public Entity withLinks(Map<String, List<Link>> replaced) {
    return new Entity(doc, replaced, inherited);
  }

  /** The same entity with more fields loaded; fields it already has stay as they are. */
  public Entity withMoreLinks(Map<String, List<Link>> more) {
    Map<String, List<Link>> all = new HashMap<>(more);
    all.putAll(links);
    return new Entity(doc, all, inherited);
  }

  public UUID id() {
    return UUID.fromString(doc.get("id").asText());
  }

  public String name() {
    return doc.get("name").asText();
  }

  public String fullyQualifiedName() {
    return doc.get("fullyQualifiedName").asText();
  }

  public int versionTenths() {
    return Versioning.toTenths(doc.get("version").asDouble());
  }

  public boolean deleted() {
    return doc.path("deleted").asBoolean(false);
  }

  public long updatedAt() {
    return doc.path("updatedAt").asLong();
  }

  public String updatedBy() {
    return doc.path("updatedBy").asText();
  }
}
