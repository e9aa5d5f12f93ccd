package meridian.core.kinds.classification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import meridian.core.Names;
import meridian.core.engine.kind.ChildList;
import meridian.core.engine.kind.Containment;
import meridian.core.engine.kind.DeclaredKind;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.Field;
import meridian.core.engine.kind.ListFilter;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
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

  private static final List<RelationField> RELATIONS = List.of(RelationFields.owners());

  /**
   * A nested tag's parent is its parent tag; a top-level tag's, its classification. Its document
   * names both ({@code parent} only when nested), as OM shows them.
   */
  private static final Containment CONTAINMENT =
      new Containment(List.of("tag", "classification"), true,
          List.of(new Containment.Ancestor("tag", "parent"), new Containment.Ancestor("classification", "classification")),
          List.of(), List.of());

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

  /** A nested tag's FQN follows its parent tag; a top-level tag's, its classification (which a nested tag names too, and must match). */
  @Override
  public Containment containment() {
    return CONTAINMENT;
  }

  @Override
  public List<ChildList> childLists() {
    return List.of(new ChildList("children", "tag"));
  }

  /** {@code ?parent=}: the tags below a classification or a tag, at any depth (OM's FQN prefix). */
  @Override
  public List<ListFilter> listFilters() {
    return List.of(ListFilter.under("parent", "classification", "tag"));
  }

  /** A tag that goes comes off every entity that carried it, as OM's TagRepository does on soft and hard deletes. */
  @Override
  public void onDelete(UUID id, boolean hard, Cleanup cleanup) {
    cleanup.removeTagUses(id);
  }

  @Override
  public Set<String> computedFields() {
    return Set.of("usageCount");
  }

  /** How many entities carry this tag or one below it (OM counts the tag and its children). */
  @Override
  public JsonNode computed(String field, Entity entity, Lookup lookup) {
    Set<UUID> tags = new HashSet<>(lookup.descendants(entity.id(), "tag", "tag"));
    tags.add(entity.id());
    return IntNode.valueOf(lookup.usageCounts(tags).values().stream().mapToInt(Integer::intValue).sum());
  }

  @Override
  public String undeletable(Entity entity) {
    return ClassificationKind.system(entity, "tag");
  }
}
