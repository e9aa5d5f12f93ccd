package meridian.core.features.connections;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import meridian.core.errors.ApiException;
import meridian.model.services.TestConnectionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test connection, run by the server itself (OM needs an Airflow or ingestion runner for it):
 * the steps of the type's definition, in order, against the real database over JDBC, each with its
 * own outcome and the driver's reason when it fails. A whole test is bounded ({@code timeout});
 * past it the running step fails with "timed out after N s" and its connection is aborted, so no
 * request thread ever hangs. Tests run on a small pool of their own; when it is full a test is
 * refused with a 503 rather than queued without end.
 */
public final class ConnectionTester implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionTester.class);
  public static final int WORKERS = 4;

  private final TestConnectionDefinitions definitions;
  private final Duration timeout;
  private final Clock clock;
  private final ThreadPoolExecutor pool;
  private final java.nio.file.Path privateDir;
  private final OutboundPolicy outbound;

  /** {@code privateDir}: the server's own data directory, whose files are never tested (null: none). */
  public ConnectionTester(
      TestConnectionDefinitions definitions, Duration timeout, Clock clock, java.nio.file.Path privateDir, OutboundPolicy outbound) {
    this.outbound = outbound;
    this.definitions = definitions;
    this.privateDir = privateDir;
    this.timeout = timeout;
    this.clock = clock;
    this.pool = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(32), runnable -> {
      Thread thread = new Thread(runnable, "meridian-test-connection");
      thread.setDaemon(true);
      return thread;
    });
    pool.allowCoreThreadTimeOut(true);
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Tests a connection. {@code config} holds its secrets in the clear; {@code redact} takes them
   * out of any text a driver produced (they are never in the result, the log or an error).
   */
  public TestConnectionResult test(String serviceType, JsonNode config, UnaryOperator<String> redact) {
    List<TestConnectionDefinitions.Step> steps = definitions.stepsFor(serviceType);
    int seconds = (int) Math.max(1, timeout.toSeconds());
    JdbcTarget target = JdbcTarget.of(serviceType, config, seconds, privateDir, outbound).orElse(null);
    if (target == null) {
      return notRunnable(steps, "Not run: this server holds no driver for " + serviceType
          + " (it tests " + String.join(", ", JdbcTarget.TYPES.stream().sorted().toList()) + "); test it from OM's ingestion");
    }
    if (target.problem() != null) {
      return notRunnable(steps, "Not run: " + target.problem());
    }
    Run run = new Run(target, steps, redact);
    Future<?> future;
    try {
      future = pool.submit(run::steps);
    } catch (RejectedExecutionException e) {
      throw new ApiException(503, "Too many connection tests are running at once; try again in a moment");
    }
    try {
      future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // The outcome first, then the interrupt: whatever the interrupted driver throws comes after the end.
      run.abort("timed out after " + seconds + " s");
      future.cancel(true);
    } catch (ExecutionException e) {
      run.abort("the test failed: " + redact.apply(String.valueOf(e.getCause())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.abort("interrupted");
    }
    return run.result();
  }

  /** The steps of the definition, none run, each saying why. */
  private TestConnectionResult notRunnable(List<TestConnectionDefinitions.Step> steps, String message) {
    List<TestConnectionResult.Step> out = new ArrayList<>();
    for (TestConnectionDefinitions.Step step : steps) {
      out.add(new TestConnectionResult.Step(step.name(), step.mandatory(), false, message, null));
    }
    return new TestConnectionResult(clock.millis(), "Failed", out);
  }

  /** One test in progress: the steps done so far, and the connection to abort on timeout. */
  private final class Run {
    private final JdbcTarget target;
    private final List<TestConnectionDefinitions.Step> steps;
    private final UnaryOperator<String> redact;
    private final List<TestConnectionResult.Step> done = new ArrayList<>();
    private final AtomicReference<Connection> connection = new AtomicReference<>();
    private volatile boolean over;
    private String schema;

    Run(JdbcTarget target, List<TestConnectionDefinitions.Step> steps, UnaryOperator<String> redact) {
      this.target = target;
      this.steps = steps;
      this.redact = redact;
    }

    void steps() {
      try {
        for (TestConnectionDefinitions.Step step : steps) {
          if (over) {
            return;
          }
          String failure = run(step.name());
          record(new TestConnectionResult.Step(step.name(), step.mandatory(), failure == null,
              failure == null ? null : step.errorMessage(), failure));
          if (failure != null && step.shortCircuit()) {
            return;
          }
        }
      } finally {
        close();
      }
    }

    /** Runs one step; null when it passed, else the reason. */
    private String run(String step) {
      try {
        switch (step) {
          case "CheckAccess" -> {
            Connection c = DriverManager.getConnection(target.url(), target.properties());
            connection.set(c);
            if (target.database() != null && target.flavor() == JdbcTarget.Flavor.MYSQL) {
              c.setCatalog(target.database());
            }
            if (over) {
              close();
            }
          }
          case "GetDatabases" -> query("SELECT datname FROM pg_catalog.pg_database WHERE NOT datistemplate");
          case "GetSchemas" -> schema = pickSchema(metadata());
          case "GetTables" -> tables(new String[] {"TABLE"});
          case "GetViews" -> tables(new String[] {"VIEW"});
          case "GetTags" -> query("SELECT 1 FROM pg_catalog.pg_policy LIMIT 1");
          case "GetQueries" -> query(target.flavor() == JdbcTarget.Flavor.REDSHIFT
              ? "SELECT 1 FROM pg_catalog.stl_query LIMIT 1" : "SELECT 1 FROM pg_stat_statements LIMIT 1");
          case "GetPartitionTableDetails" -> query("SELECT 1 FROM SVV_TABLE_INFO LIMIT 1");
          default -> {
            return "this step is not one this server can run";
          }
        }
        return null;
      } catch (SQLException | RuntimeException e) {
        return over ? null : redact.apply(String.valueOf(e.getMessage()));
      }
    }

    private DatabaseMetaData metadata() throws SQLException {
      Connection c = connection.get();
      if (c == null) {
        throw new SQLException("not connected");
      }
      return c.getMetaData();
    }

    /** The schema the later steps look into: the first that is not the system's (MySQL's databases are its schemas). */
    private String pickSchema(DatabaseMetaData meta) throws SQLException {
      List<String> names = new ArrayList<>();
      boolean catalogs = target.flavor() == JdbcTarget.Flavor.MYSQL;
      try (ResultSet rs = catalogs ? meta.getCatalogs() : meta.getSchemas()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      if (catalogs && target.database() != null) {
        return target.database();
      }
      return names.stream().filter(n -> !JdbcTarget.SYSTEM_SCHEMAS.contains(n.toLowerCase(Locale.ROOT))).findFirst()
          .orElse(names.isEmpty() ? null : names.get(0));
    }

    private void tables(String[] types) throws SQLException {
      DatabaseMetaData meta = metadata();
      boolean catalogs = target.flavor() == JdbcTarget.Flavor.MYSQL;
      try (ResultSet rs = meta.getTables(catalogs ? schema : null, catalogs ? null : schema, "%", types)) {
        while (rs.next()) {
          rs.getString("TABLE_NAME");
        }
      }
    }

    private void query(String sql) throws SQLException {
      Connection c = connection.get();
      if (c == null) {
        throw new SQLException("not connected");
      }
      try (Statement statement = c.createStatement()) {
        statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()) + 1);
        statement.executeQuery(sql).close();
      }
    }

    private synchronized void record(TestConnectionResult.Step step) {
      if (!over) {
        done.add(step);
      }
    }

    /** Ends the test from outside: the step that was running fails with {@code reason}. */
    synchronized void abort(String reason) {
      if (over) {
        return;
      }
      over = true;
      TestConnectionDefinitions.Step running = steps.size() > done.size() ? steps.get(done.size()) : null;
      if (running != null) {
        done.add(new TestConnectionResult.Step(running.name(), running.mandatory(), false, reason, null));
      }
      close();
    }

    private void close() {
      Connection c = connection.getAndSet(null);
      if (c != null) {
        try {
          c.close();
        } catch (SQLException e) {
          LOG.debug("closing a tested connection: {}", e.getMessage());
        }
      }
    }

    synchronized TestConnectionResult result() {
      over = true;
      boolean failed = done.stream().anyMatch(s -> Boolean.TRUE.equals(s.mandatory()) && !s.passed());
      boolean complete = !failed && done.size() == steps.size();
      return new TestConnectionResult(clock.millis(), failed || !complete ? "Failed" : "Successful", List.copyOf(done));
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
