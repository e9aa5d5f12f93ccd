package meridian.tests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The store a test server runs on, chosen for the whole run by {@code -Dmeridian.test.store}
 * ({@code sqlite}, the default, {@code postgresql} or {@code mariadb}): the README's test command
 * runs the black-box suite once per store. An external store is a throw-away database on the
 * machine's real server (PostgreSQL 127.0.0.1:5432 user {@code postgres}, trust; MariaDB
 * 127.0.0.1:3306 {@code root}, no password), made here and dropped on {@link #close}.
 */
public final class TestStore implements AutoCloseable {
  public enum Kind {
    SQLITE, POSTGRESQL, MARIADB;

    public boolean external() {
      return this != SQLITE;
    }
  }

  public static final String PG_HOST_PORT = "127.0.0.1:5432";
  public static final String MARIADB_HOST_PORT = "127.0.0.1:3306";

  private final Kind kind;
  private final String database;

  private TestStore(Kind kind, String database) {
    this.kind = kind;
    this.database = database;
  }

  /** The store of this run. */
  public static Kind current() {
    String name = System.getProperty("meridian.test.store", "sqlite").toUpperCase(Locale.ROOT);
    return Kind.valueOf(name.equals("MYSQL") ? "MARIADB" : name);
  }

  /** A fresh, empty store of this run's kind (nothing to make for SQLite: the server makes its file). */
  public static TestStore fresh() {
    return fresh(current());
  }

  public static TestStore fresh(Kind kind) {
    if (!kind.external()) {
      return new TestStore(kind, null);
    }
    String name = "meridian_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try {
      if (kind == Kind.MARIADB) {
        // Meridian refuses to start on a MariaDB that takes statements under 128 MiB (a 64 MiB
        // async bulk request is kept in one row, docs/operations.md); MariaDB's default is 16 MiB,
        // so the suite raises it, as an operator would. It is a server-wide setting; raising it
        // breaks nothing else.
        admin(kind, "SET GLOBAL max_allowed_packet = GREATEST(@@GLOBAL.max_allowed_packet, 134217728)");
      }
      admin(kind, "CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("the " + kind + " suite needs this machine's " + kind + " (" + adminUrl(kind)
          + "); .ci/run starts it: " + e.getMessage(), e);
    }
    return new TestStore(kind, name);
  }

  public Kind kind() {
    return kind;
  }

  /** The JDBC URL for {@code --database-url}; null for the embedded store. */
  public String url() {
    return switch (kind) {
      case SQLITE -> null;
      case POSTGRESQL -> "jdbc:postgresql://" + PG_HOST_PORT + "/" + database;
      case MARIADB -> "jdbc:mariadb://" + MARIADB_HOST_PORT + "/" + database;
    };
  }

  public String user() {
    return switch (kind) {
      case SQLITE -> null;
      case POSTGRESQL -> "postgres";
      case MARIADB -> "root";
    };
  }

  /** The database's name on its server (null for SQLite). */
  public String databaseName() {
    return database;
  }

  /** Runs statements on this store's server as its administrator (outside this store's database). */
  public static void admin(Kind kind, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl(kind), kind == Kind.POSTGRESQL ? "postgres" : "root", "");
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static String adminUrl(Kind kind) {
    return kind == Kind.POSTGRESQL ? "jdbc:postgresql://" + PG_HOST_PORT + "/postgres" : "jdbc:mariadb://" + MARIADB_HOST_PORT + "/";
  }

  @Override
  public void close() {
    if (!kind.external()) {
      return;
    }
    try {
      admin(kind, kind == Kind.POSTGRESQL ? "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)" : "DROP DATABASE IF EXISTS " + database);
    } catch (SQLException e) {
      System.err.println("could not drop " + database + ": " + e.getMessage());
    }
  }
}
