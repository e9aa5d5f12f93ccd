package meridian.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import meridian.model.EntityReference;

/**
 * An entity as the repository holds it: the stored JSON document (secrets encrypted, no
 * relationship fields) and the relationships read from the edge table. Treat {@code doc} as
 * immutable: every change works on a {@link ObjectNode#deepCopy() copy}.
 */
public record Entity(ObjectNode doc, List<EntityReference> owners) {
  public Entity {
    Objects.requireNonNull(doc, "doc is null");
    owners = List.copyOf(owners);
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

  /** The document with the relationship fields added: what history stores and diffs compare. */
  public ObjectNode snapshot(Json json) {
    ObjectNode copy = doc.deepCopy();
    ArrayNode ownerArray = copy.putArray("owners");
    owners.forEach(owner -> ownerArray.add(json.tree(owner)));
    return copy;
  }
}
