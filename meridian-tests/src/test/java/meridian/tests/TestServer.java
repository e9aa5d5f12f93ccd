package meridian.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import meridian.server.Catalog;
import meridian.server.MeridianConfig;
import meridian.server.ServerContext;
import meridian.store.DatabaseConfig;

/**
 * The real server, started in this JVM on a free port with a fresh store (this run's
 * {@link TestStore}: embedded in a temporary directory, or a throw-away PostgreSQL or MariaDB
 * database); tests talk to it over a socket through {@link Api}. Close it to stop the server, drop
 * the store it made and delete the directory.
 */
public final class TestServer implements AutoCloseable {
  private final Path dataDir;
  private final boolean ownsDir;
  private final TestStore ownStore;
  private final MeridianConfig config;
  private final ServerContext context;
  private final Api admin;

  private TestServer(Path dataDir, boolean ownsDir, TestStore ownStore, MeridianConfig config, ServerContext context) {
    this.dataDir = dataDir;
    this.ownsDir = ownsDir;
    this.ownStore = ownStore;
    this.config = config;
    this.context = context;
    this.admin = api(Catalog.ADMIN);
  }

  public static TestServer start() {
    return start(MeridianConfig.DEFAULT_TEST_CONNECTION_TIMEOUT);
  }

  /** A fresh server whose connection tests are bounded by {@code testConnectionTimeout}. */
  public static TestServer start(Duration testConnectionTimeout) {
    return start(TestStore.current(), testConnectionTimeout);
  }

  /** A fresh server on a fresh store of {@code kind}, whatever this run's store is. */
  public static TestServer start(TestStore.Kind kind, Duration testConnectionTimeout) {
    Path dir = tempDir();
    TestStore store = TestStore.fresh(kind);
    try {
      MeridianConfig config = config(dir, store, store.kind().external() ? newKeyFile(dir) : null, testConnectionTimeout);
      return new TestServer(dir, true, store, config, ServerContext.start(config, Clock.systemUTC()));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** A fresh server on a fresh store of this run's kind, its configuration changed by {@code adjust} (an outbound policy, say). */
  public static TestServer start(java.util.function.UnaryOperator<MeridianConfig> adjust) {
    Path dir = tempDir();
    TestStore store = TestStore.fresh(TestStore.current());
    try {
      MeridianConfig config = adjust.apply(config(dir, store, store.kind().external() ? newKeyFile(dir) : null,
          MeridianConfig.DEFAULT_TEST_CONNECTION_TIMEOUT));
      return new TestServer(dir, true, store, config, ServerContext.start(config, Clock.systemUTC()));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Another server on this one's store, with its key file and its own data directory: a replica
   * (contract §1). Close replicas before the server whose store they share.
   */
  public TestServer replica() {
    Path dir = tempDir();
    MeridianConfig replica = new MeridianConfig("127.0.0.1", 0, dir, config.databaseUrl(), config.databaseUser(),
        config.databasePassword(), config.secretKeyFile(), config.testConnectionTimeout());
    return new TestServer(dir, true, null, replica, ServerContext.start(replica, Clock.systemUTC()));
  }

  /** A server with exactly this configuration; its store and directory are the caller's to remove. */
  public static TestServer start(MeridianConfig config) {
    return new TestServer(config.dataDir(), false, null, config, ServerContext.start(config, Clock.systemUTC()));
  }

  static MeridianConfig config(Path dir, TestStore store, Path keyFile, Duration testConnectionTimeout) {
    return new MeridianConfig("127.0.0.1", 0, dir, store.url(), store.user(), store.kind().external() ? "" : null, keyFile,
        testConnectionTimeout);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("meridian-test-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A master key file for an external store (required there, contract §1). */
  public static Path newKeyFile(Path dir) {
    try {
      byte[] key = new byte[32];
      new java.security.SecureRandom().nextBytes(key);
      Path file = dir.resolve("master.key");
      Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key));
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The configuration this server was started with (store, key file, data directory). */
  public MeridianConfig config() {
    return config;
  }

  /** A server on a data directory the test keeps (it is not deleted on close); {@code keyFile} null: the store's own. */
  public static TestServer on(Path dir, Path keyFile) {
    MeridianConfig config = new MeridianConfig("127.0.0.1", 0, dir, null, null, null, keyFile);
    return new TestServer(dir, false, null, config, ServerContext.start(config, Clock.systemUTC()));
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Where the store is, for tests that compare what it holds before and after a request. */
  public DatabaseConfig store() {
    return config.database();
  }

  /** Every route the server registered, as "METHOD path". */
  public java.util.List<String> routes() {
    return context.routes();
  }

  public int port() {
    return context.port();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + context.port();
  }

  /** A client with no token at all. */
  public Api anonymous() {
    return Api.bearer(baseUrl(), null);
  }

  /** A client authenticated as the bootstrap admin. */
  public Api admin() {
    return admin;
  }

  /** A client authenticated as the bootstrap {@code ingestion-bot}. */
  public Api bot() {
    return api(Catalog.INGESTION_BOT);
  }

  /** A client with a fresh token for an existing user or bot. */
  public Api api(String user) {
    return Api.bearer(baseUrl(), token(user, Duration.ofHours(1)));
  }

  public String token(String user, Duration lifetime) {
    boolean bot = context.catalog().users().queries()
        .find(meridian.core.engine.Target.byName(user), meridian.model.Include.ALL, meridian.core.engine.read.Fields.NONE)
        .map(u -> u.doc().path("isBot").asBoolean()).orElse(false);
    return context.catalog().tokens().issue(user, bot, lifetime);
  }

  /** A plain user created through the API: who they are and a client authenticated as them. */
  public record User(String name, String id, Api api) {}

  /** Creates a plain user (no admin, no bot) through the API. */
  public User newUser() {
    String name = "user_" + UUID.randomUUID().toString().substring(0, 8);
    Api.Response created =
        admin.post("/api/v1/users", "{\"name\":\"" + name + "\",\"email\":\"" + name + "@example.com\"}");
    if (created.status() != 201) {
      throw new IllegalStateException("could not create user: " + created);
    }
    return new User(name, created.json().get("id").asText(), api(name));
  }

  /** Creates a plain user and returns a client for them. */
  public Api newPlainUser() {
    return newUser().api();
  }

  @Override
  public void close() {
    context.close();
    if (ownStore != null) {
      ownStore.close();
    }
    if (!ownsDir) {
      return;
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Leaving a temporary directory behind is harmless.
    }
  }
}
