package meridian.store;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.sqlite.SQLiteConnection;

/**
 * Prepared statements kept per connection of the embedded store, for every statement it runs
 * again: sqlite-jdbc keeps no statement cache, and preparing is a tenth of a search's time and a
 * quarter of what search cost a create (the search row's insert compiles its FTS5 trigger too:
 * docs/performance.md). JDBI takes its statements from here ({@link #factory}); the search row's
 * two statements, bound by position, come from {@link #get}.
 *
 * <p>A statement belongs to the driver's own connection (not the pool's wrapper, which closes the
 * statements made through it when the connection goes back), and is used only by the thread that
 * holds that connection: the pool hands a connection to one thread at a time. Each connection
 * keeps its {@link #PER_CONNECTION} most recently used statements; a statement asked for again
 * while it is still in use (a statement run inside the loop over its own results) is prepared anew
 * and closed after. The statements of a connection the pool has closed are dropped when the next
 * connection is first seen.
 */
final class KeptStatements {
  /** How many statements a connection keeps: the store's usual statements, with room for the searches' shapes. */
  static final int PER_CONNECTION = 256;

  private final Map<Connection, Kept> byConnection = new IdentityHashMap<>();

  /**
   * One connection's statements, by SQL, least recently used first; the same as a set (JDBI gives a
   * statement back with its SQL as written, not as prepared); and those handed out and not given back.
   */
  private static final class Kept {
    final Set<Statement> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
    final Set<Statement> all = Collections.newSetFromMap(new IdentityHashMap<>());
    final LinkedHashMap<String, PreparedStatement> bySql = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
        if (size() <= PER_CONNECTION) {
          return false;
        }
        all.remove(eldest.getValue());
        // One in use is closed when it is given back (it is no longer among the kept).
        if (!inUse.contains(eldest.getValue())) {
          closeQuietly(eldest.getValue());
        }
        return true;
      }
    };

    void keep(String sql, PreparedStatement statement) {
      PreparedStatement before = bySql.put(sql, statement);
      if (before != null) {
        all.remove(before);
      }
      all.add(statement);
    }
  }

  private Kept kept(Connection own) {
    synchronized (byConnection) {
      Kept kept = byConnection.get(own);
      if (kept == null) {
        byConnection.keySet().removeIf(KeptStatements::closed);
        kept = new Kept();
        byConnection.put(own, kept);
      }
      return kept;
    }
  }

  /** A statement to run on the handle's connection, in its transaction: bind it, run it, and read (and close) what it answers. */
  PreparedStatement get(Handle handle, String sql) {
    try {
      Connection own = handle.getConnection().unwrap(SQLiteConnection.class);
      Kept kept = kept(own);
      PreparedStatement statement = kept.bySql.get(sql);
      if (statement == null || statement.isClosed()) {
        statement = own.prepareStatement(sql);
        kept.keep(sql, statement);
      }
      statement.clearParameters();
      return statement;
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** JDBI's statements on the embedded store: kept per connection, as {@link #get}'s are. */
  StatementBuilderFactory factory() {
    return connection -> new Builder();
  }

  private final class Builder implements StatementBuilder {
    private final DefaultStatementBuilder plain = new DefaultStatementBuilder();

    @Override
    public Statement create(Connection connection, StatementContext context) throws SQLException {
      return plain.create(connection, context);
    }

    @Override
    public PreparedStatement create(Connection connection, String sql, StatementContext context) throws SQLException {
      if (context.isReturningGeneratedKeys() || context.isConcurrentUpdatable()) {
        return plain.create(connection, sql, context);
      }
      Connection own = connection.unwrap(SQLiteConnection.class);
      Kept kept = kept(own);
      PreparedStatement statement = kept.bySql.get(sql);
      if (statement != null && kept.inUse.contains(statement)) {
        // Run again inside its own loop: one of its own, closed when given back.
        return own.prepareStatement(sql);
      }
      if (statement == null || statement.isClosed()) {
        statement = own.prepareStatement(sql);
        kept.keep(sql, statement);
      }
      kept.inUse.add(statement);
      return statement;
    }

    @Override
    public CallableStatement createCall(Connection connection, String sql, StatementContext context) throws SQLException {
      return plain.createCall(connection, sql, context);
    }

    @Override
    public void close(Connection connection, String sql, Statement statement) throws SQLException {
      Kept kept = statement instanceof PreparedStatement ? kept(connection.unwrap(SQLiteConnection.class)) : null;
      if (kept == null || !kept.inUse.remove(statement) || !kept.all.contains(statement)) {
        statement.close();
        return;
      }
      // JDBI closed its results first, which reset it; what is left of the run goes.
      PreparedStatement prepared = (PreparedStatement) statement;
      prepared.clearParameters();
      prepared.clearBatch();
    }
  }

  /** A failure of a kept statement, as JDBI would have thrown it (so the store classifies it alike: a busy store, a constraint). */
  static RuntimeException failed(SQLException e) {
    return new UnableToExecuteStatementException(e, null);
  }

  private static void closeQuietly(Statement statement) {
    try {
      statement.close();
    } catch (SQLException e) {
      // Its connection is gone or going: nothing is left to free.
    }
  }

  private static boolean closed(Connection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }
}
