package meridian.core.features.ingestion;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * PostgreSQL over pgjdbc: one database at a time (PostgreSQL can't read another database's
 * catalog), three catalog queries per schema — tables with their comments and view definitions,
 * columns with {@code format_type} (OM's {@code dataTypeDisplay}), keys — in a read-only session
 * with a statement timeout. Partitions are left out, as OM leaves them (their parent is the table).
 */
final class PostgresSource implements Source {
  private final String baseUrl;
  private final Properties properties;
  private final String configured;
  private final boolean allDatabases;
  private final int timeoutSeconds;
  private Connection connection;
  /** The database {@link #connection} is on; {@link #use} keeps the connection when asked for it again. */
  private String current;

  /** {@code url} ends with the configured database; {@code properties} hold the user and password. */
  PostgresSource(String url, Properties properties, String configured, boolean allDatabases, int timeoutSeconds) {
    this.baseUrl = url.substring(0, url.lastIndexOf('/') + 1);
    this.properties = properties;
    this.configured = configured;
    this.allDatabases = allDatabases;
    this.timeoutSeconds = timeoutSeconds;
  }

  @Override
  public String stepName() {
    return "Postgres";
  }

  @Override
  public List<String> databases() throws SQLException {
    use(configured);
    if (!allDatabases) {
      return List.of(configured);
    }
    List<String> names = new ArrayList<>();
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("SELECT datname FROM pg_catalog.pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  @Override
  public void use(String database) throws SQLException {
    if (connection != null && database.equals(current)) {
      return;
    }
    close();
    connection = DriverManager.getConnection(baseUrl + URLEncoder.encode(database, StandardCharsets.UTF_8), properties);
    connection.setReadOnly(true);
    try (Statement s = connection.createStatement()) {
      s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
      s.execute("SET statement_timeout = " + (timeoutSeconds * 1000L));
    }
    current = database;
  }

  @Override
  public List<Named> schemas() throws SQLException {
    List<Named> schemas = new ArrayList<>();
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("SELECT n.nspname, obj_description(n.oid, 'pg_namespace') FROM pg_catalog.pg_namespace n"
             + " WHERE n.nspname NOT LIKE 'pg\\_%' ESCAPE '\\' ORDER BY n.nspname")) {
      while (rs.next()) {
        schemas.add(new Named(rs.getString(1), rs.getString(2)));
      }
    }
    return schemas;
  }

  @Override
  public List<SourceTable> tables(String schema) throws SQLException {
    Map<String, String[]> tables = new LinkedHashMap<>();
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT c.relname, c.relkind, obj_description(c.oid, 'pg_class'),"
            + " CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT c.relispartition ORDER BY c.relname")) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          tables.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
        }
      }
    }
    Map<String, List<SourceColumn>> columns = new LinkedHashMap<>();
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT c.relname, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod), a.attnotnull, d.description,"
            + " CASE WHEN t.typcategory = 'A' THEN format_type(t.typelem, NULL) END, t.typtype,"
            + " CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END"
            + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
            + " LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass"
            + "   AND d.objsubid = a.attnum"
            + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT c.relispartition AND a.attnum > 0"
            + " AND NOT a.attisdropped ORDER BY c.relname, a.attnum")) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          SourceTypes.Mapped type = SourceTypes.postgres(rs.getString(4), rs.getString(7), "e".equals(rs.getString(8)), rs.getString(9));
          columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
              .add(new SourceColumn(rs.getString(2), type, !rs.getBoolean(5), rs.getString(6), rs.getInt(3)));
        }
      }
    }
    Map<String, List<Key>> keys = new LinkedHashMap<>();
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT c.relname, con.contype,"
            + " ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)"
            + "   JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord),"
            + " rn.nspname, rc.relname,"
            + " ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)"
            + "   JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)"
            + " FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace"
            + " WHERE n.nspname = ? AND con.contype IN ('p', 'u', 'f') ORDER BY c.relname, con.conname")) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          keys.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
              .add(new Key(rs.getString(2), strings(rs.getArray(3)), rs.getString(4), rs.getString(5), strings(rs.getArray(6))));
        }
      }
    }
    List<SourceTable> out = new ArrayList<>();
    tables.forEach((name, t) -> out.add(new SourceTable(name, tableType(t[0]), t[1], viewDefinition(schema, name, t[2]),
        columns.getOrDefault(name, List.of()), keys.getOrDefault(name, List.of()))));
    return out;
  }

  /** OM's RELKIND_MAP as observed (spec §1.3): a materialized view is read as a View. */
  private static String tableType(String relkind) {
    return switch (relkind) {
      case "p" -> "Partitioned";
      case "f" -> "Foreign";
      case "v", "m" -> "View";
      default -> "Regular";
    };
  }

  /** OM's prefix, so that a lineage parser sees a whole statement (spec §1.3). */
  private static String viewDefinition(String schema, String name, String body) {
    return body == null ? null : "create view " + schema + "." + name + " as " + body.strip();
  }

  private static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    Object[] values = (Object[]) array.getArray();
    List<String> out = new ArrayList<>(values.length);
    for (Object v : values) {
      out.add(String.valueOf(v));
    }
    return out;
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // closing anyway
      }
      connection = null;
      current = null;
    }
  }
}
