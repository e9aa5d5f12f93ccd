package meridian.core.kinds.catalog;

import java.util.List;
import java.util.Set;
import meridian.core.engine.kind.ChildList;
import meridian.core.engine.kind.Containment;
import meridian.core.engine.kind.ListFilter;
import meridian.model.catalog.CreateDatabaseSchema;

/**
 * Database schemas (OM's {@code /v1/databaseSchemas}, catalog spec §2.3–2.4): under a database,
 * naming its service too; FQN {@code service.db.schema}; their tables are their children.
 */
public final class DatabaseSchemaKind extends CatalogKind<CreateDatabaseSchema> {
  private static final Set<String> FIELDS =
      Set.of(
          "id", "name", "fullyQualifiedName", "displayName", "description", "version", "updatedAt", "updatedBy", "impersonatedBy",
          "href", "owners", "service", "serviceType", "database", "tables", "usageSummary", "tags", "changeDescription",
          "incrementalChangeDescription", "deleted", "retentionPeriod", "extension", "sourceUrl", "votes", "lifeCycle", "sourceHash",
          "domains", "domain", "dataProducts", "followers", "certification", "databaseSchemaProfilerConfig", "entityStatus");

  public DatabaseSchemaKind() {
    super(
        new Identity("databaseSchema", "databaseSchemas", "database_schema_entity"), CreateDatabaseSchema.class,
        CatalogFields.common(), FIELDS,
        Containment.under("database", "database").withAncestor("databaseService", "service").copying("serviceType")
            .inheriting(CatalogFields.INHERITED),
        List.of(new ChildList("tables", "table")),
        List.of(ListFilter.under("database", "database"), ListFilter.related("domain", "domains")));
  }

  @Override
  public String searchIndex() {
    return "database_schema_search_index";
  }
}
