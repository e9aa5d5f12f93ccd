package meridian.core.features.csv;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The four entities a CSV describes the inside of (catalog spec §7.1, §7.3): a service's
 * databases, a database's schemas, a schema's tables and a table's columns, with OM's newest
 * headers for each, and the 20 of a recursive file.
 */
public enum CsvLevel {
  SERVICE("databaseService", "database", Headers.SERVICE),
  DATABASE("database", "databaseSchema", Headers.ENTITY),
  SCHEMA("databaseSchema", "table", Headers.ENTITY),
  TABLE("table", "column", Headers.TABLE);

  private final String type;
  private final String childType;
  private final List<String> headers;

  CsvLevel(String type, String childType, List<String> headers) {
    this.type = type;
    this.childType = childType;
    this.headers = headers;
  }

  /** The entity type of the target (whose FQN the URL names). */
  public String type() {
    return type;
  }

  /** What a row of a non-recursive file is. */
  public String childType() {
    return childType;
  }

  /** Whether the target takes {@code recursive} (a table does not: its file is its columns). */
  public boolean recursive() {
    return this != TABLE;
  }

  /** The header of a file of this level. */
  public List<String> headers(boolean recursive) {
    return recursive && recursive() ? Headers.RECURSIVE : headers;
  }

  public static Optional<CsvLevel> of(String type) {
    for (CsvLevel level : values()) {
      if (level.type.equals(type)) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }

  /** OM's {@code <type>CsvDocumentation.json} header lists; a trailing {@code *} marks a required field. */
  static final class Headers {
    private Headers() {}

    static final List<String> SERVICE = List.of(
        "name*", "displayName", "description", "owner", "tags", "glossaryTerms", "tiers", "certification", "domains", "extension");
    static final List<String> ENTITY = List.of(
        "name*", "displayName", "description", "owner", "tags", "glossaryTerms", "tiers", "certification", "retentionPeriod",
        "sourceUrl", "domains", "extension");
    static final List<String> RECURSIVE;
    static final List<String> TABLE = List.of(
        "column.name*", "column.displayName", "column.description", "column.dataTypeDisplay", "column.dataType*",
        "column.arrayDataType", "column.dataLength", "column.tags", "column.glossaryTerms");

    static {
      List<String> all = new ArrayList<>(ENTITY);
      all.addAll(List.of("entityType*", "fullyQualifiedName", "column.dataTypeDisplay", "column.dataType", "column.arrayDataType",
          "column.dataLength", "storedProcedure.code", "storedProcedure.language"));
      RECURSIVE = List.copyOf(all);
    }
  }
}
