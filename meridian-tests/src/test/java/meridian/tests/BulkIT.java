package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code PUT …/databaseServices/bulk} (contract §5). */
class BulkIT extends ServerIT {
  static final String PATH = "/api/v1/services/databaseServices";
  static final String BULK = PATH + "/bulk";

  @Test
  void goodAndBadItemsEachGetTheirOwnOutcomeInOrder() {
    String good = Fixtures.uniqueName("good");
    String masked = Fixtures.uniqueName("masked");
    String orphan = Fixtures.uniqueName("orphan");
    ArrayNode items = Api.JSON.createArrayNode();
    items.add(Fixtures.snowflake(good));
    items.add(Api.JSON.createObjectNode().put("name", "bad::name").put("serviceType", "Mysql"));
    items.add(Api.JSON.createObjectNode().put("name", Fixtures.uniqueName("excel")).put("serviceType", "Excel"));
    items.add(Api.JSON.createObjectNode().put("name", 5).put("serviceType", "Mysql"));
    items.add("not an object");
    ObjectNode withGhost = Fixtures.minimal(orphan);
    withGhost.putArray("owners").add(Api.JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("type", "user"));
    items.add(withGhost);
    ObjectNode maskOnCreate = Fixtures.snowflake(masked);
    ((ObjectNode) maskOnCreate.at("/connection/config")).put("password", "*********");
    items.add(maskOnCreate);

    JsonNode result = bulk(items.toString());
    assertThat(result.get("status").asText()).isEqualTo("partialSuccess");
    assertThat(result.get("numberOfRowsProcessed").asInt()).isEqualTo(7);
    assertThat(result.get("numberOfRowsPassed").asInt()).isEqualTo(1);
    assertThat(result.get("numberOfRowsFailed").asInt()).isEqualTo(6);
    JsonNode passed = result.get("successRequest").get(0);
    assertThat(passed.get("request").asText()).isEqualTo(good);
    assertThat(passed.get("message").asText()).isEqualTo("created");
    assertThat(passed.get("status").asInt()).isEqualTo(201);

    JsonNode failed = result.get("failedRequest");
    assertThat(failed).hasSize(6);
    assertThat(failed.get(0).get("request").asText()).isEqualTo("bad::name");
    assertThat(failed.get(0).get("status").asInt()).isEqualTo(400);
    assertThat(failed.get(0).get("message").asText()).contains("name must match");
    assertThat(failed.get(1).get("message").asText()).contains("Excel");
    assertThat(failed.get(2).get("request").isNull()).isTrue();
    assertThat(failed.get(2).get("message").asText()).startsWith("Invalid request format");
    assertThat(failed.get(3).get("status").asInt()).isEqualTo(400);
    assertThat(failed.get(4).get("request").asText()).isEqualTo(orphan);
    assertThat(failed.get(4).get("status").asInt()).isEqualTo(404);
    assertThat(failed.get(4).get("message").asText()).startsWith("user instance for ");
    assertThat(failed.get(5).get("request").asText()).isEqualTo(masked);
    assertThat(failed.get(5).get("status").asInt()).isEqualTo(400);

    assertThat(server.admin().get(PATH + "/name/" + good).status()).isEqualTo(200);
    assertThat(server.admin().get(PATH + "/name/" + orphan).status()).isEqualTo(404);
    assertThat(server.admin().get(PATH + "/name/" + masked).status()).isEqualTo(404);
    assertThat(server.admin().get(PATH + "/name/" + good).json().at("/connection/config/password").asText()).isEqualTo("*********");
  }

  @Test
  void repeatingABulkIsUnchangedAndChangingItUpdates() {
    ArrayNode items = Api.JSON.createArrayNode();
    for (int i = 0; i < 5; i++) {
      items.add(Fixtures.minimal(Fixtures.uniqueName("repeat")));
    }
    assertThat(bulk(items.toString()).get("status").asText()).isEqualTo("success");
    JsonNode again = bulk(items.toString());
    assertThat(again.get("status").asText()).isEqualTo("success");
    again.get("successRequest").forEach(item -> {
      assertThat(item.get("message").asText()).isEqualTo("unchanged");
      assertThat(item.get("status").asInt()).isEqualTo(200);
    });
    items.forEach(item -> ((ObjectNode) item).put("description", "now described"));
    JsonNode changed = bulk(items.toString());
    changed.get("successRequest").forEach(item -> assertThat(item.get("message").asText()).isEqualTo("updated"));
    String first = items.get(0).get("name").asText();
    assertThat(server.admin().get(PATH + "/name/" + first).json().get("version").asDouble()).isEqualTo(0.2);
  }

