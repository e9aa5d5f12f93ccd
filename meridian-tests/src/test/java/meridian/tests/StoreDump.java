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
 * Every row of every catalog table (entities, history, edges, tags, jobs, secrets, search rows), as sorted text:
 * two dumps are equal exactly when the store holds the same thing. A refused request must leave
 * the dump unchanged. Reads through plain JDBC, so it works for any store the server runs on.
 */
public final class StoreDump {
  private StoreDump() {}

  /**
   * The tables of each store, listed once: a store's schema does not change while a suite runs, and
   * PostgreSQL's catalog query took most of each dump (the surface suites dump before and after
   * every refused request).
   */
  private static final java.util.Map<String, List<String>> TABLES = new java.util.HashMap<>();

  public static synchronized List<String> of(TestServer server) {
    DatabaseConfig store = server.store();
    // The embedded file is opened afresh each time (cheap, and a restore may have replaced the file).
    boolean embedded = store.jdbcUrl().startsWith("jdbc:sqlite:");
    Connection db = null;
    try {
      db = embedded ? DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password()) : connection(store);
      List<String> rows = new ArrayList<>();
      List<String> tables = TABLES.get(store.jdbcUrl());
      if (tables == null) {
        tables = tables(db);
        TABLES.put(store.jdbcUrl(), tables);
      }
      for (String table : tables) {
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
    } finally {
      if (embedded && db != null) {
        try {
          db.close();
        } catch (SQLException ignored) {
          // a read-only connection: nothing to lose
        }
      }
    }
  }

  /**
   * One connection per store, kept across dumps (a new PostgreSQL connection costs 25–40 ms here,
   * and the surface suites dump twice a request); opened again when the store dropped it.
   */
  private static synchronized Connection connection(DatabaseConfig store) throws SQLException {
    Connection open = CONNECTIONS.get(store.jdbcUrl());
    if (open != null && open.isValid(2)) {
      return open;
    }
    if (open != null) {
      try {
        open.close();
      } catch (SQLException ignored) {
        // already gone
      }
    }
    Connection fresh = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password());
    CONNECTIONS.put(store.jdbcUrl(), fresh);
    return fresh;
  }

  private static final java.util.Map<String, Connection> CONNECTIONS = new java.util.HashMap<>();

  private static List<String> tables(Connection db) throws SQLException {
    List<String> names = new ArrayList<>();
    DatabaseMetaData meta = db.getMetaData();
    // This store's own tables only: a MariaDB server or a PostgreSQL database holds others.
    try (ResultSet rs = meta.getTables(db.getCatalog(), db.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        String lower = name.toLowerCase(Locale.ROOT);
        // The embedded store's full-text index (FTS5's own tables) and its notes of what to catch up on are left out: the
        // index catches up in the background, after the write, so a dump around a refused request may see it move. What it
        // indexes, search_entry, is in the dump.
        boolean catchingUp = lower.startsWith("search_fts") || lower.equals("search_pending");
        if (!lower.startsWith("flyway_") && !lower.startsWith("sqlite_") && !catchingUp) {
          names.add(name);
        }
      }
    }
    names.sort(null);
    return names;
  }
}
