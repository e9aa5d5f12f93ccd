package meridian.core.engine.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import meridian.core.engine.write.BotDescriptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import meridian.core.Principal;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.Relations;

/**
 * How an entity is shown to one caller: secrets masked or opened by the kind, {@code href} under
 * the API root (e.g. {@code http://host:8585/api}), the relation fields the {@code fields}
 * parameter asks for (spec §1.9) as EntityReferences or TagLabels — and the way back, from the
 * shown form that a JSON Patch edits to the kind's request.
 */
public final class EntityView {
  /** Fields every entity has that the server alone sets; a PATCH can't change them (spec §3.6). */
  public static final List<String> SERVER_FIELDS =
      List.of("id", "fullyQualifiedName", "version", "updatedAt", "updatedBy", "href", "changeDescription",
          "incrementalChangeDescription", "deleted");

  private final EntityKind<?> kind;
  private final Relations relations;

  public EntityView(EntityKind<?> kind, Relations relations) {
    this.kind = kind;
    this.relations = relations;
  }

  public EntityKind<?> kind() {
    return kind;
  }

  public ObjectNode render(Entity entity, Fields asked, Principal principal, String apiRoot) {
    Fields fields = asked.plus(kind.defaultFields());
    ObjectNode out = kind.reveal(entity.doc(), principal).deepCopy();
    out.remove(BotDescriptions.MEMBER);
    out.put("href", relations.kinds().href(kind.entityType(), entity.id(), apiRoot));
    for (String hidden : kind.docFieldsOnRequest()) {
      if (!fields.contains(hidden)) {
        out.remove(hidden);
      }
    }
    for (RelationField field : kind.relations()) {
      List<Link> links = entity.links(field.name());
      if (fields.contains(field.name())) {
        JsonNode shown = relations.render(field, links, apiRoot);
        if (entity.inherited().contains(field.name()) && shown.isArray()) {
          shown.forEach(item -> ((ObjectNode) item).put("inherited", true));
        }
        out.set(field.name(), shown);
      }
      if (field.alias() != null && fields.contains(field.alias())) {
        out.set(field.alias(), links.isEmpty() ? out.nullNode() : relations.reference(links.get(0), apiRoot));
      }
    }
    if (kind.containment() != null) {
      // The ancestors, always shown (catalog spec §4.7), as their rows are now; as the document
      // keeps them when the read did not look them up (a write's echo).
      for (String member : kind.containment().members()) {
        List<Link> ancestor = entity.links(member);
        JsonNode stored = entity.doc().get(member);
        if (!ancestor.isEmpty()) {
          out.set(member, relations.reference(ancestor.get(0), apiRoot));
        } else if (stored != null && stored.isObject()) {
          ObjectNode ref = stored.deepCopy();
          ref.put("deleted", false);
          ref.put("href", relations.kinds().href(ref.path("type").asText(), UUID.fromString(ref.path("id").asText()), apiRoot));
          out.set(member, ref);
        }
        // No ancestor (a top-level tag or domain): left out, as OM leaves out a null member; its schema says object.
      }
    }
    for (meridian.core.engine.kind.ChildList list : kind.childLists()) {
      if (fields.contains(list.member())) {
        ArrayNode children = out.putArray(list.member());
        entity.links(list.member()).forEach(child -> children.add(relations.reference(child, apiRoot)));
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
    ObjectNode out = kind.reveal(snapshot, principal);
    if (out.has(BotDescriptions.MEMBER)) {
      out = out.deepCopy();
      out.remove(BotDescriptions.MEMBER);
    }
    return out;
  }

  /** What a JSON Patch is applied to: the caller's view with every field a request can set present. */
  public ObjectNode patchSource(Entity entity, Principal principal) {
    ObjectNode out = kind.reveal(entity.doc(), principal).deepCopy();
    out.remove(BotDescriptions.MEMBER);
    for (RelationField field : kind.relations()) {
      if (field.settable()) {
        out.set(field.name(), relations.render(field, entity.links(field.name()), null));
      }
    }
    kind.emptyListFields().forEach(out::putArray);
    return out;
  }

  /** The fields of the shown form a PATCH may not change: put back as they were (spec §3.6). */
  public Set<String> readOnly() {
    Set<String> fixed = new LinkedHashSet<>(SERVER_FIELDS);
    fixed.add("name");
    if (kind.containment() != null) {
      fixed.addAll(kind.containment().members());
      fixed.addAll(kind.containment().copied());
    }
    kind.childLists().forEach(list -> fixed.add(list.member()));
    fixed.addAll(kind.computedFields());
    fixed.addAll(kind.serverManagedFields());
    for (RelationField field : kind.relations()) {
      if (!field.settable()) {
        fixed.add(field.name());
      }
    }
    return fixed;
  }

  /**
   * A patched document turned back into the kind's request: the server's fields go, and each
   * relation field takes the request's spelling again (references stay references; FQN, id and
   * name lists become strings). What remains must decode as the request, so a patch that adds an
   * unknown field is a 400.
   */
  public ObjectNode toRequest(ObjectNode patched) {
    return toRequest(patched, null);
  }

  /**
   * The same, with references given by id alone (OM's UI patches {@code {"id", "type"}}) spelled
   * as the request does, by their FQN or name as {@code lookup} finds them.
   */
  public ObjectNode toRequest(ObjectNode patched, meridian.core.engine.relations.Lookup lookup) {
    ObjectNode request = patched.deepCopy();
    request.remove(SERVER_FIELDS);
    request.remove(kind.computedFields());
    request.remove(kind.serverManagedFields());
    kind.childLists().forEach(list -> request.remove(list.member()));
    if (kind.containment() != null) {
      // A parent is named by FQN in a request; the other ancestors, and what was copied from the
      // parent, are not part of it.
      request.remove(kind.containment().copied());
      List<String> parents = kind.containment().parentMembers();
      for (String member : kind.containment().members()) {
        JsonNode ref = request.remove(member);
        if (parents.contains(member) && ref != null && ref.isObject() && ref.hasNonNull("fullyQualifiedName")) {
          request.set(member, ref.get("fullyQualifiedName"));
        }
      }
    }
    for (RelationField field : kind.relations()) {
      JsonNode value = request.remove(field.name());
      if (field.alias() != null) {
        request.remove(field.alias());
      }
      if (!field.settable() || value == null || value.isNull()) {
        continue;
      }
      request.set(field.member(), field.many() && value.isArray() ? spelled(field, (ArrayNode) value, lookup)
          : spelled(field, value, lookup));
    }
    for (String list : kind.emptyListFields()) {
      if (request.path(list).isArray() && request.get(list).isEmpty()) {
        request.remove(list);
      }
    }
    return request;
  }

  private ArrayNode spelled(RelationField field, ArrayNode items, meridian.core.engine.relations.Lookup lookup) {
    ArrayNode out = items.arrayNode();
    items.forEach(item -> out.add(spelled(field, item, lookup)));
    return out;
  }

  /** One item as the request spells it; anything that is not a shown reference is left for decoding to judge. */
  private static JsonNode spelled(RelationField field, JsonNode item, meridian.core.engine.relations.Lookup lookup) {
    if (!item.isObject()) {
      return item;
    }
    boolean names = field.shape() == RelationField.Shape.NAMES;
    boolean fqns = field.shape() == RelationField.Shape.FQNS || field.shape() == RelationField.Shape.FQN;
    String spelledBy = names ? "name" : "fullyQualifiedName";
    if (lookup != null && (names || fqns) && !item.hasNonNull(spelledBy) && item.path("id").isTextual() && item.path("type").isTextual()) {
      String type = item.get("type").asText();
      if (!field.targets().contains(type)) {
        throw meridian.core.errors.ApiException.badRequest(field.name() + " takes " + String.join(" or ", field.targets())
            + " references, not " + meridian.core.Names.abbreviate(type));
      }
      UUID id;
      try {
        id = UUID.fromString(item.get("id").asText());
      } catch (IllegalArgumentException e) {
        return item; // not a UUID: decoding names the field
      }
      var found = lookup.byId(type, id);
      if (found.isEmpty()) {
        throw meridian.core.errors.ApiException.notFound(type, id);
      }
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(names ? found.get().name() : found.get().fullyQualifiedName());
    }
    return switch (field.shape()) {
      case FQNS, FQN -> item.path("fullyQualifiedName").isMissingNode() ? item : item.get("fullyQualifiedName");
      case IDS -> item.path("id").isMissingNode() ? item : item.get("id");
      case NAMES -> item.path("name").isMissingNode() ? item : item.get("name");
      default -> item;
    };
  }
}
