package meridian.core.features.ingestion;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source column's native type as OM's column model has it (ingestion spec §1.4): {@code dataType}
 * from OM's tables for PostgreSQL and MySQL/MariaDB, {@code dataLength} the declared length of
 * CHAR, VARCHAR, BINARY and VARBINARY and 1 for every other type (as OM sends it), precision and
 * scale for the decimal types that declare them, {@code arrayDataType} the element of a PostgreSQL
 * array, and {@code dataTypeDisplay} the native text, lower-cased.
 *
 * <p>Where OM's own reading is uncertain (spec §7), this chooses, and docs/decisions.md says so: a
 * PostgreSQL array is {@code ARRAY} with its element's type (OM's intent, though its lookup may give
 * UNKNOWN), and a MySQL {@code … unsigned} integer keeps its integer type (not UNKNOWN nor UINT).
 */
public final class SourceTypes {
  /** A column's type in OM's terms. */
  public record Mapped(String dataType, Integer dataLength, Integer precision, Integer scale, String arrayDataType, String display) {}

  /** The precision of a time or timestamp, which format_type puts before "with(out) time zone". */
  private static final Pattern TIME_PRECISION = Pattern.compile("\\(\\d+\\) with");
  private static final Pattern PARAMS = Pattern.compile("^([a-z0-9 _]+)(?:\\((\\d+)(?:\\s*,\\s*(\\d+))?\\))?(.*)$");
  private static final Map<String, String> POSTGRES = Map.ofEntries(
      Map.entry("smallint", "SMALLINT"), Map.entry("integer", "INT"), Map.entry("bigint", "BIGINT"),
      Map.entry("numeric", "NUMERIC"), Map.entry("real", "FLOAT"), Map.entry("double precision", "DOUBLE"), Map.entry("money", "NUMBER"),
      Map.entry("character varying", "VARCHAR"), Map.entry("character", "CHAR"), Map.entry("text", "TEXT"), Map.entry("citext", "STRING"),
      Map.entry("boolean", "BOOLEAN"), Map.entry("date", "DATE"), Map.entry("time without time zone", "TIME"),
      Map.entry("time with time zone", "TIME"), Map.entry("timestamp without time zone", "TIMESTAMP"),
      Map.entry("timestamp with time zone", "TIMESTAMP"), Map.entry("interval", "INTERVAL"), Map.entry("bytea", "BYTEA"),
      Map.entry("uuid", "UUID"), Map.entry("json", "JSON"), Map.entry("jsonb", "JSON"), Map.entry("xml", "XML"),
      Map.entry("tsvector", "TSVECTOR"), Map.entry("tsquery", "TSQUERY"), Map.entry("inet", "INET"), Map.entry("cidr", "CIDR"),
      Map.entry("macaddr", "MACADDR"), Map.entry("macaddr8", "MACADDR"), Map.entry("bit", "BINARY"), Map.entry("bit varying", "BINARY"),
      Map.entry("geometry", "GEOMETRY"), Map.entry("point", "GEOMETRY"), Map.entry("polygon", "GEOMETRY"), Map.entry("box", "GEOMETRY"),
      Map.entry("circle", "GEOMETRY"), Map.entry("line", "GEOMETRY"), Map.entry("lseg", "GEOMETRY"), Map.entry("path", "GEOMETRY"),
      Map.entry("pg_lsn", "PG_LSN"), Map.entry("pg_snapshot", "PG_SNAPSHOT"), Map.entry("txid_snapshot", "TXID_SNAPSHOT"));
  private static final Map<String, String> MYSQL = Map.ofEntries(
      Map.entry("tinyint", "TINYINT"), Map.entry("smallint", "SMALLINT"), Map.entry("mediumint", "INT"), Map.entry("int", "INT"),
      Map.entry("integer", "INT"), Map.entry("bigint", "BIGINT"), Map.entry("decimal", "DECIMAL"), Map.entry("numeric", "NUMERIC"),
      Map.entry("float", "FLOAT"), Map.entry("double", "DOUBLE"), Map.entry("real", "DOUBLE"), Map.entry("bit", "BINARY"),
      Map.entry("char", "CHAR"), Map.entry("varchar", "VARCHAR"), Map.entry("binary", "BINARY"), Map.entry("varbinary", "VARBINARY"),
      Map.entry("tinytext", "TEXT"), Map.entry("text", "TEXT"), Map.entry("mediumtext", "MEDIUMTEXT"), Map.entry("longtext", "TEXT"),
      Map.entry("tinyblob", "BLOB"), Map.entry("blob", "BLOB"), Map.entry("mediumblob", "MEDIUMBLOB"), Map.entry("longblob", "LONGBLOB"),
      Map.entry("enum", "ENUM"), Map.entry("set", "SET"), Map.entry("date", "DATE"), Map.entry("time", "TIME"),
      Map.entry("datetime", "DATETIME"), Map.entry("timestamp", "TIMESTAMP"), Map.entry("year", "YEAR"), Map.entry("json", "JSON"),
      Map.entry("geometry", "GEOMETRY"), Map.entry("point", "GEOMETRY"), Map.entry("linestring", "GEOMETRY"),
      Map.entry("polygon", "GEOMETRY"), Map.entry("multipoint", "GEOMETRY"), Map.entry("multilinestring", "GEOMETRY"),
      Map.entry("multipolygon", "GEOMETRY"), Map.entry("geometrycollection", "GEOMETRY"), Map.entry("geomcollection", "GEOMETRY"));
  private static final java.util.Set<String> LENGTHED = java.util.Set.of("CHAR", "VARCHAR", "BINARY", "VARBINARY");
  private static final java.util.Set<String> DECIMAL = java.util.Set.of("DOUBLE", "NUMBER", "NUMERIC", "FLOAT", "DECIMAL");

