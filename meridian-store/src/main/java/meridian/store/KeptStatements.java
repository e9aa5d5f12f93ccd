package meridian.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.sqlite.SQLiteConnection;

/**
 * Prepared statements kept per connection of the embedded store, for the few statements a write
 * runs every time. sqlite-jdbc keeps no statement cache, and preparing the search row's insert
 * compiles its FTS5 trigger too: a quarter of what search cost a create (docs/performance.md).
 *
 * <p>A statement belongs to the driver's own connection (not the pool's wrapper, which closes the
 * statements made through it when the connection goes back), and is used only by the thread that
 * holds that connection: the pool hands a connection to one thread at a time. The statements of a
 * connection the pool has closed are dropped when the next connection is first seen.
 */
final class KeptStatements {
  private final Map<Connection, Map<String, PreparedStatement>> byConnection = new IdentityHashMap<>();

  /** A statement to run on the handle's connection, in its transaction: bind it, run it, and read (and close) what it answers. */
  PreparedStatement get(Handle handle, String sql) {
    try {
      Connection own = handle.getConnection().unwrap(SQLiteConnection.class);
      Map<String, PreparedStatement> kept;
      synchronized (byConnection) {
        kept = byConnection.get(own);
        if (kept == null) {
          byConnection.keySet().removeIf(KeptStatements::closed);
          kept = new HashMap<>();
          byConnection.put(own, kept);
        }
      }
      PreparedStatement statement = kept.get(sql);
      if (statement == null || statement.isClosed()) {
        statement = own.prepareStatement(sql);
        kept.put(sql, statement);
      }
      statement.clearParameters();
      return statement;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** A failure of a kept statement, as JDBI would have thrown it (so the store classifies it alike: a busy store, a constraint). */
  static RuntimeException failed(SQLException e) {
    return new UnableToExecuteStatementException(e, null);
  }

  private static boolean closed(Connection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }
}
