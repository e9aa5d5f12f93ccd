package meridian.core.kinds.catalog;

import java.util.List;
import meridian.core.engine.kind.Field;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.RelationFields;

/** What databases, schemas and tables share (catalog spec §2.2, §2.4, §2.6). */
final class CatalogFields {
  private CatalogFields() {}

  /** Owners, tags, domains (also as the older single {@code domain}), data products, followers. */
  static List<RelationField> relations() {
    return List.of(RelationFields.owners(), RelationFields.tags(), RelationFields.domains(), RelationFields.dataProducts(),
        RelationFields.followers());
  }

  /** The stored fields every data asset here has, as PUT treats them (spec §5.2). */
  static List<Field> common() {
    return List.of(
        Field.replace("retentionPeriod"),
        Field.replace("sourceUrl"),
        Field.replace("extension"),
        Field.keep("lifeCycle", null),
        Field.replace("sourceHash"));
  }

  /** Owners, domains and retentionPeriod come down from the parent when an entity has none (spec §5.7). */
  static final String[] INHERITED = {"owners", "domains", "retentionPeriod"};

  /** Fields shown only when asked for (spec §4.7): custom properties. */
  static final String EXTENSION = "extension";
}
