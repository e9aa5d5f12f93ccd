package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** POST and GET of database services (spec §3.2–3.4, issue "Step 1"). */
class DatabaseServiceCreateIT extends ServerIT {
  static final String PATH = "/api/v1/services/databaseServices";

  @Test
  void createAnswersOmsBodyWithLocationAndHeaders() {
    String name = Fixtures.uniqueName("sf");
    ObjectNode request = Fixtures.snowflake(name);
    request.put("displayName", "Snowflake prod");
    request.put("description", "**Prod** warehouse");
    long before = System.currentTimeMillis();
    Api.Response created = server.admin().post(PATH, request.toString());

    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.json();
    UUID id = UUID.fromString(body.get("id").asText());
    assertThat(body.get("name").asText()).isEqualTo(name);
    assertThat(body.get("fullyQualifiedName").asText()).isEqualTo(name);
    assertThat(body.get("displayName").asText()).isEqualTo("Snowflake prod");
    assertThat(body.get("description").asText()).isEqualTo("**Prod** warehouse");
    assertThat(body.get("serviceType").asText()).isEqualTo("Snowflake");
    assertThat(body.at("/connection/config/username").asText()).isEqualTo("etl");
    assertThat(body.at("/connection/config/password").asText()).isEqualTo("*********");
    assertThat(body.get("version").asDouble()).isEqualTo(0.1);
    assertThat(body.get("updatedBy").asText()).isEqualTo("admin");
    assertThat(body.get("updatedAt").asLong()).isBetween(before, System.currentTimeMillis());
    assertThat(body.get("deleted").asBoolean()).isFalse();
    assertThat(body.has("changeDescription")).isFalse();
    assertThat(body.get("owners")).isEmpty();
    assertThat(body.get("tags")).isEmpty();
    assertThat(body.get("domains")).isEmpty();
    assertThat(body.get("href").asText()).endsWith("/v1/services/databaseServices/" + id);
    assertThat(created.header("Location")).isEqualTo(body.get("href").asText());
    assertThat(created.header("X-OpenMetadata-Change")).isEqualTo("entityCreated");
    assertThat(created.header("ETag")).isEqualTo("\"0.1\"");
  }

  @Test
  void getByIdAndByNameReturnTheStoredService() {
    String name = Fixtures.uniqueName("pg");
    JsonNode created = server.admin().post(PATH, Fixtures.postgres(name).toString()).json();
    String id = created.get("id").asText();

    JsonNode byId = server.admin().get(PATH + "/" + id).json();
    JsonNode byName = server.admin().get(PATH + "/name/" + name).json();
    assertThat(byId).isEqualTo(byName);
    assertThat(byId.get("id").asText()).isEqualTo(id);
    assertThat(byId.at("/connection/config/authType/password").asText()).isEqualTo("*********");
    assertThat(byId.has("owners")).as("relationship fields only when asked (spec §1.9)").isFalse();
    assertThat(server.admin().get(PATH + "/" + id + "?fields=owners,tags,domains").json().get("owners")).isEmpty();
  }

