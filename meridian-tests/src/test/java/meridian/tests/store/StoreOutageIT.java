package meridian.tests.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import meridian.server.MeridianConfig;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.TcpProxy;
import meridian.tests.TestServer;
import meridian.tests.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store goes away under a running server (issue 10 §5): while it cannot be reached every
 * request that needs it is answered 503 with a message that says so, and {@code /healthz} says 503;
 * never a 500. When the store is back the server recovers by itself, with no restart. The database
 * is reached through a {@link TcpProxy} that the test cuts; a second test kills the server's
 * sessions inside the database itself.
 */
class StoreOutageIT {
  private static final String PATH = "/api/v1/services/databaseServices";

  @TempDir Path dir;
  TestStore store;
  TcpProxy proxy;
  TestServer server;

  @BeforeEach
  void start() {
    assumeTrue(TestStore.current().external(), "the embedded store is a file of the server's own; it cannot go away alone");
    store = TestStore.fresh();
    String hostPort = store.kind() == TestStore.Kind.POSTGRESQL ? TestStore.PG_HOST_PORT : TestStore.MARIADB_HOST_PORT;
    proxy = TcpProxy.to(hostPort);
    String url = store.url().replace(hostPort, "127.0.0.1:" + proxy.port());
    MeridianConfig config = new MeridianConfig("127.0.0.1", 0, dir, url, store.user(), "", TestServer.newKeyFile(dir))
        .withServing(MeridianConfig.DEFAULT_TEST_CONNECTION_TIMEOUT, 4, Duration.ofSeconds(1));
    server = TestServer.start(config);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  void whileTheStoreIsDownEveryAnswerIs503AndItRecoversAlone() throws Exception {
    String name = Fixtures.uniqueName("outage");
    assertThat(server.admin().post(PATH, Fixtures.minimal(name).toString()).status()).isEqualTo(201);
    Api admin = server.admin();

    proxy.cut();
    List<Supplier<Api.Response>> requests = List.of(
        () -> admin.get(PATH + "/name/" + name),
        () -> admin.get(PATH + "?limit=10"),
        () -> admin.post(PATH, Fixtures.minimal(Fixtures.uniqueName("down")).toString()),
        () -> admin.put(PATH, Fixtures.minimal(name).put("description", "while down").toString()),
        () -> admin.put(PATH + "/bulk", "[" + Fixtures.minimal(Fixtures.uniqueName("down")) + "]"));
    for (int round = 0; round < 2; round++) {
      for (Supplier<Api.Response> request : requests) {
        Api.Response response = request.get();
        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.json().get("message").asText()).contains("store is unavailable").contains("Retry");
      }
    }
    Api.Response health = server.anonymous().get("/healthz");
    assertThat(health.status()).isEqualTo(503);

    proxy.restore();
    Api.Response back = awaitStatus(() -> admin.get(PATH + "/name/" + name), 200);
    assertThat(back.json().get("version").asDouble()).as("the write refused while down changed nothing").isEqualTo(0.1);
    assertThat(server.anonymous().get("/healthz").status()).isEqualTo(200);
    assertThat(admin.post(PATH, Fixtures.minimal(Fixtures.uniqueName("after")).toString()).status()).isEqualTo(201);
    assertNoInternalErrors();
  }

  @Test
  void sessionsKilledInsideTheDatabaseCostAtMostA503Each() throws Exception {
    Api admin = server.admin();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      names.add(Fixtures.uniqueName("killed"));
      assertThat(admin.post(PATH, Fixtures.minimal(names.get(i)).toString()).status()).isEqualTo(201);
    }
    for (int round = 0; round < 3; round++) {
      killSessions();
      for (String name : names) {
        Api.Response response = admin.get(PATH + "/name/" + name);
        assertThat(response.status()).as(response.toString()).isIn(200, 503);
      }
      awaitStatus(() -> admin.get(PATH + "/name/" + names.get(0)), 200);
    }
    assertNoInternalErrors();
  }

  /** Ends every session of the server's database from inside the database, as an operator or a failover would. */
  private void killSessions() throws Exception {
    if (store.kind() == TestStore.Kind.POSTGRESQL) {
      TestStore.admin(store.kind(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
          + store.databaseName() + "' AND pid <> pg_backend_pid()");
      return;
    }
    List<Long> ids = new ArrayList<>();
    try (var c = java.sql.DriverManager.getConnection("jdbc:mariadb://" + TestStore.MARIADB_HOST_PORT + "/", "root", "");
        var s = c.createStatement();
        var rs = s.executeQuery("SELECT id FROM information_schema.processlist WHERE db = '" + store.databaseName() + "'")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    for (long id : ids) {
      try {
        TestStore.admin(store.kind(), "KILL CONNECTION " + id);
      } catch (java.sql.SQLException e) {
        // Already gone.
      }
    }
  }

  private static Api.Response awaitStatus(Supplier<Api.Response> request, int status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Api.Response last = request.get();
    while (last.status() != status && System.nanoTime() < deadline) {
      Thread.sleep(200);
      last = request.get();
    }
    assertThat(last.status()).as("recovered by itself: " + last).isEqualTo(status);
    return last;
  }

  private void assertNoInternalErrors() {
    String metrics = server.anonymous().get("/metrics").body();
    assertThat(metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count") && line.contains("status=\"500\"")))
        .as("no request ended in a 500").isEmpty();
  }
}
