package meridian.tests.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import meridian.server.Catalog;
import meridian.server.MeridianConfig;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerProcess;
import meridian.tests.TestServer;
import meridian.tests.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No acknowledged write is ever lost (issue 10 §5): a server process on this run's store takes a
 * stream of creates, PATCHes and bulk upserts from several clients and is killed with SIGKILL in the
 * middle of it. After a restart, every write that was answered 2xx is there, whole, at the version it
 * was given, with its history; and every entity there (acknowledged or not) is whole: readable, with
 * a history of consecutive versions, each of them readable too.
 */
class DurabilityIT {
  private static final String PATH = "/api/v1/services/databaseServices";

  @TempDir Path dir;

  /** One acknowledged write: the entity, the version the answer gave (null for bulk items) and the description it set. */
  record Ack(String name, String id, String version, String description) {}

  /** The first answer that was not a 2xx, for the failure message. */
  private static final java.util.concurrent.atomic.AtomicReference<String> FIRST_REFUSAL = new java.util.concurrent.atomic.AtomicReference<>();

  private static void refused(Api.Response response) {
    if (response.status() >= 300) {
      FIRST_REFUSAL.compareAndSet(null, response.toString());
    }
  }

  @Test
  void everyAcknowledgedWriteSurvivesAKill9() throws Exception {
    try (TestStore store = TestStore.fresh()) {
      MeridianConfig config = TestServerConfigs.of(dir, store);
      String prefix = Fixtures.uniqueName("durable");
      Queue<Ack> acks = new ConcurrentLinkedQueue<>();
      Map<String, String> created = new ConcurrentHashMap<>();
      AtomicInteger answered = new AtomicInteger();
      ServerProcess server = ServerProcess.start(config);
      String token = ServerProcess.token(config, Catalog.ADMIN);
      Api api = server.api(token);
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService clients = Executors.newFixedThreadPool(6);
      try {
        for (int c = 0; c < 6; c++) {
          int client = c;
          clients.submit(() -> {
            for (int i = 0; !stop.get(); i++) {
              try {
                write(api, client % 3, prefix + "_" + client + "_" + i, prefix, created, acks);
                answered.set(acks.size());
              } catch (RuntimeException e) {
                FIRST_REFUSAL.compareAndSet(null, e.toString());
                // A request cut off by the kill: not acknowledged, so nothing is owed for it.
                if (!server.alive()) {
                  return;
                }
              }
            }
          });
        }
        // Let the writes run until a good number are acknowledged, then pull the plug mid-stream.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (answered.get() < 150 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        server.kill9();
        stop.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        server.kill9();
      }
      assertThat(acks).as("writes acknowledged before the kill; the first refusal: " + FIRST_REFUSAL.get()
          + "\n" + server.output()).hasSizeGreaterThan(100);

      try (ServerProcess again = ServerProcess.start(config)) {
        Api after = again.api(token);
        for (Ack ack : acks) {
          JsonNode current = after.get(PATH + "/name/" + ack.name()).json();
          assertThat(current.path("id").asText()).as(ack.name()).isEqualTo(ack.id());
          List<JsonNode> history = history(after, ack.id());
          assertThat(history).as("the history of " + ack.name() + " holds the acknowledged write " + ack)
              .anySatisfy(version -> {
                if (ack.version() != null) {
                  assertThat(version.get("version").asText()).isEqualTo(ack.version());
                }
                assertThat(version.path("description").asText()).isEqualTo(ack.description());
              });
        }
        // Whatever is there, acknowledged or not, is whole: consecutive versions, each one readable.
        JsonNode all = after.get(PATH + "?limit=1000000&include=all").json().get("data");
        int ours = 0;
        for (JsonNode service : all) {
          if (!service.get("name").asText().startsWith(prefix)) {
            continue;
          }
          ours++;
          String id = service.get("id").asText();
          List<JsonNode> history = history(after, id);
          Set<Integer> tenths = new TreeSet<>();
          for (JsonNode version : history) {
            tenths.add((int) Math.round(version.get("version").asDouble() * 10));
            Api.Response one = after.get(PATH + "/" + id + "/versions/" + version.get("version").asText());
            assertThat(one.status()).as("version " + version.get("version") + " of " + id).isEqualTo(200);
          }
          int newest = (int) Math.round(service.get("version").asDouble() * 10);
          assertThat(tenths).as("versions of " + service.get("name").asText()).hasSize(newest)
              .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, newest).boxed().toList());
        }
        assertThat(ours).isGreaterThanOrEqualTo(created.size());
        // The list totals are kept by the writes themselves, so they too must have survived whole.
        ListTotals.assertExact(after);
      }
    }
  }

  /** One write of the given sort; records it as acknowledged only once the answer is a 2xx. */
  private static void write(Api api, int sort, String name, String prefix, Map<String, String> created, Queue<Ack> acks) {
    switch (sort) {
      case 0 -> {
        ObjectNode request = Fixtures.minimal(name).put("description", "created " + name);
        Api.Response response = api.post(PATH, request.toString());
        refused(response);
        if (response.status() == 201) {
          created.put(name, response.json().get("id").asText());
          acks.add(new Ack(name, response.json().get("id").asText(), response.json().get("version").asText(), "created " + name));
        }
      }
      case 1 -> {
        List<Map.Entry<String, String>> known = new ArrayList<>(created.entrySet());
        if (known.isEmpty()) {
          return;
        }
        Map.Entry<String, String> target = known.get(ThreadLocalRandom.current().nextInt(known.size()));
        String description = "patched " + java.util.UUID.randomUUID();
        Api.Response response = patch(api, target.getValue(), description);
        refused(response);
        if (response.status() == 200) {
          acks.add(new Ack(target.getKey(), target.getValue(), response.json().get("version").asText(), description));
        }
      }
      default -> {
        ArrayNode items = Api.JSON.createArrayNode();
        List<String> names = new ArrayList<>();
        String description = "bulk " + java.util.UUID.randomUUID();
        for (int n = 0; n < 10; n++) {
          String item = prefix + "_bulk_" + ThreadLocalRandom.current().nextInt(40);
          names.add(item);
          items.add(Fixtures.minimal(item).put("description", description));
        }
        Api.Response response = api.put(PATH + "/bulk", items.toString());
        refused(response);
        if (response.status() == 200 && response.json().get("numberOfRowsFailed").asInt() == 0) {
          for (String item : names.stream().distinct().toList()) {
            Api.Response read = api.get(PATH + "/name/" + item);
            if (read.status() == 200) {
              acks.add(new Ack(item, read.json().get("id").asText(), null, description));
            }
          }
        }
      }
    }
  }

  /**
   * A PATCH of the description with If-Match on the version just read. Without it, OM folds a
   * PATCH by the same user within the session into the current version (spec §1.7), and an earlier
   * acknowledged PATCH would rightly no longer be in the history; with it each PATCH is a version.
   */
  static Api.Response patch(Api api, String id, String description) {
    Api.Response current = api.get(PATH + "/" + id);
    if (current.status() != 200) {
      return current;
    }
    return api.send("PATCH", PATH + "/" + id,
        "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"" + description + "\"}]",
        Map.of("Content-Type", "application/json-patch+json", "If-Match", "\"" + current.json().get("version").asText() + "\""));
  }

  /** The entity's versions, newest first, from OM's versions endpoint (the current one included). */
  private static List<JsonNode> history(Api api, String id) {
    Api.Response response = api.get(PATH + "/" + id + "/versions");
    assertThat(response.status()).isEqualTo(200);
    List<JsonNode> versions = new ArrayList<>();
    for (JsonNode version : response.json().get("versions")) {
      versions.add(version.isTextual() ? readTree(version.asText()) : version);
    }
    return versions;
  }

  private static JsonNode readTree(String text) {
    try {
      return Api.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The configuration of a server process on {@code store}, with a key file where one is required. */
  static final class TestServerConfigs {
    static MeridianConfig of(Path dir, TestStore store) {
      return new MeridianConfig("127.0.0.1", 0, dir, store.url(), store.user(), store.kind().external() ? "" : null,
          store.kind().external() ? TestServer.newKeyFile(dir) : null);
    }
  }
}
