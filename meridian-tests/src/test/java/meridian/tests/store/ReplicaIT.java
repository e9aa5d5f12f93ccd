package meridian.tests.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import meridian.server.Catalog;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerProcess;
import meridian.tests.TestServer;
import meridian.tests.TestStore;
import meridian.tests.connections.Configs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one PostgreSQL or MariaDB database (contract §1, issue 10 §4): any of them
 * answers any request, every acknowledged write is seen by the other at once (no cache anywhere),
 * concurrent writers of the same names through both neither duplicate a create nor lose an
 * update, and a replica killed mid-load costs the other nothing.
 */
class ReplicaIT {
  private static final String PATH = "/api/v1/services/databaseServices";

  static TestServer first;
  static TestServer second;

  @BeforeAll
  static void start() {
    assumeTrue(TestStore.current().external(), "replicas share an external database; the embedded store is one process's");
    first = TestServer.start();
    second = first.replica();
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @Test
  void aWriteThroughOneIsReadThroughTheOtherAtOnce() {
    for (int i = 0; i < 30; i++) {
      TestServer writer = i % 2 == 0 ? first : second;
      TestServer reader = i % 2 == 0 ? second : first;
      String name = Fixtures.uniqueName("ryw");
      Api.Response created = writer.admin().post(PATH, Fixtures.minimal(name).toString());
      assertThat(created.status()).isEqualTo(201);
      String id = created.json().get("id").asText();
      assertThat(reader.admin().get(PATH + "/name/" + name).json().get("id").asText()).isEqualTo(id);

      String description = "seen everywhere " + i;
      Api.Response patched = reader.admin().patch(PATH + "/" + id,
          "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"" + description + "\"}]");
      assertThat(patched.status()).isEqualTo(200);
      JsonNode seen = writer.admin().get(PATH + "/" + id).json();
      assertThat(seen.get("version").asText()).isEqualTo(patched.json().get("version").asText());
      assertThat(seen.get("description").asText()).isEqualTo(description);
      assertThat(writer.admin().get(PATH + "?limit=1000000").json().get("data").findValuesAsText("name")).contains(name);

      assertThat(reader.admin().delete(PATH + "/" + id).status()).isEqualTo(200);
      assertThat(writer.admin().get(PATH + "/" + id).status()).isEqualTo(404);
    }
  }

  @Test
  void replicasStartingAtOnceOnAnEmptyDatabaseMigrateAndSeedItOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    try (TestStore store = TestStore.fresh()) {
      java.nio.file.Path key = TestServer.newKeyFile(dir);
      List<java.util.concurrent.Callable<ServerProcess>> starts = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        java.nio.file.Path data = java.nio.file.Files.createDirectories(dir.resolve("r" + i));
        meridian.server.MeridianConfig config = new meridian.server.MeridianConfig(
            "127.0.0.1", 0, data, store.url(), store.user(), "", key);
        starts.add(() -> ServerProcess.start(config));
      }
      ExecutorService pool = Executors.newFixedThreadPool(3);
      List<ServerProcess> replicas = new ArrayList<>();
      try {
        for (Future<ServerProcess> started : pool.invokeAll(starts)) {
          replicas.add(started.get());
        }
        // One signing key, one admin, for all of them.
        String token = ServerProcess.token(new meridian.server.MeridianConfig(
            "127.0.0.1", 0, dir.resolve("r0"), store.url(), store.user(), "", key), Catalog.ADMIN);
        JsonNode jwks = Api.bearer(replicas.get(0).baseUrl(), null).get("/api/v1/system/config/jwks").json();
        for (ServerProcess replica : replicas) {
          assertThat(Api.bearer(replica.baseUrl(), null).get("/api/v1/system/config/jwks").json()).isEqualTo(jwks);
          JsonNode users = replica.api(token).get("/api/v1/users?limit=100").json();
          assertThat(users.get("data").findValuesAsText("name").stream().filter("admin"::equals)).hasSize(1);
        }
      } finally {
        replicas.forEach(ServerProcess::close);
        pool.shutdown();
      }
    }
  }

  @Test
  void aUserPromotedDemotedOrDeletedThroughOneIsSeenSoByTheOtherOnItsNextRequest() {
    // Each replica keeps the principal it made from a user's document while the user's row version
    // stands; a change through the other replica moves it, and the next request reads it again.
    TestServer.User user = first.newUser();
    Api onSecond = second.api(user.name());
    String base = "{\"name\":\"" + user.name() + "\",\"email\":\"" + user.name() + "@example.com\"";
    for (int round = 0; round < 3; round++) {
      assertThat(onSecond.post(PATH, Fixtures.minimal(Fixtures.uniqueName("denied")).toString()).status()).isEqualTo(403);
      assertThat(first.admin().put("/api/v1/users", base + ",\"isAdmin\":true}").status()).isEqualTo(200);
      assertThat(onSecond.post(PATH, Fixtures.minimal(Fixtures.uniqueName("allowed")).toString()).status()).isEqualTo(201);
      assertThat(first.admin().put("/api/v1/users", base + ",\"isAdmin\":false}").status()).isEqualTo(200);
    }
    assertThat(first.admin().delete("/api/v1/users/" + user.id()).status()).isEqualTo(200);
    assertThat(onSecond.get(PATH + "?limit=1").status()).isEqualTo(401);
  }

  @Test
  void aTokenSignedByOneIsAcceptedByTheOther() {
    String token = first.token(Catalog.ADMIN, Duration.ofMinutes(5));
    assertThat(Api.bearer(second.baseUrl(), token).get(PATH + "?limit=1").status()).isEqualTo(200);
    assertThat(first.anonymous().get("/api/v1/system/config/jwks").json())
        .isEqualTo(second.anonymous().get("/api/v1/system/config/jwks").json());
  }

  @Test
  void aBulkJobAndAWorkflowStartedOnOneAreFollowedOnTheOther() throws InterruptedException {
    String name = Fixtures.uniqueName("async");
    Api.Response accepted = first.admin().put(PATH + "/bulk?async=true", "[" + Fixtures.minimal(name) + "]");
    assertThat(accepted.status()).isEqualTo(202);
    Api.Response done = poll(() -> second.admin().get(PATH + "/bulk/" + accepted.json().get("jobId").asText()), r -> r.status() == 200);
    assertThat(done.json().get("status").asText()).isEqualTo("success");

    String workflows = "/api/v1/automations/workflows";
    Api.Response workflow = first.admin().post(workflows,
        Configs.workflow(Fixtures.uniqueName("wf"), Configs.service(Fixtures.uniqueName("sf"), "Snowflake")).toString());
    assertThat(workflow.status()).as(workflow.toString()).isEqualTo(201);
    String id = workflow.json().get("id").asText();
    assertThat(second.admin().post(workflows + "/trigger/" + id, "").status()).isEqualTo(200);
    Api.Response finished = poll(() -> first.admin().get(workflows + "/" + id),
        r -> !List.of("Pending", "Running").contains(r.json().get("status").asText()));
    assertThat(finished.json().has("response")).isTrue();
  }

  /** One acknowledged write: the version its answer gave and the description it set. */
  record Ack(String name, String version, String description, int status) {}

  @Test
  void concurrentWritersThroughBothNeitherDuplicateACreateNorLoseAnUpdate() throws Exception {
    String prefix = Fixtures.uniqueName("both");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      names.add(prefix + "_" + i);
    }
    Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      Api api = (t % 2 == 0 ? first : second).admin();
      work.add(pool.submit(() -> {
        for (int op = 0; op < 20; op++) {
          String name = names.get(ThreadLocalRandom.current().nextInt(names.size()));
          String description = "d-" + UUID.randomUUID();
          Api.Response response = op % 3 == 2 ? patchByName(api, name, description)
              : api.put(PATH, Fixtures.minimal(name).put("description", description).toString());
          if (response == null) {
            continue;
          }
          assertThat(response.status()).as(response.toString()).isIn(200, 201);
          acks.add(new Ack(name, response.json().get("version").asText(), description, response.status()));
        }
        // And a bulk over every name, overlapping the others'.
        ArrayNode items = Api.JSON.createArrayNode();
        String description = "bulk-" + UUID.randomUUID();
        names.forEach(name -> items.add(Fixtures.minimal(name).put("description", description)));
        Api.Response bulk = api.put(PATH + "/bulk", items.toString());
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.json().get("numberOfRowsFailed").asInt()).as(bulk.body()).isZero();
        for (JsonNode item : bulk.json().get("successRequest")) {
          if (item.get("status").asInt() == 201) {
            acks.add(new Ack(item.get("request").asText(), "0.1", description, 201));
          }
        }
        return null;
      }));
    }
    for (Future<?> f : work) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();

    for (String name : names) {
      List<Ack> mine = acks.stream().filter(a -> a.name().equals(name)).toList();
      assertThat(mine.stream().filter(a -> a.status() == 201)).as("creates of " + name).hasSize(1);
      JsonNode a = first.admin().get(PATH + "/name/" + name).json();
      JsonNode b = second.admin().get(PATH + "/name/" + name).json();
      assertThat(a.get("id")).isEqualTo(b.get("id"));
      assertThat(a.get("version")).isEqualTo(b.get("version"));
      Map<String, String> history = new HashMap<>();
      for (JsonNode version : second.admin().get(PATH + "/" + a.get("id").asText() + "/versions").json().get("versions")) {
        JsonNode doc = version.isTextual() ? Api.JSON.readTree(version.asText()) : version;
        assertThat(history.put(doc.get("version").asText(), doc.path("description").asText()))
            .as("version " + doc.get("version") + " of " + name + " appears once").isNull();
      }
      int newest = (int) Math.round(a.get("version").asDouble() * 10);
      assertThat(history).as("the versions of " + name + " have no gaps").hasSize(newest);
      for (Ack ack : mine) {
        if (ack.status() == 201 && ack.description().startsWith("bulk-")) {
          continue;
        }
        assertThat(history.get(ack.version())).as("acknowledged " + ack + " is in the history").isEqualTo(ack.description());
      }
      ListTotals.assertExact(first.admin());
      // Every write changed the description, so each acknowledged one is its own version (no lost update).
      long acknowledgedChanges = mine.stream().filter(x -> !(x.status() == 201 && x.description().startsWith("bulk-"))).count();
      assertThat(newest).isGreaterThanOrEqualTo((int) acknowledgedChanges);
    }
  }

  @Test
  void aReplicaKilledMidLoadCostsTheOtherNothing() throws Exception {
    try (ServerProcess doomed = ServerProcess.start(second.config())) {
      Api survivor = first.admin();
      Api victim = doomed.api(first.token(Catalog.ADMIN, Duration.ofMinutes(10)));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger survivorFailures = new AtomicInteger();
      AtomicInteger survivorWrites = new AtomicInteger();
      Queue<String> acknowledgedByVictim = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> load = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        boolean toVictim = t % 2 == 1;
        load.add(pool.submit(() -> {
          while (!stop.get()) {
            String name = Fixtures.uniqueName("load");
            if (toVictim) {
              try {
                if (victim.post(PATH, Fixtures.minimal(name).toString()).status() == 201) {
                  acknowledgedByVictim.add(name);
                }
              } catch (RuntimeException e) {
                // The killed replica: its clients see connection errors, as behind a load balancer.
              }
            } else {
              Api.Response response = survivor.post(PATH, Fixtures.minimal(name).toString());
              if (response.status() == 201 && survivor.get(PATH + "/name/" + name).status() == 200) {
                survivorWrites.incrementAndGet();
              } else {
                survivorFailures.incrementAndGet();
              }
            }
          }
          return null;
        }));
      }
      // Under load on both, then the kill; then the survivor must go on taking writes.
      awaitCount(() -> Math.min(acknowledgedByVictim.size(), survivorWrites.get()), 20);
      doomed.kill9();
      int before = survivorWrites.get();
      awaitCount(survivorWrites::get, before + 50);
      stop.set(true);
      for (Future<?> f : load) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(survivorFailures.get()).as("failed requests on the surviving replica").isZero();
      assertThat(survivorWrites.get()).as("the survivor kept serving after the kill").isGreaterThan(before);
      assertThat(acknowledgedByVictim).isNotEmpty();
      for (String name : acknowledgedByVictim) {
        assertThat(survivor.get(PATH + "/name/" + name).status()).as("acknowledged by the killed replica: " + name).isEqualTo(200);
      }
    }
  }

  /** Waits (up to 30 s) until {@code count} reaches {@code target}. */
  private static void awaitCount(java.util.function.IntSupplier count, int target) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (count.getAsInt() < target && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void aBulkJobOfAReplicaKilledWhileRunningItIsFinishedByTheOther() throws Exception {
    String prefix = Fixtures.uniqueName("orphan");
    ArrayNode items = Api.JSON.createArrayNode();
    for (int i = 0; i < 10_000; i++) {
      items.add(Fixtures.minimal(prefix + "_" + i));
    }
    String job;
    try (ServerProcess doomed = ServerProcess.start(second.config())) {
      Api.Response accepted = doomed.api(first.token(Catalog.ADMIN, Duration.ofMinutes(10)))
          .put(PATH + "/bulk?async=true", items.toString());
      assertThat(accepted.status()).isEqualTo(202);
      job = accepted.json().get("jobId").asText();
      doomed.kill9();
    }
    // Ten thousand upserts take seconds; the kill came first, so the job is unfinished and the
    // replica that could finish it is gone.
    assertThat(first.admin().get(PATH + "/bulk/" + job).status()).isEqualTo(202);
    // The lease runs out (Jobs.LEASE), the survivor takes the job over and runs it again.
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Api.Response done = first.admin().get(PATH + "/bulk/" + job);
    while (done.status() == 202 && System.nanoTime() < deadline) {
      Thread.sleep(250);
      done = first.admin().get(PATH + "/bulk/" + job);
    }
    assertThat(done.status()).as(done.toString()).isEqualTo(200);
    assertThat(done.json().get("status").asText()).isEqualTo("success");
    assertThat(done.json().get("numberOfRowsPassed").asInt()).isEqualTo(10_000);
    assertThat(first.admin().get(PATH + "?limit=1000000").json().get("data").findValuesAsText("name").stream()
        .filter(name -> name.startsWith(prefix + "_"))).hasSize(10_000);
  }

  @Test
  void aWorkflowLeftRunningByAKilledReplicaIsMarkedFailedByTheOther() throws Exception {
    String workflows = "/api/v1/automations/workflows";
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      // A database that takes the connection and never answers: the test would run to its bound.
      var service = Configs.postgres(Fixtures.uniqueName("pg"), "postgres");
      ((com.fasterxml.jackson.databind.node.ObjectNode) service.at("/connection/config"))
          .put("hostPort", "127.0.0.1:" + silent.getLocalPort());
      String id = first.admin().post(workflows, Configs.workflow(Fixtures.uniqueName("wf"), service).toString()).json().get("id").asText();
      try (ServerProcess doomed = ServerProcess.start(second.config(), "--test-connection-timeout", "1m")) {
        Api api = doomed.api(first.token(Catalog.ADMIN, Duration.ofMinutes(10)));
        assertThat(api.post(workflows + "/trigger/" + id, "").status()).isEqualTo(200);
        assertThat(first.admin().get(workflows + "/" + id).json().get("status").asText()).isEqualTo("Running");
        doomed.kill9();
      }
      // The survivor's tests end within 10 s; a workflow Running well past that lost its server.
      Api.Response done = poll(() -> first.admin().get(workflows + "/" + id),
          r -> !"Running".equals(r.json().get("status").asText()));
      assertThat(done.json().get("status").asText()).isEqualTo("Failed");
      assertThat(done.json().at("/response/steps/0/message").asText()).contains("stopped before it finished").contains("trigger");
    }
  }

  private static Api.Response patchByName(Api api, String name, String description) {
    Api.Response current = api.get(PATH + "/name/" + name);
    if (current.status() != 200) {
      return null;
    }
    Api.Response patched = DurabilityIT.patch(api, current.json().get("id").asText(), description);
    // Another writer got in between the read and the PATCH: If-Match refused it, which is no write.
    return patched.status() == 412 ? null : patched;
  }

  private static Api.Response poll(java.util.function.Supplier<Api.Response> request, java.util.function.Predicate<Api.Response> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Api.Response last = request.get();
    while (!done.test(last) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      last = request.get();
    }
    assertThat(done.test(last)).as("done in time: " + last).isTrue();
    return last;
  }
}
