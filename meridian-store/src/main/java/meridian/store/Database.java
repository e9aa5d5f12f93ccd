package meridian.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/** The connection pool, JDBI and the dialect of one catalog database. */
public final class Database implements AutoCloseable {
  private final Dialect dialect;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final GroupCommit groupCommit;
  private final Map<String, EntityDao> entityDaos = new ConcurrentHashMap<>();
  private final VersionDao versions;
  private final RelationshipDao relationships;
  private final TagUsageDao tagUsage;
  private final JobDao jobs;
  private final PipelineStatusDao pipelineStatuses;
  private final ServerSecretDao serverSecrets;
  private final CredentialDao credentials;
  private final SearchDao search;

  private Database(Dialect dialect, HikariDataSource dataSource) {
    this.dialect = dialect;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    // The embedded store keeps its prepared statements per connection (sqlite-jdbc keeps none); the servers' drivers do their own.
    KeptStatements kept = dialect == Dialect.SQLITE ? new KeptStatements() : null;
    if (kept != null) {
      jdbi.setStatementBuilderFactory(kept.factory());
    }
    this.groupCommit = new GroupCommit(jdbi, writeLock);
    this.versions = new VersionDao(dialect);
    this.relationships = new RelationshipDao();
    this.tagUsage = new TagUsageDao();
    this.jobs = new JobDao();
    this.pipelineStatuses = new PipelineStatusDao(dialect);
    this.serverSecrets = new ServerSecretDao();
    this.search = new SearchDao(dialect, kept);
    this.credentials = new CredentialDao(dialect);
  }

  // ---------------------------------------------------------------- the DAOs, each knowing the dialect

  /** The DAO of one entity table (one of {@link EntityDao#TABLES}). */
  public EntityDao entities(String table) {
    return entityDaos.computeIfAbsent(table, t -> new EntityDao(dialect, t));
  }

  public SearchDao search() {
    return search;
  }

  public VersionDao versions() {
    return versions;
  }

  public RelationshipDao relationships() {
    return relationships;
  }

  public TagUsageDao tagUsage() {
    return tagUsage;
  }

  public JobDao jobs() {
    return jobs;
  }

  public PipelineStatusDao pipelineStatuses() {
    return pipelineStatuses;
  }

  public ServerSecretDao serverSecrets() {
    return serverSecrets;
  }

