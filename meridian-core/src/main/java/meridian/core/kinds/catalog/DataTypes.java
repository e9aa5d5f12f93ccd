package meridian.core.kinds.catalog;

import java.util.List;
import java.util.Set;

/** OM's enumerations for tables, newest (catalog spec §2.8): each a superset of 1.4's. */
public final class DataTypes {
  private DataTypes() {}

  /** Whether {@code value} is one of OM's column data types (a CSV import checks its rows with it). */
  public static boolean isColumnType(String value) {
    return COLUMN_SET.contains(value);
  }

  /** Whether columns of {@code dataType} need a {@code dataLength} (spec §2.11). */
  public static boolean needsLength(String dataType) {
    return NEED_LENGTH.contains(dataType);
  }

  /** {@code dataType} (OM's ColumnDataType): 1.4's 78 values and the 8 added since, spaces and spelling included. */
  static final List<String> COLUMN = List.of(
      "NUMBER", "TINYINT", "SMALLINT", "INT", "BIGINT", "BYTEINT", "BYTES", "FLOAT", "DOUBLE", "DECIMAL", "NUMERIC",
      "TIMESTAMP", "TIMESTAMPZ", "TIME", "DATE", "DATETIME", "INTERVAL", "STRING", "MEDIUMTEXT", "TEXT", "CHAR", "LONG",
      "VARCHAR", "BOOLEAN", "BINARY", "VARBINARY", "ARRAY", "BLOB", "LONGBLOB", "MEDIUMBLOB", "MAP", "STRUCT", "UNION", "SET",
      "GEOGRAPHY", "ENUM", "JSON", "UUID", "VARIANT", "GEOMETRY", "BYTEA", "AGGREGATEFUNCTION", "ERROR", "FIXED", "RECORD",
      "NULL", "SUPER", "HLLSKETCH", "PG_LSN", "PG_SNAPSHOT", "TSQUERY", "TXID_SNAPSHOT", "XML", "MACADDR", "TSVECTOR",
      "UNKNOWN", "CIDR", "INET", "CLOB", "ROWID", "LOWCARDINALITY", "YEAR", "POINT", "POLYGON", "TUPLE", "SPATIAL", "TABLE",
      "NTEXT", "IMAGE", "IPV4", "IPV6", "DATETIMERANGE", "HLL", "LARGEINT", "QUANTILE_STATE", "AGG_STATE", "BITMAP", "UINT",
      "BIT", "MONEY", "MEASURE HIDDEN", "MEASURE VISIBLE", "MEASURE", "KPI", "HEIRARCHY", "HIERARCHYID");

  static final Set<String> COLUMN_SET = Set.copyOf(COLUMN);

  /** Types whose columns need {@code dataLength} (spec §2.11). */
  static final Set<String> NEED_LENGTH = Set.of("CHAR", "VARCHAR", "BINARY", "VARBINARY");

  static final List<String> TABLE_TYPES = List.of(
      "Regular", "External", "Dynamic", "View", "SecureView", "MaterializedView", "Iceberg", "Local", "Partitioned", "Foreign",
      "Transient", "Stream", "Stage");

  static final List<String> CONSTRAINTS = List.of("NULL", "NOT_NULL", "UNIQUE", "PRIMARY_KEY");

  static final List<String> TABLE_CONSTRAINTS = List.of("UNIQUE", "PRIMARY_KEY", "FOREIGN_KEY", "SORT_KEY", "DIST_KEY", "CLUSTER_KEY");

  static final List<String> RELATIONSHIPS = List.of("ONE_TO_ONE", "ONE_TO_MANY", "MANY_TO_ONE", "MANY_TO_MANY");

  static final List<String> FILE_FORMATS = List.of(
      "csv", "csv.gz", "tsv", "avro", "parquet", "pq", "pqt", "parq", "parquet.snappy", "json", "json.gz", "json.zip", "jsonl",
      "jsonl.gz", "jsonl.zip", "MF4");

  static final List<String> PARTITION_INTERVALS = List.of(
      "TIME-UNIT", "INTEGER-RANGE", "INGESTION-TIME", "COLUMN-VALUE", "INJECTED", "ENUM", "OTHER");
}
