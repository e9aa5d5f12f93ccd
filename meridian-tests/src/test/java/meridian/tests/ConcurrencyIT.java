package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many writers at once: one create wins, nothing is lost, nothing is a 500 (ARCHITECTURE rule 8). */
class ConcurrencyIT extends ServerIT {
  static final String PATH = "/api/v1/services/databaseServices";
  static final int THREADS = 16;
  static ExecutorService pool;

  @BeforeAll
  static void start() {
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
  }

  @Test
  void concurrentPutsOfANewNameCreateItOnce() throws Exception {
    String name = Fixtures.uniqueName("race");
    List<Api.Response> responses = all(i -> server.admin().put(PATH, Fixtures.minimal(name).toString()));
    assertThat(responses).extracting(Api.Response::status).containsOnly(200, 201);
    assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
    assertThat(responses).filteredOn(r -> "entityCreated".equals(r.header("X-OpenMetadata-Change"))).hasSize(1);
    assertThat(responses).extracting(r -> r.json().get("id").asText()).containsOnly(responses.get(0).json().get("id").asText());
    assertThat(server.admin().get(PATH + "/name/" + name).json().get("version").asDouble()).isEqualTo(0.1);
  }

  @Test
  void concurrentPostsOfANewNameCreateItOnceAndTheRestConflict() throws Exception {
    String name = Fixtures.uniqueName("postrace");
    List<Api.Response> responses = all(i -> server.admin().post(PATH, Fixtures.minimal(name).toString()));
    assertThat(responses).extracting(Api.Response::status).containsOnly(201, 409);
    assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
    assertThat(responses).filteredOn(r -> r.status() == 409)
        .allSatisfy(r -> assertThat(r.json().get("message").asText()).isEqualTo("Entity already exists"));
  }

  @Test
  void concurrentUpdatesAreNeverLost() throws Exception {
    String name = Fixtures.uniqueName("updates");
    server.admin().post(PATH, Fixtures.minimal(name).toString());
    List<Api.Response> responses = all(i -> {
      List<Api.Response> mine = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        ObjectNode request = Fixtures.minimal(name);
        request.put("description", "writer " + i + " round " + round);
        mine.add(server.admin().put(PATH, request.toString()));
      }
      return mine.get(mine.size() - 1);
    });
    assertThat(responses).extracting(Api.Response::status).containsOnly(200);
    var stored = server.admin().get(PATH + "/name/" + name).json();
    // Every PUT set a description no other PUT sets, so each one was a change: 80 of them on 0.1.
    assertThat(stored.get("version").asDouble()).isEqualTo(8.1);
    var versions = server.admin().get(PATH + "/" + stored.get("id").asText() + "/versions").json().get("versions");
    assertThat(versions).hasSize(81);
  }

  @Test
  void putsOfWhatIsStoredAmongChangingPutsAnswerOnlyStoredVersionsAndLoseNoChange() throws Exception {
    // Half the writers PUT what is usually stored (checked first without queueing as a writer),
    // half PUT a change; every answer must be a version that was stored with what it shows, and
    // every change must have made exactly one version.
    String name = Fixtures.uniqueName("samerace");
    ObjectNode same = Fixtures.minimal(name);
    same.put("description", "as stored");
    assertThat(server.admin().post(PATH, same.toString()).status()).isEqualTo(201);
    Queue<Api.Response> answered = new ConcurrentLinkedQueue<>();
    all(i -> {
      Api.Response last = null;
      for (int round = 0; round < 6; round++) {
        ObjectNode request = Fixtures.minimal(name);
        request.put("description", i % 2 == 0 ? "as stored" : "writer " + i + " round " + round);
        last = server.admin().put(PATH, request.toString());
        answered.add(last);
      }
      return last;
    });
    List<Api.Response> responses = new ArrayList<>(answered);
    assertThat(responses).extracting(Api.Response::status).containsOnly(200);
    String id = responses.get(0).json().get("id").asText();
    long updates = responses.stream().filter(r -> "entityUpdated".equals(r.header("X-OpenMetadata-Change"))).count();
    assertThat(server.admin().get(PATH + "/" + id + "/versions").json().get("versions")).hasSize((int) updates + 1);
    for (Api.Response response : responses) {
      String version = response.json().get("version").asText();
      Api.Response stored = server.admin().get(PATH + "/" + id + "/versions/" + version);
      assertThat(stored.status()).as("version %s answered", version).isEqualTo(200);
      assertThat(stored.json().get("description").asText()).isEqualTo(response.json().get("description").asText());
    }
  }

  @Test
  void overlappingBulksEachCreateEveryNameOnce() throws Exception {
    String prefix = Fixtures.uniqueName("overlap");
    List<Api.Response> responses = all(i -> {
      ArrayNode items = Api.JSON.createArrayNode();
      for (int n = 0; n < 50; n++) {
        items.add(Fixtures.minimal(prefix + "_" + ((n + i * 7) % 60)));
      }
      return server.admin().put(PATH + "/bulk", items.toString());
    });
    assertThat(responses).extracting(Api.Response::status).containsOnly(200);
    int created = 0;
    for (Api.Response response : responses) {
      assertThat(response.json().get("numberOfRowsFailed").asInt()).isZero();
      for (var item : response.json().get("successRequest")) {
        created += item.get("status").asInt() == 201 ? 1 : 0;
      }
    }
    assertThat(created).isEqualTo(60);
  }

  private static List<Api.Response> all(Race.Work work) throws Exception {
    return Race.run(pool, THREADS, work);
  }
}
