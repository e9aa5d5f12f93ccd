package meridian.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * An empty store of one dialect for tests that must run on every store (ARCHITECTURE rule 7; the
 * store's own and, through its test jar, the core's): the embedded file in a temporary directory, or a throw-away database on the
 * machine's PostgreSQL (127.0.0.1:5432, {@code postgres}, trust) or MariaDB (127.0.0.1:3306,
 * {@code root}, no password), dropped on {@link #close}.
 */
public final class ThrowawayStore implements AutoCloseable {
  private final Dialect dialect;
  private final String name;
  public final DatabaseConfig config;

  public ThrowawayStore(Dialect dialect, Path dir) {
    this.dialect = dialect;
    this.name = "meridian_unit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String url = switch (dialect) {
      case SQLITE -> null;
      case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:5432/" + name;
      case MARIADB -> "jdbc:mariadb://127.0.0.1:3306/" + name;
    };
    if (dialect == Dialect.MARIADB) {
      admin("SET GLOBAL max_allowed_packet = GREATEST(@@GLOBAL.max_allowed_packet, " + Database.MARIADB_MIN_PACKET + ")");
    }
    if (url != null) {
      admin("CREATE DATABASE " + name);
    }
    this.config = new DatabaseConfig(dir, url, url == null ? null : dialect == Dialect.POSTGRESQL ? "postgres" : "root",
        url == null ? null : "", 2);
  }

  private void admin(String sql) {
    String url = dialect == Dialect.POSTGRESQL ? "jdbc:postgresql://127.0.0.1:5432/postgres" : "jdbc:mariadb://127.0.0.1:3306/";
    try (Connection c = DriverManager.getConnection(url, dialect == Dialect.POSTGRESQL ? "postgres" : "root", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("the store's tests need this machine's " + dialect + " (.ci/run starts it): " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (dialect != Dialect.SQLITE) {
      admin(dialect == Dialect.POSTGRESQL ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)" : "DROP DATABASE IF EXISTS " + name);
    }
  }
}