  @Test
  void allBadIsFailure() {
    JsonNode result = bulk("[{\"serviceType\":\"Mysql\"},{\"name\":\"x\"}]");
    assertThat(result.get("status").asText()).isEqualTo("failure");
    assertThat(result.get("numberOfRowsFailed").asInt()).isEqualTo(2);
  }

  @Test
  void aNameGivenTwiceIsAppliedTwiceInOrder() {
    String name = Fixtures.uniqueName("twice");
    ObjectNode first = Fixtures.minimal(name);
    first.put("description", "first");
    ObjectNode second = Fixtures.minimal(name);
    second.put("description", "second");
    JsonNode result = bulk(Api.JSON.createArrayNode().add(first).add(second).toString());
    assertThat(result.get("numberOfRowsPassed").asInt()).isEqualTo(2);
    assertThat(result.get("successRequest").get(0).get("message").asText()).isEqualTo("created");
    assertThat(result.get("successRequest").get(1).get("message").asText()).isEqualTo("updated");
    JsonNode stored = server.admin().get(PATH + "/name/" + name).json();
    assertThat(stored.get("description").asText()).isEqualTo("second");
    assertThat(stored.get("version").asDouble()).isEqualTo(0.2);
  }

  @Test
  void theBodyMustBeAnArrayOfAtMost10000Items() {
    Api.Response notArray = server.admin().put(BULK, "{}");
    assertThat(notArray.status()).isEqualTo(400);
    assertThat(notArray.json().get("message").asText()).startsWith("Invalid request format");
    Api.Response malformed = server.admin().put(BULK, "[{");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("message").asText()).isEqualTo("Invalid request format");

    String prefix = Fixtures.uniqueName("toomany");
    ArrayNode items = Api.JSON.createArrayNode();
    for (int i = 0; i <= 10_000; i++) {
      items.add(Fixtures.minimal(prefix + "_" + i));
    }
    Api.Response tooMany = server.admin().put(BULK, items.toString());
    assertThat(tooMany.status()).isEqualTo(413);
    assertThat(tooMany.json().get("message").asText())
        .isEqualTo("Bulk size limit per request reached for entity type: databaseService");
    assertThat(server.admin().get(PATH + "/name/" + prefix + "_0").status()).isEqualTo(404);
  }

  @Test
  void tenThousandItemsInOneRequest() {
    String prefix = Fixtures.uniqueName("tenk");
    ArrayNode items = Api.JSON.createArrayNode();
    for (int i = 0; i < 10_000; i++) {
      items.add(Fixtures.minimal(prefix + "_" + i));
    }
    Instant start = Instant.now();
    JsonNode result = bulk(items.toString());
    System.out.println("bulk of 10,000 new services took " + Duration.between(start, Instant.now()).toMillis() + " ms");
    assertThat(result.get("status").asText()).isEqualTo("success");
    assertThat(result.get("numberOfRowsPassed").asInt()).isEqualTo(10_000);
    assertThat(result.get("successRequest").get(9_999).get("request").asText()).isEqualTo(prefix + "_9999");
    assertThat(server.admin().get(PATH + "/name/" + prefix + "_5000").status()).isEqualTo(200);
  }

  @Test
  void asyncReturnsAJobWhoseResultCanBeFetched() {
    String name = Fixtures.uniqueName("async");
    Api.Response accepted = server.admin().put(BULK + "?async=true", "[" + Fixtures.minimal(name) + "]");
    assertThat(accepted.status()).isEqualTo(202);
    String job = accepted.json().get("jobId").asText();
    Instant deadline = Instant.now().plusSeconds(30);
    Api.Response done = server.admin().get(BULK + "/" + job);
    while (done.status() == 202 && Instant.now().isBefore(deadline)) {
      done = server.admin().get(BULK + "/" + job);
    }
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.json().get("status").asText()).isEqualTo("success");
    assertThat(done.json().get("successRequest").get(0).get("request").asText()).isEqualTo(name);
    assertThat(server.admin().get(PATH + "/name/" + name).status()).isEqualTo(200);

    Api.Response unknown = server.admin().get(BULK + "/" + UUID.randomUUID());
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void aPlainUsersItemsAreEachForbidden() {
    String name = Fixtures.uniqueName("plain");
    Api.Response response = server.newPlainUser().put(BULK, "[" + Fixtures.minimal(name) + "]");
    assertThat(response.status()).isEqualTo(200);
    JsonNode failed = response.json().get("failedRequest").get(0);
    assertThat(failed.get("status").asInt()).isEqualTo(403);
    assertThat(failed.get("message").asText()).contains("operations [Create] not allowed");
    assertThat(server.admin().get(PATH + "/name/" + name).status()).isEqualTo(404);
  }

  private static JsonNode bulk(String body) {
    Api.Response response = server.admin().put(BULK, body);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }
}
