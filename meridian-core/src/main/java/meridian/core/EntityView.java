package meridian.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import meridian.model.EntityReference;

/**
 * How an entity is shown to one caller: secrets masked or opened by the kind, {@code href}
 * under the API root (e.g. {@code http://host:8585/api}), and the relationship fields the
 * {@code fields} parameter asks for (spec §1.9).
 */
public final class EntityView {
  private final EntityKind<?> kind;
  private final Json json;

  public EntityView(EntityKind<?> kind, Json json) {
    this.kind = kind;
    this.json = json;
  }

  public ObjectNode render(Entity entity, Fields fields, Principal principal, String apiRoot) {
    ObjectNode out = kind.reveal(entity.doc(), principal).deepCopy();
    out.put("href", apiRoot + "/v1/" + kind.collectionPath() + "/" + entity.id());
    if (kind.supportsOwners() && fields.contains("owners")) {
      ArrayNode owners = out.putArray("owners");
      for (EntityReference owner : entity.owners()) {
        ObjectNode ref = (ObjectNode) json.tree(owner);
        ref.put("href", apiRoot + "/v1/users/" + owner.id());
        owners.add(ref);
      }
    }
    for (String list : kind.emptyListFields()) {
      if (fields.contains(list)) {
        out.putArray(list);
      }
    }
    return out;
  }

  /** A stored snapshot (history row) as the caller may see it: secrets masked or opened. */
  public ObjectNode renderSnapshot(ObjectNode snapshot, Principal principal) {
    return kind.reveal(snapshot, principal);
  }

  /** What a JSON Patch is applied to: the caller's view with every patchable list present. */
  ObjectNode patchSource(Entity entity, Principal principal) {
    ObjectNode out = kind.reveal(entity.doc(), principal).deepCopy();
    if (kind.supportsOwners()) {
      ArrayNode owners = out.putArray("owners");
      entity.owners().forEach(owner -> owners.add(json.tree(owner)));
    }
    kind.emptyListFields().forEach(out::putArray);
    return out;
  }
}
