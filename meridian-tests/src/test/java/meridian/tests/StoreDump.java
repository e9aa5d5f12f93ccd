package meridian.tests;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import meridian.store.DatabaseConfig;

/**
 * Every row of every catalog table (entities, history, edges, tags, jobs, secrets), as sorted text:
 * two dumps are equal exactly when the store holds the same thing. A refused request must leave
 * the dump unchanged. Reads through plain JDBC, so it works for any store the server runs on.
 */
public final class StoreDump {
  private StoreDump() {}

  public static List<String> of(TestServer server) {
    DatabaseConfig store = server.store();
    try (Connection db = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password())) {
      List<String> rows = new ArrayList<>();
      for (String table : tables(db)) {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData meta = rs.getMetaData();
          while (rs.next()) {
            StringBuilder row = new StringBuilder(table).append(':');
            for (int c = 1; c <= meta.getColumnCount(); c++) {
              row.append(c == 1 ? "" : "|").append(rs.getString(c));
            }
            rows.add(row.toString());
          }
        }
      }
      rows.sort(null);
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot dump the store", e);
    }
  }

  private static List<String> tables(Connection db) throws SQLException {
    List<String> names = new ArrayList<>();
    DatabaseMetaData meta = db.getMetaData();
    // This store's own tables only: a MariaDB server or a PostgreSQL database holds others.
    try (ResultSet rs = meta.getTables(db.getCatalog(), db.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("flyway_") && !lower.startsWith("sqlite_")) {
          names.add(name);
        }
      }
    }
    names.sort(null);
    return names;
  }
}