  private SourceTypes() {}

  /**
   * A PostgreSQL column: {@code formatType} is {@code format_type(atttypid, atttypmod)}; {@code
   * elementFormatType} that of an array's element (null for other types); {@code enumType} whether
   * the type is a user enum; {@code baseFormatType} a domain's base type (null for other types).
   */
  public static Mapped postgres(String formatType, String elementFormatType, boolean enumType, String baseFormatType) {
    // A source has few distinct types and many columns of each: each is mapped once.
    List<Object> key = java.util.Arrays.asList(formatType, elementFormatType, enumType, baseFormatType);
    Mapped known = POSTGRES_SEEN.get(key);
    if (known != null) {
      return known;
    }
    Mapped mapped = mapPostgres(formatType, elementFormatType, enumType, baseFormatType);
    if (POSTGRES_SEEN.size() < SEEN_LIMIT) {
      POSTGRES_SEEN.put(key, mapped);
    }
    return mapped;
  }

  /** Types mapped so far (a map, not a cache library: the keys are few and never go stale). */
  private static final Map<List<Object>, Mapped> POSTGRES_SEEN = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int SEEN_LIMIT = 10_000;

  private static Mapped mapPostgres(String formatType, String elementFormatType, boolean enumType, String baseFormatType) {
    String display = formatType.toLowerCase(Locale.ROOT);
    if (elementFormatType != null) {
      Mapped element = mapPostgres(elementFormatType, null, false, null);
      return new Mapped("ARRAY", 1, null, null, element.dataType(), display);
    }
    if (enumType) {
      return new Mapped("ENUM", 1, null, null, null, display);
    }
    if (baseFormatType != null) {
      Mapped base = mapPostgres(baseFormatType, null, false, null);
      return new Mapped(base.dataType(), base.dataLength(), base.precision(), base.scale(), base.arrayDataType(), display);
    }
    // format_type puts the length of a timestamp's or time's precision between its words.
    String plain = display.indexOf(") with") < 0 ? display : TIME_PRECISION.matcher(display).replaceAll(" with");
    return map(plain, display, POSTGRES, "UNKNOWN");
  }

  /** A MySQL or MariaDB column: {@code columnType} is {@code information_schema.COLUMNS.COLUMN_TYPE} (e.g. {@code int(10) unsigned}). */
  public static Mapped mysql(String columnType) {
    String display = columnType.toLowerCase(Locale.ROOT);
    String plain = display.replace(" unsigned", "").replace(" zerofill", "").replace(" signed", "");
    if (plain.startsWith("enum(") || plain.startsWith("set(")) {
      return new Mapped(plain.startsWith("enum(") ? "ENUM" : "SET", 1, null, null, null, display);
    }
    return map(plain, display, MYSQL, "UNKNOWN");
  }

  private static Mapped map(String plain, String display, Map<String, String> table, String unknown) {
    Matcher m = PARAMS.matcher(plain.strip());
    String base = plain.strip();
    Integer first = null;
    Integer second = null;
    if (m.matches()) {
      base = (m.group(1).strip() + m.group(4)).strip();
      first = m.group(2) == null ? null : Integer.valueOf(m.group(2));
      second = m.group(3) == null ? null : Integer.valueOf(m.group(3));
    }
    String type = table.getOrDefault(base, unknown);
    if (LENGTHED.contains(type)) {
      return new Mapped(type, first == null ? 1 : first, null, null, null, display);
    }
    if (DECIMAL.contains(type) && first != null) {
      return new Mapped(type, 1, first, second == null ? 0 : second, null, display);
    }
    return new Mapped(type, 1, null, null, null, display);
  }
}
