package meridian.store;

import java.sql.SQLException;
import java.util.Locale;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Everything that differs between the three supported databases (ARCHITECTURE rule 7). All other
 * SQL sticks to the portable subset.
 */
public enum Dialect {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql"),
  MARIADB("mysql");

  private final String migrationFolder;

  Dialect(String migrationFolder) {
    this.migrationFolder = migrationFolder;
  }

  public static Dialect fromJdbcUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
      return MARIADB;
    }
    throw new IllegalArgumentException(
        "unsupported database URL '" + url + "': use jdbc:postgresql://… or jdbc:mariadb://…");
  }

  /** Flyway location holding this dialect's {@code V*__*.sql} files. */
  public String migrationLocation() {
    return "classpath:db/migration/" + migrationFolder;
  }

  /**
   * SQLite allows one writer at a time for the whole file. Serialising writers inside the JVM
   * (see {@link Database#inTransaction}) is cheaper than letting them spin on SQLITE_BUSY; the
   * server and row versions still guard against writers in other processes.
   */
  public boolean needsProcessWriteLock() {
    return this == SQLITE;
  }

  /**
   * A unique-key violation, recognised by vendor code, never by message text (ARCHITECTURE rule
   * 5): PostgreSQL SQLState 23505, MariaDB error 1062, SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY.
   */
  public boolean isUniqueViolation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && isUniqueViolation(sql)) {
        return true;
      }
    }
    return false;
  }

  private boolean isUniqueViolation(SQLException e) {
    return switch (this) {
      case POSTGRESQL -> "23505".equals(e.getSQLState());
      case MARIADB -> e.getErrorCode() == 1062;
      case SQLITE ->
          e instanceof SQLiteException s
              && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                  || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    };
  }
}
