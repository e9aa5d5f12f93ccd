package meridian.core.features.ingestion;

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
 * MySQL and MariaDB over MariaDB's driver: OM's one database ({@code databaseName}, else
 * {@code default}) whose schemas are the server's databases, read from {@code information_schema}
 * in four queries per schema — tables, views, columns ({@code COLUMN_TYPE}, which keeps
 * {@code unsigned} and enum values), keys — in a read-only session with a statement timeout.
 */
final class MysqlSource implements Source {
  private final Connection connection;
  private final String database;
  private final String onlySchema;
  private final String step;

  MysqlSource(String url, Properties properties, String database, String onlySchema, String step, int timeoutSeconds) throws SQLException {
    this.database = database == null || database.isBlank() ? "default" : database;
    this.onlySchema = onlySchema;
    this.step = step;
    this.connection = DriverManager.getConnection(url, properties);
    connection.setReadOnly(true);
    try (Statement s = connection.createStatement()) {
      s.execute("SET SESSION TRANSACTION READ ONLY");
      try {
        s.execute("SET SESSION max_statement_time = " + timeoutSeconds); // MariaDB
      } catch (SQLException e) {
        s.execute("SET SESSION max_execution_time = " + timeoutSeconds * 1000L); // MySQL
      }
    }
  }

  @Override
  public String stepName() {
    return step;
  }

  @Override
  public List<String> databases() {
    return List.of(database);
  }

  @Override
  public void use(String name) {}

  @Override
  public List<Named> schemas() throws SQLException {
    List<Named> schemas = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA" + (onlySchema == null ? "" : " WHERE SCHEMA_NAME = ?") + " ORDER BY SCHEMA_NAME")) {
      if (onlySchema != null) {
        s.setString(1, onlySchema);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          schemas.add(new Named(rs.getString(1), null));
        }
      }
    }
    return schemas;
  }

  @Override
  public List<SourceTable> tables(String schema) throws SQLException {
    Map<String, String[]> tables = new LinkedHashMap<>();
    for (String[] row : rows("SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
        + " ORDER BY TABLE_NAME", schema, 3)) {
      boolean view = row[1].contains("VIEW");
      // A view's TABLE_COMMENT is the word VIEW, not a comment.
      tables.put(row[0], new String[] {view ? "View" : "Regular", view || row[2] == null || row[2].isBlank() ? null : row[2], null});
    }
    for (String[] row : rows("SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?", schema, 2)) {
      String[] t = tables.get(row[0]);
      if (t != null) {
        t[2] = row[1];
      }
    }
    Map<String, List<SourceColumn>> columns = new LinkedHashMap<>();
    for (String[] row : rows("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_COMMENT, ORDINAL_POSITION"
        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION", schema, 6)) {
      columns.computeIfAbsent(row[0], t -> new ArrayList<>()).add(new SourceColumn(row[1], SourceTypes.mysql(row[2]),
          "YES".equals(row[3]), row[4] == null || row[4].isBlank() ? null : row[4], Integer.parseInt(row[5])));
    }
    Map<String, Map<String, Key>> keys = new LinkedHashMap<>();
    for (String[] row : rows("SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA,"
        + " k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME FROM information_schema.TABLE_CONSTRAINTS tc"
        + " JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA"
        + " AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND k.TABLE_NAME = tc.TABLE_NAME"
        + " WHERE tc.TABLE_SCHEMA = ? AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')"
        + " ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION", schema, 7)) {
      String type = row[2].equals("PRIMARY KEY") ? "p" : row[2].equals("UNIQUE") ? "u" : "f";
      Key key = keys.computeIfAbsent(row[0], t -> new LinkedHashMap<>())
          .computeIfAbsent(row[1], c -> new Key(type, new ArrayList<>(), row[4], row[5], new ArrayList<>()));
      key.columns().add(row[3]);
      if (row[6] != null) {
        key.refColumns().add(row[6]);
      }
    }
    List<SourceTable> out = new ArrayList<>();
    tables.forEach((name, t) -> out.add(new SourceTable(name, t[0], t[1], t[2], columns.getOrDefault(name, List.of()),
        List.copyOf(keys.getOrDefault(name, Map.of()).values()))));
    return out;
  }

  private List<String[]> rows(String sql, String schema, int width) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String[] row = new String[width];
          for (int i = 0; i < width; i++) {
            row[i] = rs.getString(i + 1);
          }
          out.add(row);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing anyway
    }
  }
}
