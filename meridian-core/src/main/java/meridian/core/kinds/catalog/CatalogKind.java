package meridian.core.kinds.catalog;

import java.util.List;
import java.util.Set;
import meridian.core.engine.kind.ChildList;
import meridian.core.engine.kind.Containment;
import meridian.core.engine.kind.DeclaredKind;
import meridian.core.engine.kind.Field;
import meridian.core.engine.kind.ListFilter;

/**
 * What databases, schemas and tables declare alike: their place in the tree, the lists of their
 * children, their list filters (by an ancestor, and by domain), custom properties shown only when
 * asked for, and the bulk endpoint.
 */
abstract class CatalogKind<C> extends DeclaredKind<C> {
  private final Containment containment;
  private final List<ChildList> children;
  private final List<ListFilter> filters;

  CatalogKind(Identity names, Class<C> requestType, List<Field> fields, Set<String> fieldNames, Containment containment,
      List<ChildList> children, List<ListFilter> filters) {
    super(names, requestType, fields, CatalogFields.relations(), fieldNames, Set.of("owners", "tags", "domains", "dataProducts"));
    this.containment = containment;
    this.children = List.copyOf(children);
    this.filters = List.copyOf(filters);
  }

  @Override
  public final Containment containment() {
    return containment;
  }

  @Override
  public final List<ChildList> childLists() {
    return children;
  }

  @Override
  public final List<ListFilter> listFilters() {
    return filters;
  }

  /** Spec §4.7: custom properties are shown only when asked for. */
  @Override
  public Set<String> docFieldsOnRequest() {
    return Set.of(CatalogFields.EXTENSION);
  }

  /** Nothing here is the server's alone: what is shown only on request may still be patched. */
  @Override
  public final Set<String> serverManagedFields() {
    return Set.of();
  }

  @Override
  public final boolean bulkUpsert() {
    return true;
  }
}
