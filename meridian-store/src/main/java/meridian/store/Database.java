package meridian.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The connection pool, JDBI and the dialect of one catalog database. */
public final class Database implements AutoCloseable {
  private final Dialect dialect;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final ReentrantLock writeLock = new ReentrantLock();

  private Database(Dialect dialect, HikariDataSource dataSource) {
    this.dialect = dialect;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  /**
   * Opens the pool and checks that the database answers. {@code meterRegistry} is a Micrometer
   * registry or null; Hikari publishes pool metrics to it.
   */
  public static Database open(DatabaseConfig config, Object meterRegistry) {
    Dialect dialect = Dialect.fromJdbcUrl(config.jdbcUrl());
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("meridian-store");
    hikari.setMaximumPoolSize(config.maxPoolSize());
    hikari.setMinimumIdle(1);
    hikari.setInitializationFailTimeout(5_000);
    hikari.setConnectionTimeout(10_000);
    if (meterRegistry != null) {
      hikari.setMetricRegistry(meterRegistry);
    }
    if (dialect == Dialect.SQLITE) {
      prepareEmbeddedFiles(config);
      hikari.setDataSource(sqliteDataSource(config));
    } else {
      hikari.setJdbcUrl(config.jdbcUrl());
      hikari.setUsername(config.user());
      hikari.setPassword(config.password());
    }
    try {
      return new Database(dialect, new HikariDataSource(hikari));
    } catch (RuntimeException e) {
      throw new StoreException("cannot open database " + config.jdbcUrl() + ": " + rootMessage(e), e);
    }
  }

  /**
   * The data directory 0700 and the store files 0600, before SQLite opens anything: SQLite creates
   * its WAL and shared-memory files with the permissions of the database file, so making that file
   * first, private, keeps all three private.
   */
  private static void prepareEmbeddedFiles(DatabaseConfig config) {
    try {
      PrivateFiles.directory(config.dataDir());
      Path db = config.embeddedFile();
      PrivateFiles.createFile(db);
      for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
        PrivateFiles.restrict(db.resolveSibling(db.getFileName() + suffix));
      }
    } catch (IOException e) {
      throw new StoreException("cannot prepare data directory " + config.dataDir() + ": " + e.getMessage(), e);
    }
  }

  private static SQLiteDataSource sqliteDataSource(DatabaseConfig config) {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: a commit is on disk before it is acknowledged, even across a power cut.
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    sqlite.setBusyTimeout(15_000);
    sqlite.enforceForeignKeys(true);
    // Writers take the write lock at BEGIN, so two transactions never deadlock on lock upgrade.
    sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource ds = new SQLiteDataSource(sqlite);
    ds.setUrl(config.jdbcUrl());
    return ds;
  }

  /** Brings the schema up to date with this dialect's Flyway migrations; says what it did. */
  public String migrate() {
    try {
      MigrateResult result =
          Flyway.configure()
              .dataSource(dataSource)
              .locations(dialect.migrationLocation())
              .loggers("slf4j")
              .load()
              .migrate();
      String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
      return "applied " + result.migrationsExecuted + " migration(s); the schema is at version " + version;
    } catch (FlywayException e) {
      throw new StoreException("schema migration failed: " + e.getMessage(), e);
    }
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Runs {@code callback} in one read-committed transaction and commits it. On SQLite the JVM's
   * writers queue on a lock first (see {@link Dialect#needsProcessWriteLock()}).
   */
  public <T, X extends Exception> T inTransaction(HandleCallback<T, X> callback) throws X {
    if (!dialect.needsProcessWriteLock()) {
      return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, callback);
    }
    writeLock.lock();
    try {
      return jdbi.inTransaction(callback);
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs reads on one connection in autocommit mode; each statement sees committed data. */
  public <T, X extends Exception> T read(HandleCallback<T, X> callback) throws X {
    return jdbi.withHandle(callback);
  }

  /** True when the store answers a trivial query; used by {@code /healthz}. */
  public boolean isHealthy() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }



  @Override
  public void close() {
    dataSource.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
