package meridian.core.kinds.domains;

import java.util.List;
import java.util.Set;
import meridian.core.Names;
import meridian.core.engine.kind.DeclaredKind;
import meridian.core.engine.kind.Field;
import meridian.core.engine.kind.ListFilter;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.RelationField.Shape;
import meridian.core.engine.relations.RelationFields;
import meridian.core.errors.ApiException;
import meridian.model.domains.CreateDataProduct;

/**
 * Data products (OM's {@code /v1/dataProducts}): products of one or more domains
 * ({@code domain --contains--> dataProduct}); its FQN is its name, as in OM since 1.4.
 */
public final class DataProductKind extends DeclaredKind<CreateDataProduct> {
  private static final Set<String> FIELDS =
      Set.of(
          "id", "name", "fullyQualifiedName", "displayName", "description", "style", "domains", "domain", "owners", "experts",
          "reviewers", "assets", "tags", "followers", "extension", "votes", "certification", "version", "updatedAt",
          "updatedBy", "href", "changeDescription", "incrementalChangeDescription", "deleted");

  private static final List<RelationField> RELATIONS =
      List.of(
          RelationFields.owners(),
          RelationFields.experts(),
          RelationField.edges("domains", List.of("domain"), true, RelationFields.CONTAINS, true, Shape.FQNS).alias("domain"),
          RelationFields.tags(),
          RelationFields.followers());

  public DataProductKind() {
    super(
        new Identity("dataProduct", "dataProducts", "data_product_entity"), CreateDataProduct.class,
        List.of(Field.replace("style")), RELATIONS, FIELDS,
        Set.of("owners", "experts", "domains", "tags"));
  }

  @Override
  public void validate(CreateDataProduct request) {
    Names.requireNotNull("description", request.description());
    boolean noDomain = (request.domains() == null || request.domains().isEmpty()) && request.domain() == null;
    if (noDomain) {
      throw ApiException.badRequest("[query param domains must not be null]");
    }
  }

  @Override
  public Set<String> emptyListFields() {
    return Set.of("assets", "reviewers", "votes");
  }

  @Override
  public List<ListFilter> listFilters() {
    return List.of(ListFilter.related("domain", "domains"));
  }
}
