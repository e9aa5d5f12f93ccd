package meridian.core.kinds.domains;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.List;
import java.util.Set;
import meridian.core.Names;
import meridian.core.engine.kind.ChildList;
import meridian.core.engine.kind.Containment;
import meridian.core.engine.kind.DeclaredKind;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.Field;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.RelationField.Shape;
import meridian.core.engine.relations.RelationFields;
import meridian.core.errors.ApiException;
import meridian.model.domains.CreateDomain;

/**
 * Domains (OM's {@code /v1/domains}): governance areas, nested as sub-domains whose FQN is
 * {@code parent.child}; a domain holds its sub-domains (contained in it) and data products ({@code contains}) and its
 * assets ({@code has}). Unlike OM, where deleting a domain is always hard and recursive, a domain
 * has the whole lifecycle of every kind: soft delete, restore, and {@code recursive} for one with
 * sub-domains or data products (docs/decisions.md).
 */
public final class DomainKind extends DeclaredKind<CreateDomain> {
  public static final List<String> TYPES = List.of("Source-aligned", "Consumer-aligned", "Aggregate");

  private static final Set<String> FIELDS =
      Set.of(
          "id", "name", "fullyQualifiedName", "displayName", "description", "domainType", "style", "parent", "children",
          "childrenCount", "owners", "experts", "tags", "followers", "assets", "extension", "votes", "certification", "version",
          "updatedAt", "updatedBy", "href", "changeDescription", "incrementalChangeDescription", "deleted");

  private static final List<RelationField> RELATIONS =
      List.of(
          RelationFields.owners(),
          RelationFields.experts(),
          RelationFields.tags(),
          RelationField.edges("dataProducts", List.of("dataProduct"), true, RelationFields.CONTAINS, false, Shape.NONE)
              .untracked().asContainment(),
          RelationFields.followers());

  private static final List<Field> OWN_FIELDS = List.of(Field.replace("domainType"), Field.replace("style"));

  public DomainKind() {
    super(
        new Identity("domain", "domains", "domain_entity"), CreateDomain.class,
        OWN_FIELDS, RELATIONS, FIELDS,
        Set.of("owners", "experts", "tags"));
  }

  @Override
  public void validate(CreateDomain request) {
    Names.requireNotNull("description", request.description());
    Names.requireNotNull("domainType", request.domainType());
    if (!TYPES.contains(request.domainType())) {
      throw ApiException.badRequest(
          "domainType \"" + Names.abbreviate(request.domainType()) + "\" is not a domain type; use one of " + TYPES);
    }
  }

  /** A sub-domain's FQN follows its parent domain's; OM always shows a domain's parent. */
  @Override
  public Containment containment() {
    return Containment.under("domain", "parent").optional();
  }

  @Override
  public List<ChildList> childLists() {
    return List.of(new ChildList("children", "domain"));
  }

  @Override
  public Set<String> emptyListFields() {
    return Set.of("assets", "votes");
  }

  @Override
  public Set<String> computedFields() {
    return Set.of("childrenCount");
  }

  @Override
  public JsonNode computed(String field, Entity entity, Lookup lookup) {
    return IntNode.valueOf(lookup.childCount("domain", entity.id(), false));
  }
}
