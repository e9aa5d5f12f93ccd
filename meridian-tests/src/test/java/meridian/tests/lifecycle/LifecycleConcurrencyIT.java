package meridian.tests.lifecycle;

import static meridian.tests.lifecycle.Lifecycle.create;
import static meridian.tests.lifecycle.Lifecycle.patch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import meridian.tests.Api;
import meridian.tests.Race;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Concurrent PATCHes with and without If-Match: one wins or all apply, never a lost update (contract §4). */
class LifecycleConcurrencyIT extends LifecycleIT {
  static final int WRITERS = 12;
  static ExecutorService pool;

  @BeforeAll
  static void start() {
    pool = Executors.newFixedThreadPool(WRITERS);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void withTheSameIfMatchExactlyOneWriterWins(KindFixture kind) throws Exception {
    String id = create(server, kind, "ifmatch").get("id").asText();
    List<Api.Response> responses = race(i -> patch(server.admin(), kind, id,
        "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"writer " + i + "\"}]", Map.of("If-Match", "\"0.1\"")));
    assertThat(responses).extracting(Api.Response::status).containsOnly(200, 412);
    assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
    String winner = responses.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().json().get("description").asText();
    JsonNode stored = server.admin().get(kind.path() + "/" + id).json();
    assertThat(stored.get("description").asText()).isEqualTo(winner);
    assertThat(stored.get("version").asDouble()).isEqualTo(0.2);
  }

  @Test
  void withoutIfMatchEveryPatchIsApplied() throws Exception {
    KindFixture kind = KindFixture.DATABASE_SERVICES;
    String id = create(server, kind, "nolost").get("id").asText();
    List<TestServer.User> users = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      users.add(server.newUser());
    }
    // Each writer appends itself to the owners: a lost update would drop someone.
    List<Api.Response> responses = race(i -> patch(server.bot(), kind, id,
        "[{\"op\":\"add\",\"path\":\"/owners/-\",\"value\":{\"id\":\"" + users.get(i).id() + "\",\"type\":\"user\"}}]"));
    assertThat(responses).extracting(Api.Response::status).containsOnly(200);
    JsonNode owners = server.admin().get(kind.path() + "/" + id + "?fields=owners").json().get("owners");
    Set<String> ids = new HashSet<>();
    owners.forEach(owner -> ids.add(owner.get("id").asText()));
    assertThat(ids).containsExactlyInAnyOrderElementsOf(users.stream().map(TestServer.User::id).toList());
  }

  private static List<Api.Response> race(Race.Work write) throws Exception {
    return Race.run(pool, WRITERS, write);
  }
}