  @Test
  void aDottedNameIsQuotedInItsFqnAndFoundEitherWay() {
    String name = Fixtures.uniqueName("snowflake") + ".prod";
    Api.Response created = server.admin().post(PATH, Fixtures.minimal(name).toString());
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("fullyQualifiedName").asText()).isEqualTo("\"" + name + "\"");
    String id = created.json().get("id").asText();
    assertThat(server.admin().get(PATH + "/name/" + name).json().get("id").asText()).isEqualTo(id);
    assertThat(server.admin().get(PATH + "/name/%22" + name + "%22").json().get("id").asText()).isEqualTo(id);
  }

  @Test
  void aSecondPostOfTheSameNameIs409AndChangesNothing() {
    String name = Fixtures.uniqueName("dup");
    JsonNode first = server.admin().post(PATH, Fixtures.minimal(name).toString()).json();
    ObjectNode again = Fixtures.minimal(name);
    again.put("description", "second");
    Api.Response conflict = server.admin().post(PATH, again.toString());
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().get("message").asText()).isEqualTo("Entity already exists");
    assertThat(conflict.json().get("code").asInt()).isEqualTo(409);
    JsonNode stored = server.admin().get(PATH + "/name/" + name).json();
    assertThat(stored.get("version").asDouble()).isEqualTo(0.1);
    assertThat(stored.has("description")).isFalse();
    assertThat(stored.get("id")).isEqualTo(first.get("id"));
  }

  @Test
  void missingServicesAre404WithOmsMessage() {
    UUID id = UUID.randomUUID();
    Api.Response byId = server.admin().get(PATH + "/" + id);
    assertThat(byId.status()).isEqualTo(404);
    assertThat(byId.json().get("message").asText()).isEqualTo("databaseService instance for " + id + " not found");
    Api.Response byName = server.admin().get(PATH + "/name/nothing_here");
    assertThat(byName.json().get("message").asText()).isEqualTo("databaseService instance for nothing_here not found");
    Api.Response notUuid = server.admin().get(PATH + "/not-a-uuid");
    assertThat(notUuid.status()).isEqualTo(404);
  }

  @Test
  void ownersAreCheckedPopulatedAndSorted() {
    String alice = "alice_" + UUID.randomUUID().toString().substring(0, 6);
    String bob = "bob_" + UUID.randomUUID().toString().substring(0, 6);
    String aliceId = server.admin().post("/api/v1/users", user(alice)).json().get("id").asText();
    server.admin().post("/api/v1/users", user(bob));
    ObjectNode request = Fixtures.minimal(Fixtures.uniqueName("owned"));
    request.putArray("owners")
        .add(Api.JSON.createObjectNode().put("name", bob).put("type", "user"))
        .add(Api.JSON.createObjectNode().put("id", aliceId).put("type", "user"));
    Api.Response created = server.admin().post(PATH, request.toString());
    assertThat(created.status()).isEqualTo(201);
    JsonNode owners = created.json().get("owners");
    assertThat(owners).hasSize(2);
    assertThat(owners.get(0).get("name").asText()).isEqualTo(alice);
    assertThat(owners.get(0).get("id").asText()).isEqualTo(aliceId);
    assertThat(owners.get(0).get("type").asText()).isEqualTo("user");
    assertThat(owners.get(0).get("href").asText()).endsWith("/v1/users/" + aliceId);
    assertThat(owners.get(1).get("name").asText()).isEqualTo(bob);

    String id = created.json().get("id").asText();
    JsonNode read = server.admin().get(PATH + "/" + id + "?fields=owners").json();
    assertThat(read.get("owners")).isEqualTo(owners);
  }

  @Test
  void anUnknownOwnerIs404AndNothingIsWritten() {
    String name = Fixtures.uniqueName("orphan");
    UUID ghost = UUID.randomUUID();
    ObjectNode request = Fixtures.minimal(name);
    request.putArray("owners").add(Api.JSON.createObjectNode().put("id", ghost.toString()).put("type", "user"));
    Api.Response response = server.admin().post(PATH, request.toString());
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().get("message").asText()).isEqualTo("user instance for " + ghost + " not found");
    assertThat(server.admin().get(PATH + "/name/" + name).status()).isEqualTo(404);

    request.putArray("owners").add(Api.JSON.createObjectNode().put("id", ghost.toString()));
    assertThat(server.admin().post(PATH, request.toString()).json().get("message").asText())
        .contains("type must not be null");
    request.putArray("owners").add(Api.JSON.createObjectNode().put("id", ghost.toString()).put("type", "table"));
    assertThat(server.admin().post(PATH, request.toString()).json().get("message").asText())
        .isEqualTo("Entity of type table can't be the owner. Only Team of type Group or a User can own entities.");
    assertThat(server.admin().get(PATH + "/name/" + name).status()).isEqualTo(404);
  }

  @Test
  void unknownTagsAndDomainsAre404() {
    ObjectNode tagged = Fixtures.minimal(Fixtures.uniqueName("tagged"));
    tagged.putArray("tags").add(Api.JSON.createObjectNode().put("tagFQN", "PII.NoSuchTag"));
    Api.Response tagResponse = server.admin().post(PATH, tagged.toString());
    assertThat(tagResponse.status()).isEqualTo(404);
    assertThat(tagResponse.json().get("message").asText()).isEqualTo("tag instance for PII.NoSuchTag not found");

    ObjectNode inDomain = Fixtures.minimal(Fixtures.uniqueName("domained"));
    inDomain.put("domain", "Finance");
    Api.Response domainResponse = server.admin().post(PATH, inDomain.toString());
    assertThat(domainResponse.status()).isEqualTo(404);
    assertThat(domainResponse.json().get("message").asText()).isEqualTo("domain instance for Finance not found");
  }

  @Test
  void everyRouteAnswersUnderV1Too() {
    String name = Fixtures.uniqueName("v1");
    Api.Response created = server.admin().post("/v1/services/databaseServices", Fixtures.minimal(name).toString());
    assertThat(created.status()).isEqualTo(201);
    assertThat(server.admin().get("/api/v1/services/databaseServices/name/" + name).status()).isEqualTo(200);
  }

  static String user(String name) {
    return "{\"name\":\"" + name + "\",\"email\":\"" + name + "@example.com\"}";
  }
}
