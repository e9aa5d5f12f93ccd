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
 * The real server, started in this JVM on a free port with a fresh embedded store in a temporary
 * directory; tests talk to it over a socket through {@link Api}. Close it to stop the server and
 * delete the directory.
 */
public final class TestServer implements AutoCloseable {
  private final Path dataDir;
  private final boolean ownsDir;
  private final MeridianConfig config;
  private final ServerContext context;
  private final Api admin;

  private TestServer(Path dataDir, boolean ownsDir, MeridianConfig config, ServerContext context) {
    this.dataDir = dataDir;
    this.ownsDir = ownsDir;
    this.config = config;
    this.context = context;
    this.admin = api(Catalog.ADMIN);
  }

  public static TestServer start() {
    return start(MeridianConfig.DEFAULT_TEST_CONNECTION_TIMEOUT);
  }

  /** A fresh server whose connection tests are bounded by {@code testConnectionTimeout}. */
  public static TestServer start(Duration testConnectionTimeout) {
    try {
      Path dir = Files.createTempDirectory("meridian-test-");
      MeridianConfig config = new MeridianConfig("127.0.0.1", 0, dir, null, null, null, null, testConnectionTimeout);
      return new TestServer(dir, true, config, ServerContext.start(config, Clock.systemUTC()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server on a data directory the test keeps (it is not deleted on close); {@code keyFile} null: the store's own. */
  public static TestServer on(Path dir, Path keyFile) {
    MeridianConfig config = new MeridianConfig("127.0.0.1", 0, dir, null, null, null, keyFile);
    return new TestServer(dir, false, config, ServerContext.start(config, Clock.systemUTC()));
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Where the store is, for tests that compare what it holds before and after a request. */
  public DatabaseConfig store() {
    return config.database();
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
        .find(meridian.core.Target.byName(user), meridian.model.Include.ALL, meridian.core.Fields.NONE)
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
