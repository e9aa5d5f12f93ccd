package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Connection secrets: sealed at rest, masked for all but bots, the mask round-trips (contract §4). */
class DatabaseServiceSecretsIT extends ServerIT {
  static final String PATH = "/api/v1/services/databaseServices";

  @Test
  void adminsAndUsersSeeTheMaskBotsSeeTheSecret() {
    String name = Fixtures.uniqueName("pg");
    ObjectNode request = Fixtures.postgres(name);
    String secret = request.at("/connection/config/authType/password").asText();
    server.admin().post(PATH, request.toString());
    String pointer = "/connection/config/authType/password";
    assertThat(server.admin().get(PATH + "/name/" + name).json().at(pointer).asText()).isEqualTo("*********");
    assertThat(server.newPlainUser().get(PATH + "/name/" + name + "?fields=*").json().at(pointer).asText()).isEqualTo("*********");
    assertThat(server.bot().get(PATH + "/name/" + name).json().at(pointer).asText()).isEqualTo(secret);
    assertThat(server.admin().get(PATH + "/name/" + name).json().at("/connection/config/username").asText()).isEqualTo("reader");
  }

  @Test
  void everySecretOfTheSchemaIsMaskedWhereverItIsNested() {
    String name = Fixtures.uniqueName("sfkey");
    ObjectNode request = Fixtures.snowflake(name);
    ((ObjectNode) request.at("/connection/config")).put("privateKey", "-----BEGIN KEY-----xyz");
    ((ObjectNode) request.at("/connection/config")).put("snowflakePrivatekeyPassphrase", "phrase");
    JsonNode created = server.admin().post(PATH, request.toString()).json();
    JsonNode config = created.at("/connection/config");
    assertThat(config.get("password").asText()).isEqualTo("*********");
    assertThat(config.get("privateKey").asText()).isEqualTo("*********");
    assertThat(config.get("snowflakePrivatekeyPassphrase").asText()).isEqualTo("*********");
    assertThat(config.get("account").asText()).isEqualTo("acme");
  }

  @Test
  void noSecretIsStoredInTheClearNotEvenInHistory() throws Exception {
    String name = Fixtures.uniqueName("rest");
    ObjectNode request = Fixtures.snowflake(name);
    List<String> secrets = new ArrayList<>();
    secrets.add(request.at("/connection/config/password").asText());
    server.admin().post(PATH, request.toString());
    for (int i = 0; i < 3; i++) {
      String next = "rotated-" + i + "-" + name;
      secrets.add(next);
      ((ObjectNode) request.at("/connection/config")).put("password", next);
      assertThat(server.admin().put(PATH, request.toString()).status()).isEqualTo(200);
    }
    assertThat(server.bot().get(PATH + "/name/" + name).json().at("/connection/config/password").asText())
        .isEqualTo(secrets.get(3));

    // Whatever store this run uses, read through plain JDBC, beside the server.
    try (Connection db = DriverManager.getConnection(server.store().jdbcUrl(), server.store().user(), server.store().password())) {
      for (String table : List.of("database_service", "entity_version")) {
        try (ResultSet rows = db.createStatement().executeQuery("SELECT json FROM " + table)) {
          int count = 0;
          while (rows.next()) {
            count++;
            for (String secret : secrets) {
              assertThat(rows.getString(1)).doesNotContain(secret);
            }
          }
          assertThat(count).isPositive();
        }
      }
    }
    // The raw files too: the WAL and the database pages (of the embedded store; the data directory
    // of a server on an external store holds nothing but its key file).
    try (Stream<Path> files = Files.list(server.dataDir())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String secret : secrets) {
          assertThat(content).as(file.toString()).doesNotContain(secret);
        }
      }
    }
  }

  @Test
  void theMaskOnCreateIsRefused() {
    String name = Fixtures.uniqueName("masked");
    ObjectNode request = Fixtures.snowflake(name);
    ((ObjectNode) request.at("/connection/config")).put("password", "*********");
    Api.Response response = server.admin().post(PATH, request.toString());
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asText()).contains("connection.config.password").contains("*********");
    assertThat(server.admin().get(PATH + "/name/" + name).status()).isEqualTo(404);
  }

  @Test
  void theMaskOnUpdateKeepsTheSecretWhileOtherFieldsChange() {
    String name = Fixtures.uniqueName("keep");
    ObjectNode request = Fixtures.snowflake(name);
    String secret = request.at("/connection/config/password").asText();
    server.admin().post(PATH, request.toString());
    ObjectNode config = (ObjectNode) request.at("/connection/config");
    config.put("password", "*********");
    config.put("warehouse", "bigger_wh");
    JsonNode updated = server.admin().put(PATH, request.toString()).json();
    assertThat(updated.get("version").asDouble()).isEqualTo(0.2);
    JsonNode seenByBot = server.bot().get(PATH + "/name/" + name).json().at("/connection/config");
    assertThat(seenByBot.get("password").asText()).isEqualTo(secret);
    assertThat(seenByBot.get("warehouse").asText()).isEqualTo("bigger_wh");
  }

  @Test
  void aServiceTypeNewerThanTheSchemasStillHasItsSecretsMasked() {
    String name = Fixtures.uniqueName("td");
    ObjectNode request = Fixtures.minimal(name);
    request.put("serviceType", "Teradata");
    request.putObject("connection").putObject("config").put("type", "Teradata").put("username", "u").put("password", "tera-secret");
    JsonNode created = server.admin().post(PATH, request.toString()).json();
    assertThat(created.at("/connection/config/password").asText()).isEqualTo("*********");
    assertThat(created.at("/connection/config/username").asText()).isEqualTo("u");
  }
}
