package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PUT create-or-update and the version rules of spec §4, rows 1–7, step by step. */
class DatabaseServiceUpsertIT extends ServerIT {
  static final String PATH = "/api/v1/services/databaseServices";

  @Test
  void putOfANewNameCreates() {
    String name = Fixtures.uniqueName("put");
    Api.Response created = server.admin().put(PATH, Fixtures.minimal(name).toString());
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("X-OpenMetadata-Change")).isEqualTo("entityCreated");
    assertThat(created.header("Location")).isNull();
    assertThat(created.json().get("version").asDouble()).isEqualTo(0.1);
  }

  @Test
  void theWorkedExampleOfSpecSection4() throws Exception {
    String name = Fixtures.uniqueName("worked");
    ObjectNode request = Fixtures.snowflake(name);

    // Row 1: create, no description.
    JsonNode v1 = server.admin().post(PATH, request.toString()).json();
    assertThat(v1.get("version").asDouble()).isEqualTo(0.1);
    assertThat(v1.has("changeDescription")).isFalse();

    // Row 2: the same body again changes nothing; updatedAt stays.
    Api.Response same = server.admin().put(PATH, request.toString());
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.header("X-OpenMetadata-Change")).isEqualTo("entityNoChange");
    assertThat(same.json().get("version").asDouble()).isEqualTo(0.1);
    assertThat(same.json().get("updatedAt")).isEqualTo(v1.get("updatedAt"));
    assertThat(server.admin().put(PATH, request.toString()).header("X-OpenMetadata-Change")).isEqualTo("entityNoChange");

    // Row 3: a description is added.
    request.put("description", "d1");
    Api.Response described = server.admin().put(PATH, request.toString());
    assertThat(described.header("X-OpenMetadata-Change")).isEqualTo("entityUpdated");
    JsonNode v2 = described.json();
    assertThat(v2.get("version").asDouble()).isEqualTo(0.2);
    assertThat(v2.at("/changeDescription/previousVersion").asDouble()).isEqualTo(0.1);
    assertThat(v2.at("/changeDescription/fieldsAdded/0/name").asText()).isEqualTo("description");
    assertThat(v2.at("/changeDescription/fieldsAdded/0/newValue").asText()).isEqualTo("d1");
    assertThat(v2.at("/changeDescription/fieldsUpdated")).isEmpty();
    assertThat(v2.at("/changeDescription/fieldsDeleted")).isEmpty();

    // Row 4: a new password is a connection change, recorded without its value.
    ((ObjectNode) request.at("/connection/config")).put("password", "rotated-" + UUID.randomUUID());
    JsonNode v3 = server.admin().put(PATH, request.toString()).json();
    assertThat(v3.get("version").asDouble()).isEqualTo(0.3);
    JsonNode connectionChange = v3.at("/changeDescription/fieldsUpdated/0");
    assertThat(connectionChange.get("name").asText()).isEqualTo("connection");
    assertThat(connectionChange.get("oldValue").asText()).isEqualTo("\"old-encrypted-value\"");
    assertThat(connectionChange.get("newValue").asText()).isEqualTo("\"new-encrypted-value\"");

    // Rows 5 and 6 with users in place of the team (teams come with governance).
    String first = newUser();
    String second = newUser();
    request.putArray("owners").add(ref(first));
    JsonNode v4 = server.admin().put(PATH, request.toString()).json();
    assertThat(v4.get("version").asDouble()).isEqualTo(0.4);
    assertThat(v4.at("/changeDescription/fieldsAdded/0/name").asText()).isEqualTo("owners");
    JsonNode added = Api.JSON.readTree(v4.at("/changeDescription/fieldsAdded/0/newValue").asText());
    assertThat(added.get(0).get("id").asText()).isEqualTo(first);

    request.putArray("owners").add(ref(second));
    JsonNode v5 = server.admin().put(PATH, request.toString()).json();
    assertThat(v5.get("version").asDouble()).isEqualTo(0.5);
    JsonNode addedNow = Api.JSON.readTree(v5.at("/changeDescription/fieldsAdded/0/newValue").asText());
    JsonNode removedNow = Api.JSON.readTree(v5.at("/changeDescription/fieldsDeleted/0/oldValue").asText());
    assertThat(addedNow.get(0).get("id").asText()).isEqualTo(second);
    assertThat(removedNow.get(0).get("id").asText()).isEqualTo(first);

    // Row 7: owners null keeps them, as does leaving them out.
    request.putNull("owners");
    Api.Response kept = server.admin().put(PATH, request.toString());
    assertThat(kept.header("X-OpenMetadata-Change")).isEqualTo("entityNoChange");
    assertThat(kept.json().get("version").asDouble()).isEqualTo(0.5);
    request.remove("owners");
    assertThat(server.admin().put(PATH, request.toString()).json().get("owners").get(0).get("id").asText())
        .isEqualTo(second);
  }

  @Test
  void aMaskSentBackKeepsTheSecretAndIsNoChange() {
    String name = Fixtures.uniqueName("mask");
    ObjectNode request = Fixtures.snowflake(name);
    String secret = request.at("/connection/config/password").asText();
    server.admin().post(PATH, request.toString());
    ((ObjectNode) request.at("/connection/config")).put("password", "*********");
    Api.Response again = server.admin().put(PATH, request.toString());
    assertThat(again.header("X-OpenMetadata-Change")).isEqualTo("entityNoChange");
    assertThat(server.bot().get(PATH + "/name/" + name).json().at("/connection/config/password").asText()).isEqualTo(secret);
  }

  @Test
  void aPutThatLeavesOutTheDescriptionClearsIt() {
    String name = Fixtures.uniqueName("clear");
    ObjectNode request = Fixtures.minimal(name);
    request.put("description", "");
    server.admin().post(PATH, request.toString());
    request.put("description", "updatedDescription");
    JsonNode updated = server.admin().put(PATH, request.toString()).json();
    assertThat(updated.at("/changeDescription/fieldsUpdated/0/oldValue").asText()).isEmpty();
    assertThat(updated.at("/changeDescription/fieldsUpdated/0/newValue").asText()).isEqualTo("updatedDescription");
    request.remove("description");
    JsonNode cleared = server.admin().put(PATH, request.toString()).json();
    assertThat(cleared.has("description")).isFalse();
    assertThat(cleared.at("/changeDescription/fieldsDeleted/0/name").asText()).isEqualTo("description");
  }

  @Test
  void aBotCannotOverwriteANonEmptyDescription() {
    String name = Fixtures.uniqueName("botdesc");
    ObjectNode request = Fixtures.minimal(name);
    request.put("description", "curated by a human");
    server.admin().post(PATH, request.toString());
    request.put("description", "from ingestion");
    Api.Response response = server.bot().put(PATH, request.toString());
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("description").asText()).isEqualTo("curated by a human");
  }

  @Test
  void theServiceTypeOfAnExistingServiceCantChange() {
    String name = Fixtures.uniqueName("retype");
    server.admin().post(PATH, Fixtures.minimal(name).toString());
    ObjectNode request = Fixtures.minimal(name);
    request.put("serviceType", "Postgres");
    Api.Response response = server.admin().put(PATH, request.toString());
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asText()).contains("serviceType");
    assertThat(server.admin().get(PATH + "/name/" + name).json().get("serviceType").asText()).isEqualTo("Mysql");
  }

  private static String newUser() {
    String name = "owner_" + UUID.randomUUID().toString().substring(0, 8);
    return server.admin().post("/api/v1/users", DatabaseServiceCreateIT.user(name)).json().get("id").asText();
  }

  private static ObjectNode ref(String id) {
    return Api.JSON.createObjectNode().put("id", id).put("type", "user");
  }
}
