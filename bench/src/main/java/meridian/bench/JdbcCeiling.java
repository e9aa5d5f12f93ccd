package meridian.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The storage ceiling: plain JDBC on the same store, with rows the size of a service's document
 * (id, name, a unique name hash, 1 KB of JSON, a timestamp) and no server in front. Measures, each
 * for a fixed time after a warm-up: one-row insert transactions from 1 and 8 threads, point reads
 * by name from 1 and 8 threads, then the time of one 10,000-row batch in one transaction. Prints one
 * JSON object. Run by the benchmark in a JVM of its own with the JVM's default flags.
 *
 *   java -cp meridian.jar:bench-classes meridian.bench.JdbcCeiling JDBC_URL USER SECONDS [SYNCHRONOUS]
 *
 * On SQLite (WAL) SYNCHRONOUS is FULL (an fsync per commit, what Meridian's store promises) or
 * NORMAL (WAL's fsync only at checkpoints); its writers take a lock in the JVM rather than spin in
 * SQLite's busy handler, since SQLite has one writer anyway and that is the fastest way to feed it.
 */
public final class JdbcCeiling {
  private static final int WARM_UP_SECONDS = 2;
  private final String url;
  private final String user;
  private final String synchronous;
  private final boolean sqlite;
  private final ReentrantLock sqliteWriter = new ReentrantLock();
  private final String document = Fixtures.serviceDocument(1024);
  private final AtomicLong sequence = new AtomicLong();

  private JdbcCeiling(String url, String user, String synchronous) {
    this.url = url;
    this.user = user;
    this.synchronous = synchronous;
    this.sqlite = url.startsWith("jdbc:sqlite:");
  }

  public static void main(String[] args) throws Exception {
    JdbcCeiling ceiling = new JdbcCeiling(args[0], args[1], args.length > 3 ? args[3] : "FULL");
    int seconds = Integer.parseInt(args[2]);
    ceiling.createTable();
    double insert1 = ceiling.inserts(1, seconds);
    double insert8 = ceiling.inserts(8, seconds);
    double read1 = ceiling.reads(1, seconds);
    double read8 = ceiling.reads(8, seconds);
    double batch = ceiling.batch(10_000);
    System.out.println(String.format(Locale.ROOT,
        "{\"insert_c1\":%.1f,\"insert_c8\":%.1f,\"read_c1\":%.1f,\"read_c8\":%.1f,\"batch10k_seconds\":%.4f}",
        insert1, insert8, read1, read8, batch));
  }

  private Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(url, user, "");
    if (sqlite) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA journal_mode=WAL");
        statement.execute("PRAGMA synchronous=" + synchronous);
        statement.execute("PRAGMA busy_timeout=15000");
      }
    }
    return connection;
  }

  private void createTable() throws SQLException {
    String text = url.startsWith("jdbc:mariadb:") ? "LONGTEXT" : "TEXT";
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE ceiling_doc (id VARCHAR(36) PRIMARY KEY, name VARCHAR(256) NOT NULL, "
          + "fqn_hash VARCHAR(64) NOT NULL UNIQUE, json " + text + " NOT NULL, updated_at BIGINT NOT NULL)");
      statement.execute("CREATE INDEX ceiling_doc_name ON ceiling_doc (name)");
    }
  }

  private void insert(PreparedStatement insert) throws SQLException {
    long n = sequence.incrementAndGet();
    String name = "row_" + n;
    insert.setString(1, UUID.randomUUID().toString());
    insert.setString(2, name);
    insert.setString(3, Long.toHexString(n) + "_" + Integer.toHexString(name.hashCode()));
    insert.setString(4, document);
    insert.setLong(5, System.currentTimeMillis());
    insert.executeUpdate();
  }

  /** Rows per second, each row its own committed transaction, from {@code threads} threads. */
  private double inserts(int threads, int seconds) throws Exception {
    return run(threads, seconds, connection -> {
      PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO ceiling_doc (id, name, fqn_hash, json, updated_at) VALUES (?, ?, ?, ?, ?)");
      return () -> {
        if (sqlite) {
          sqliteWriter.lock();
          try {
            insert(insert);
          } finally {
            sqliteWriter.unlock();
          }
        } else {
          insert(insert);
        }
      };
    });
  }

  /** Point reads by name per second (of rows the inserts wrote), from {@code threads} threads. */
  private double reads(int threads, int seconds) throws Exception {
    long rows = sequence.get();
    return run(threads, seconds, connection -> {
      PreparedStatement read = connection.prepareStatement("SELECT json FROM ceiling_doc WHERE name = ?");
      return () -> {
        read.setString(1, "row_" + (1 + ThreadLocalRandom.current().nextLong(rows)));
        try (ResultSet rs = read.executeQuery()) {
          if (!rs.next() || rs.getString(1).length() < 1000) {
            throw new IllegalStateException("a row the inserts wrote is missing");
          }
        }
      };
    });
  }

  /** Seconds to write {@code count} rows in one transaction with a batched statement. */
  private double batch(int count) throws SQLException {
    try (Connection connection = connect()) {
      connection.setAutoCommit(false);
      long start = System.nanoTime();
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO ceiling_doc (id, name, fqn_hash, json, updated_at) VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 0; i < count; i++) {
          long n = sequence.incrementAndGet();
          insert.setString(1, UUID.randomUUID().toString());
          insert.setString(2, "row_" + n);
          insert.setString(3, Long.toHexString(n) + "_batch");
          insert.setString(4, document);
          insert.setLong(5, System.currentTimeMillis());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
      return (System.nanoTime() - start) / 1e9;
    }
  }

  interface Operation {
    void run() throws SQLException;
  }

  interface Worker {
    Operation open(Connection connection) throws SQLException;
  }

  /** Runs {@code threads} loops of one operation: a warm-up, then counts for {@code seconds}. */
  private double run(int threads, int seconds, Worker worker) throws Exception {
    AtomicLong done = new AtomicLong();
    long warmEnd = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
    long end = warmEnd + seconds * 1_000_000_000L;
    List<Thread> running = new ArrayList<>();
    List<Exception> failures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        try (Connection connection = connect()) {
          Operation operation = worker.open(connection);
          long now;
          while ((now = System.nanoTime()) < end) {
            operation.run();
            if (now >= warmEnd) {
              done.incrementAndGet();
            }
          }
        } catch (Exception e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      });
      thread.start();
      running.add(thread);
    }
    for (Thread thread : running) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    return done.get() / (double) seconds;
  }
}
