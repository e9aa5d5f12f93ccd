package meridian.tests.connections;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Throw-away databases on the machine's real PostgreSQL (127.0.0.1:5432, {@code postgres}, trust)
 * and MariaDB (127.0.0.1:3306, {@code root}, no password), each with a schema, a table and a view
 * to be found, and a MariaDB user with a password (PostgreSQL here takes any password, so a wrong
 * one can only be shown on MariaDB). Close to drop them all.
 */
public final class RealDatabases implements AutoCloseable {
  public static final String PG_HOST_PORT = "127.0.0.1:5432";
  public static final String MARIADB_HOST_PORT = "127.0.0.1:3306";
  private static final String PG_ADMIN = "jdbc:postgresql://" + PG_HOST_PORT + "/postgres";
  private static final String MARIADB_ADMIN = "jdbc:mariadb://" + MARIADB_HOST_PORT + "/";

  final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  /** A PostgreSQL database with schema {@code sales}, table {@code sales.orders} and view {@code sales.big_orders}. */
  final String pgDatabase = "meridian_tc_" + suffix;
  /** A MariaDB database (a schema, to MySQL) with a table and a view, readable by {@link #mariaUser}. */
  final String mariaDatabase = "meridian_tc_" + suffix;
  final String mariaUser = "meridian_tc_" + suffix;
  final String mariaPassword = "Pw-" + UUID.randomUUID();

  RealDatabases() {
    try {
      run(PG_ADMIN, "postgres", "CREATE DATABASE " + pgDatabase);
      run("jdbc:postgresql://" + PG_HOST_PORT + "/" + pgDatabase, "postgres",
          "CREATE SCHEMA sales",
          "CREATE TABLE sales.orders (id INTEGER PRIMARY KEY, amount NUMERIC)",
          "CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE amount > 100");
      run(MARIADB_ADMIN, "root",
          "CREATE DATABASE " + mariaDatabase,
          "CREATE TABLE " + mariaDatabase + ".orders (id INTEGER PRIMARY KEY, amount DECIMAL(10, 2))",
          "CREATE VIEW " + mariaDatabase + ".big_orders AS SELECT * FROM " + mariaDatabase + ".orders WHERE amount > 100",
          "CREATE USER '" + mariaUser + "'@'%' IDENTIFIED BY '" + mariaPassword + "'",
          "GRANT SELECT, SHOW VIEW ON " + mariaDatabase + ".* TO '" + mariaUser + "'@'%'");
    } catch (SQLException e) {
      close();
      throw new IllegalStateException("the tests of test connection need this machine's PostgreSQL on " + PG_HOST_PORT
          + " (user postgres) and MariaDB on " + MARIADB_HOST_PORT + " (user root, no password); .ci/run starts them: "
          + e.getMessage(), e);
    }
  }

  private static void run(String url, String user, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  @Override
  public void close() {
    try {
      run(PG_ADMIN, "postgres", "DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("could not drop " + pgDatabase + ": " + e.getMessage());
    }
    try {
      run(MARIADB_ADMIN, "root", "DROP DATABASE IF EXISTS " + mariaDatabase, "DROP USER IF EXISTS '" + mariaUser + "'@'%'");
    } catch (SQLException e) {
      System.err.println("could not drop " + mariaDatabase + ": " + e.getMessage());
    }
  }
}