  public CredentialDao credentials() {
    return credentials;
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
    // A request waits at most this long for a connection; past it the store counts as unavailable
    // and the request is answered 503 rather than queued behind an outage.
    hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
    hikari.setValidationTimeout(Math.min(2_000, config.connectionTimeout().toMillis()));
    hikari.setInitializationFailTimeout(config.connectionTimeout().toMillis());
    if (meterRegistry != null) {
      hikari.setMetricRegistry(meterRegistry);
    }
    if (dialect == Dialect.SQLITE) {
      prepareEmbeddedFiles(config);
      hikari.setDataSource(sqliteDataSource(config));
    } else {
      hikari.setJdbcUrl(driverUrl(config.jdbcUrl()));
      hikari.setUsername(config.user());
      hikari.setPassword(config.password());
      networkTimeouts(dialect, config).forEach(hikari::addDataSourceProperty);
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open database " + config.safeUrl() + ": " + rootMessage(e), e);
    }
    try {
      checkServer(dialect, pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Database(dialect, pool);
  }

  /**
   * The largest statement MariaDB must take: an asynchronous bulk job keeps its request (up to a
   * 64 MiB body) in one row, plus the driver's escaping.
   */
  static final long MARIADB_MIN_PACKET = 128L * 1024 * 1024;

  /**
   * What the external server must allow, checked once at start rather than found out by the first
   * large write: MariaDB refuses any statement over {@code max_allowed_packet} (16 MiB by default),
   * and a refused statement there also closes the connection.
   */
  private static void checkServer(Dialect dialect, HikariDataSource pool) {
    if (dialect != Dialect.MARIADB) {
      return;
    }
    try (Connection c = pool.getConnection(); java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT @@max_allowed_packet")) {
      long packet = rs.next() ? rs.getLong(1) : 0;
      if (packet < MARIADB_MIN_PACKET) {
        throw new StoreException("MariaDB's max_allowed_packet is " + packet / (1024 * 1024) + "M; Meridian needs at least 128M"
            + " to store its largest rows: run SET GLOBAL max_allowed_packet = " + MARIADB_MIN_PACKET
            + " and set max_allowed_packet = 128M under [mysqld] in the server's configuration", null);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read MariaDB's settings: " + e.getMessage(), e);
    }
  }

  /** MariaDB's driver takes {@code jdbc:mysql:} only when told to; Meridian accepts both spellings. */
  private static String driverUrl(String url) {
    return url.regionMatches(true, 0, "jdbc:mysql:", 0, 11) ? "jdbc:mariadb:" + url.substring(11) : url;
  }

  /**
   * Bounds on connecting and on a silent socket, so that a database that vanished (host down,
   * network cut) fails the statement instead of hanging its request; settings in the URL win.
   */
  private static Map<String, String> networkTimeouts(Dialect dialect, DatabaseConfig config) {
    long connectSeconds = Math.max(1, config.connectionTimeout().toSeconds());
    return switch (dialect) {
      case POSTGRESQL -> Map.of(
          "connectTimeout", Long.toString(connectSeconds), "socketTimeout", "120", "tcpKeepAlive", "true",
          "ApplicationName", "meridian");
      case MARIADB -> Map.of(
          "connectTimeout", Long.toString(connectSeconds * 1000), "socketTimeout", "120000", "tcpKeepAlive", "true");
      case SQLITE -> Map.of();
    };
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
    // Meridian never asks for generated keys. With them on, the driver matches every statement's SQL
    // against a regular expression and runs SELECT last_insert_rowid() after each INSERT: 14% of a
    // search's CPU and an extra statement per row a write inserts (docs/performance.md).
    sqlite.setGetGeneratedKeys(false);
    SQLiteDataSource ds = new SQLiteDataSource(sqlite);
    ds.setUrl(config.jdbcUrl());
    return ds;
  }

  /** Brings the schema up to date with this dialect's Flyway migrations; says what it did. */
  public String migrate() {
    History history = history();
    if (history == History.LATEST) {
      return "applied 0 migration(s); the schema is at version " + LATEST_MIGRATION;
    }
    try {
      Flyway flyway = flyway();
      if (history != History.NONE) {
        refuseNewerSchema(flyway);
      }
      MigrateResult result = flyway.migrate();
      String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
      return "applied " + result.migrationsExecuted + " migration(s); the schema is at version " + version;
    } catch (FlywayException e) {
      throw new StoreException("schema migration failed: " + rootMessage(e), e);
    } catch (RuntimeException e) {
      throw classified(e) instanceof StoreFailure.Unavailable
          ? new StoreException("the database stopped answering during the schema migration: " + rootMessage(e), e)
          : e;
    }
  }

  /**
   * The newest migration this build carries (SQL under {@code db/migration/<dialect>}, Java in
   * {@code meridian.store.migration}); {@code MigrationsTest} fails when a newer one is added and this is not.
   */
  public static final String LATEST_MIGRATION = "016";

  /** What the migration history says before Flyway is asked. */
  private enum History {
    /** No history table: a new store, with nothing newer in it to refuse. */
    NONE,
    /** Every migration this build has is applied, nothing newer, none failed: nothing for Flyway to do. */
    LATEST,
    /** Anything else: Flyway decides, after the check for a newer schema. */
    OTHER
  }

  /**
   * One query on the history table decides whether Flyway is needed at all: starting it (it scans
   * the whole jar for migrations, once for the check of a newer schema and once to migrate) took
   * a fifth of a restart.
   */
  private History history() {
    try (Connection connection = dataSource.getConnection()) {
      if (!hasHistoryTable(connection)) {
        return History.NONE;
      }
      try (java.sql.Statement statement = connection.createStatement();
           java.sql.ResultSet rows = statement.executeQuery("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
        boolean latestApplied = false;
        while (rows.next()) {
          String version = rows.getString(1);
          if (!rows.getBoolean(2) || compareVersions(version, LATEST_MIGRATION) > 0) {
            return History.OTHER;
          }
          latestApplied |= compareVersions(version, LATEST_MIGRATION) == 0;
        }
        return latestApplied ? History.LATEST : History.OTHER;
      }
    } catch (SQLException | NumberFormatException e) {
      return History.OTHER; // unreadable: Flyway decides and reports
    }
  }

  private static boolean hasHistoryTable(Connection connection) throws SQLException {
    // The metadata of the connection's own catalog and schema (PostgreSQL's default schema, MariaDB's
    // database, SQLite's main), in the case each stores names in.
    java.sql.DatabaseMetaData meta = connection.getMetaData();
    String name = meta.storesUpperCaseIdentifiers() ? "FLYWAY_SCHEMA_HISTORY" : "flyway_schema_history";
    try (java.sql.ResultSet tables = meta.getTables(connection.getCatalog(), connection.getSchema(), name, null)) {
      return tables.next();
    }
  }

  /** Compares Flyway versions such as {@code 009} or {@code 1.2} part by part, as numbers. */
  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      java.math.BigInteger p = i < x.length ? new java.math.BigInteger(x[i]) : java.math.BigInteger.ZERO;
      java.math.BigInteger q = i < y.length ? new java.math.BigInteger(y[i]) : java.math.BigInteger.ZERO;
      int c = p.compareTo(q);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private Flyway flyway() {
    // Flyway itself serialises replicas that start at once: it takes a lock in the database
    // (an advisory lock on PostgreSQL, GET_LOCK on MariaDB) around the migration.
    return Flyway.configure()
        .dataSource(dataSource)
        .locations(dialect.migrationLocation())
        // The one data migration that edits documents (the same Java on every store); DDL stays in SQL.
        .javaMigrations(new meridian.store.migration.V009__AncestorsInDocuments())
        .loggers("slf4j")
        .load();
  }

  /**
   * A schema migrated by a newer Meridian has migrations this build does not know; running on it
   * could write rows the newer schema forbids or miss columns it needs. Flyway would skip such
   * "future" migrations quietly, so the check is here.
   */
  private void refuseNewerSchema(Flyway flyway) {
    MigrationInfoService info = flyway.info();
    for (MigrationInfo m : info.all()) {
      if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
        MigrationInfo current = info.current();
        throw new StoreException(
            "the database schema is at version " + (current == null ? m.getVersion() : current.getVersion())
                + ", newer than this Meridian build knows (" + latestKnown(info) + "); run the Meridian release that"
                + " migrated it, or a newer one", null);
      }
    }
  }

  private static String latestKnown(MigrationInfoService info) {
    String latest = "none";
    for (MigrationInfo m : info.all()) {
      if (m.getState() != MigrationState.FUTURE_SUCCESS && m.getState() != MigrationState.FUTURE_FAILED && m.getVersion() != null) {
        latest = m.getVersion().getVersion();
      }
    }
    return latest;
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Runs {@code callback} in one read-committed transaction and commits it; when it returns, what
   * it wrote is committed (on SQLite, with {@code synchronous=FULL}, on disk). On SQLite the JVM's
   * writers queue on a lock (see {@link Dialect#needsProcessWriteLock()}) and those that queue
   * together commit together ({@link GroupCommit}), each isolated in a savepoint.
   */
  public <T, X extends Exception> T inTransaction(HandleCallback<T, X> callback) throws X {
    try {
      if (!dialect.needsProcessWriteLock()) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, callback);
      }
      return groupCommit.run(callback);
    } catch (RuntimeException e) {
      throw classified(e);
    }
  }

  /** Whether {@link #inReadTransaction} is available: on SQLite, where writers are serialised. */
  public boolean readTransactions() {
    return dialect == Dialect.SQLITE;
  }

  /**
   * Runs {@code callback} in a transaction that may only read (SQLite only): a deferred transaction,
   * so it reads one consistent snapshot of the WAL without taking the write lock or queueing behind
   * the JVM's writers, with {@code PRAGMA query_only} on, so a statement that would write fails
   * instead. A write that usually changes nothing (a PUT of what is stored) runs here first, beside
   * the readers, and again as a writer only when it finds something to write.
   */
  public <T, X extends Exception> T inReadTransaction(HandleCallback<T, X> callback) throws X {
    if (!readTransactions()) {
      throw new IllegalStateException("read-only transactions are used on SQLite only");
    }
    try {
      return jdbi.withHandle(handle -> {
        SQLiteConnection sqlite;
        try {
          sqlite = handle.getConnection().unwrap(SQLiteConnection.class);
        } catch (SQLException e) {
          throw new IllegalStateException("the embedded store's connection is not SQLite's", e);
        }
        sqlite.getConnectionConfig().setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        handle.execute("PRAGMA query_only = 1");
        try {
          return handle.inTransaction(callback);
        } finally {
          handle.execute("PRAGMA query_only = 0");
          sqlite.getConnectionConfig().setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
      });
    } catch (RuntimeException e) {
      throw classified(e);
    }
  }

  /** Runs reads on one connection in autocommit mode; each statement sees committed data. */
  public <T, X extends Exception> T read(HandleCallback<T, X> callback) throws X {
    try {
      return jdbi.withHandle(callback);
    } catch (RuntimeException e) {
      throw classified(e);
    }
  }

  /**
   * A driver failure as one of the store's typed failures (or unchanged). Any other exception that
   * a callback throws (the core's own errors) passes through as it is.
   */
  private RuntimeException classified(RuntimeException e) {
    return dialect.classify(e);
  }

  /**
   * A consistent copy of the embedded store in {@code target} (which must not exist), taken while
   * the server keeps serving: SQLite's {@code VACUUM INTO} reads one snapshot, so writes committed
   * during the copy are either wholly in it or not at all.
   */
  public void backupTo(Path target) {
    if (dialect != Dialect.SQLITE) {
      throw new StoreException("backup copies the embedded store; back up " + dialect.name().toLowerCase(Locale.ROOT)
          + " with its own tools (pg_dump, mariadb-dump)", null);
    }
    try {
      jdbi.useHandle(h -> h.execute("VACUUM INTO ?", target.toAbsolutePath().toString()));
    } catch (RuntimeException e) {
      throw new StoreException("backup to " + target + " failed: " + rootMessage(e), e);
    }
  }

  /** The schema version the store is at, or "none" before the first migration. */
  public String schemaVersion() {
    MigrationInfo current = flyway().info().current();
    return current == null || current.getVersion() == null ? "none" : current.getVersion().getVersion();
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
