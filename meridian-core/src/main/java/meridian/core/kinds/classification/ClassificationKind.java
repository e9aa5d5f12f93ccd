package meridian.core.kinds.classification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import meridian.core.Names;
import meridian.core.engine.kind.DeclaredKind;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.Field;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.RelationFields;
import meridian.model.classification.CreateClassification;

/**
 * Classifications (OM's {@code /v1/classifications}): the root of a tree of tags (the tags are
 * contained in it: {@link TagKind#containment()}). Whether two of its tags
 * may sit on one entity ({@code mutuallyExclusive}) is fixed when it is created, as in OM. The
 * seeded ones ({@code provider: system}) can't be deleted.
 */
public final class ClassificationKind extends DeclaredKind<CreateClassification> {
  private static final Set<String> FIELDS =
      Set.of(
          "id", "name", "fullyQualifiedName", "displayName", "description", "mutuallyExclusive", "provider", "disabled",
          "termCount", "usageCount", "owners", "version", "updatedAt", "updatedBy", "href", "changeDescription",
          "incrementalChangeDescription", "deleted");

  private static final List<RelationField> RELATIONS = List.of(RelationFields.owners());

  private static final List<Field> OWN_FIELDS =
      List.of(
          Field.frozen("mutuallyExclusive", BooleanNode.FALSE),
          Field.keep("provider", TextNode.valueOf("user")),
          Field.keep("disabled", BooleanNode.FALSE));

  public ClassificationKind() {
    super(
        new Identity("classification", "classifications", "classification"), CreateClassification.class,
        OWN_FIELDS, RELATIONS, FIELDS,
        Set.of("owners"));
  }

  @Override
  public void validate(CreateClassification request) {
    Names.requireNotNull("description", request.description());
  }

  @Override
  public Set<String> computedFields() {
    return Set.of("termCount", "usageCount");
  }

  /** {@code termCount}: live tags of the tree; {@code usageCount}: entities carrying any of them. */
  @Override
  public JsonNode computed(String field, Entity entity, Lookup lookup) {
    List<UUID> terms = lookup.descendants(entity.id(), "classification", "tag");
    if (field.equals("termCount")) {
      int live = lookup.childCount("tag", entity.id(), false);
      for (UUID tag : terms) {
        live += lookup.childCount("tag", tag, false);
      }
      return IntNode.valueOf(live);
    }
    return IntNode.valueOf(lookup.usageCounts(terms).values().stream().mapToInt(Integer::intValue).sum());
  }

  @Override
  public String undeletable(Entity entity) {
    return system(entity, "classification");
  }

  /** OM's refusal for a seeded (system) entity. */
  static String system(Entity entity, String type) {
    return entity.doc().path("provider").asText().equals("system")
        ? "System entity [" + entity.name() + "] of type " + type + " can not be deleted."
        : null;
  }
}
