package meridian.core.kinds.catalog;

import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import meridian.core.engine.kind.ChildList;
import meridian.core.engine.kind.Containment;
import meridian.core.engine.kind.Field;
import meridian.core.engine.kind.ListFilter;
import meridian.model.catalog.CreateDatabase;

/**
 * Databases (OM's {@code /v1/databases}, catalog spec §2.1–2.2): under a database service, whose
 * type they copy; FQN {@code service.db}; their schemas are their children.
 */
public final class DatabaseKind extends CatalogKind<CreateDatabase> {
  /** Every property of OM's Database entity (spec §4.7): all are valid {@code fields} names. */
  private static final Set<String> FIELDS =
      Set.of(
          "id", "name", "fullyQualifiedName", "displayName", "description", "tags", "version", "updatedAt", "updatedBy",
          "impersonatedBy", "href", "owners", "service", "serviceType", "location", "usageSummary", "databaseSchemas",
          "changeDescription", "incrementalChangeDescription", "default", "deleted", "retentionPeriod", "extension", "sourceUrl",
          "votes", "lifeCycle", "sourceHash", "domains", "domain", "dataProducts", "followers", "certification",
          "databaseProfilerConfig", "entityStatus");

  public DatabaseKind() {
    super(
        new Identity("database", "databases", "database_entity"), CreateDatabase.class, ownFields(), FIELDS,
        Containment.under("databaseService", "service").copying("serviceType").inheriting(CatalogFields.INHERITED),
        List.of(new ChildList("databaseSchemas", "databaseSchema")),
        List.of(ListFilter.under("service", "databaseService"), ListFilter.related("domain", "domains")));
  }

  private static List<Field> ownFields() {
    List<Field> fields = new ArrayList<>(CatalogFields.common());
    fields.add(Field.keep("default", BooleanNode.FALSE));
    return fields;
  }

  @Override
  public String searchIndex() {
    return "database_search_index";
  }
}
