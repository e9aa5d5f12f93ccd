package meridian.core.engine.kind;

import meridian.core.engine.write.Versioning;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import meridian.core.engine.relations.Link;

/**
 * An entity as the repository holds it: the stored JSON document (secrets sealed, no relation
 * fields) and the links of the relation fields that were loaded, by field name. Treat {@code doc}
 * as immutable: every change works on a {@link ObjectNode#deepCopy() copy}.
 */
public record Entity(ObjectNode doc, Map<String, List<Link>> links) {
  public Entity {
    Objects.requireNonNull(doc, "doc is null");
    Map<String, List<Link>> copy = new HashMap<>();
    links.forEach((field, list) -> copy.put(field, List.copyOf(list)));
    links = Map.copyOf(copy);
  }

  public Entity(ObjectNode doc) {
    this(doc, Map.of());
  }

  /** The links of {@code field}; empty when it holds none or was not loaded. */
  public List<Link> links(String field) {
    return links.getOrDefault(field, List.of());
  }

  public Entity withLinks(Map<String, List<Link>> replaced) {
    return new Entity(doc, replaced);
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
