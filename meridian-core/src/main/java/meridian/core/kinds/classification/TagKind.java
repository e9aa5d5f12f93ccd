package meridian.core.kinds.classification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.DeclaredKind;
import meridian.core.engine.kind.Field;
import meridian.core.Names;
import meridian.core.errors.ApiException;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.RelationField.Shape;
import meridian.core.engine.relations.RelationFields;
import meridian.model.classification.CreateTag;

/**
 * Tags (OM's {@code /v1/tags}): the labels of a classification, possibly nested; a tag's FQN is
 * its parent tag's or its classification's FQN, a dot, and its name ({@code PII.Sensitive},
 * {@code Tier.Tier1}). A deleted tag comes off every entity that carried it, as in OM.
 */
public final class TagKind extends DeclaredKind<CreateTag> {
  private static final Set<String> FIELDS =
      Set.of(
          "id", "name", "fullyQualifiedName", "displayName", "description", "style", "classification", "parent", "children",
          "usageCount", "deprecated", "provider", "disabled", "mutuallyExclusive", "associatedTags", "owners", "version",
          "updatedAt", "updatedBy", "href", "changeDescription", "incrementalChangeDescription", "deleted");

  private static final List<RelationField> RELATIONS =
      List.of(
          RelationFields.owners(),
          RelationField.edges("classification", List.of("classification"), false, RelationFields.CONTAINS, true, Shape.FQN)
              .untracked(),
          RelationField.edges("parent", List.of("tag"), false, RelationFields.CONTAINS, true, Shape.FQN).untracked(),
          RelationField.edges("children", List.of("tag"), true, RelationFields.CONTAINS, false, Shape.NONE)
              .untracked().asContainment());

  private static final List<Field> OWN_FIELDS =
      List.of(
          Field.replace("style"),
          Field.keep("mutuallyExclusive", BooleanNode.FALSE),
          Field.keep("provider", TextNode.valueOf("user")),
          Field.keep("disabled", BooleanNode.FALSE),
          Field.replace("associatedTags"));

  public TagKind() {
    super(new Identity("tag", "tags", "tag"), CreateTag.class, OWN_FIELDS, RELATIONS, FIELDS, Set.of("owners"));
  }

  @Override
  public void validate(CreateTag request) {
    Names.requireNotNull("description", request.description());
    Names.requireNotNull("classification", request.classification());
  }

  /** A nested tag's FQN follows its parent tag; a top-level tag's, its classification. */
  @Override
  public List<String> parentFields() {
    return List.of("parent", "classification");
  }

  /** OM always shows a tag's classification and parent. */
  @Override
  public Set<String> defaultFields() {
    return Set.of("classification", "parent");
  }

  /** A parent tag must be of the same classification. */
  @Override
  public void checkEntity(ObjectNode doc, Map<String, List<Link>> links, Lookup lookup) {
    List<Link> parent = links.getOrDefault("parent", List.of());
    List<Link> classification = links.getOrDefault("classification", List.of());
    if (!parent.isEmpty() && !classification.isEmpty()
        && !parent.get(0).fullyQualifiedName().startsWith(classification.get(0).fullyQualifiedName() + ".")) {
      throw ApiException.badRequest(
          "parent tag " + parent.get(0).fullyQualifiedName() + " is not in classification " + classification.get(0).fullyQualifiedName());
    }
  }

  @Override
  public Set<String> computedFields() {
    return Set.of("usageCount");
  }

  /** How many entities carry this tag or one below it (OM counts the tag and its children). */
  @Override
  public JsonNode computed(String field, Entity entity, Lookup lookup) {
    Set<UUID> tags = new HashSet<>();
    Deque<UUID> todo = new ArrayDeque<>(List.of(entity.id()));
    while (!todo.isEmpty()) {
      UUID tag = todo.pop();
      if (tags.add(tag)) {
        lookup.linksOf("tag", tag, "children").forEach(child -> todo.push(child.id()));
      }
    }
    return IntNode.valueOf(lookup.usageCounts(tags).values().stream().mapToInt(Integer::intValue).sum());
  }

  @Override
  public String undeletable(Entity entity) {
    return ClassificationKind.system(entity, "tag");
  }
}
