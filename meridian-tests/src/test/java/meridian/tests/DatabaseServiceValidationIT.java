package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gets a 400 naming the field and the rule (spec §7, contract §6); nothing is written. */
class DatabaseServiceValidationIT extends ServerIT {
  static final String PATH = "/api/v1/services/databaseServices";

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT"})
  void nameRules(String method) {
    assertError(method, "{\"serviceType\":\"Mysql\"}", 400, "[query param name must not be null]");
    assertError(method, "{\"name\":null,\"serviceType\":\"Mysql\"}", 400, "[query param name must not be null]");
    assertError(method, "{\"name\":\"\",\"serviceType\":\"Mysql\"}", 400, "[query param name size must be between 1 and 256]");
    assertError(method, "{\"name\":\"" + "x".repeat(257) + "\",\"serviceType\":\"Mysql\"}", 400,
        "[query param name size must be between 1 and 256]");
    Api.Response colons = send(method, "{\"name\":\"invalid::Name\",\"serviceType\":\"Mysql\"}");
    assertThat(colons.status()).isEqualTo(400);
    assertThat(colons.json().get("message").asText()).contains("name must match \"^((?!::).)*$\"");
    assertThat(server.admin().get(PATH + "/name/invalid::Name").status()).isEqualTo(404);
  }

  @Test
  void aNameOf256CharactersIsFine() {
    String name = "n".repeat(200) + Fixtures.uniqueName("x").substring(0, 14);
    name = name + "y".repeat(256 - name.length());
    assertThat(server.admin().post(PATH, Fixtures.minimal(name).toString()).status()).isEqualTo(201);
  }

  @Test
  void serviceTypeRules() {
    String name = Fixtures.uniqueName("st");
    assertError("POST", "{\"name\":\"" + name + "\"}", 400, "[query param serviceType must not be null]");
    Api.Response unknown = send("POST", "{\"name\":\"" + name + "\",\"serviceType\":\"Excel\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("message").asText()).contains("serviceType").contains("Excel").contains("Snowflake");
    assertThat(server.admin().get(PATH + "/name/" + name).status()).isEqualTo(404);
  }

  @Test
  void wrongJsonTypesNameTheField() {
    assertThat(message("{\"name\":5,\"serviceType\":\"Mysql\"}")).startsWith("Invalid request format").contains("\"name\"");
    assertThat(message("{\"name\":\"a\",\"serviceType\":\"Mysql\",\"owners\":{}}")).contains("\"owners\"");
    assertThat(message("{\"name\":\"a\",\"serviceType\":\"Mysql\",\"description\":[]}")).contains("\"description\"");
    assertThat(message("{\"name\":\"a\",\"serviceType\":\"Mysql\",\"owners\":[{\"id\":\"nope\",\"type\":\"user\"}]}"))
        .contains("owners[0].id");
    assertThat(message("{\"name\":\"a\",\"serviceType\":\"Mysql\",\"bogus\":1}")).contains("\"bogus\"");
    assertThat(message("{\"name\":\"a\",\"serviceType\":\"Mysql\",\"connection\":\"x\"}")).contains("connection");
    assertThat(message("[1,2]")).startsWith("Invalid request format");
  }

  @Test
  void malformedJsonIsInvalidRequestFormat() {
    for (String body : new String[] {"{", "{\"name\":", "not json", "{\"name\":\"a\"}}", "{\"name\":\"a\",\"name\":\"b\"}"}) {
      Api.Response response = send("POST", body);
      assertThat(response.status()).as(body).isEqualTo(400);
      assertThat(response.json().get("message").asText()).as(body).startsWith("Invalid request format");
    }
    Api.Response empty = send("POST", "");
    assertThat(empty.status()).isEqualTo(400);
  }

  @Test
  void aConnectionOfAnotherTypeIsRefused() {
    String name = Fixtures.uniqueName("mismatch");
    ObjectNode request = Fixtures.snowflake(name);
    ((ObjectNode) request.at("/connection/config")).put("type", "Redshift");
    Api.Response response = server.admin().post(PATH, request.toString());
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asText())
        .contains("Failed to convert [" + name + "] to type [Snowflake]. Review the connection.");
  }

  @Test
  void badQueryParametersAre400() {
    String name = Fixtures.uniqueName("q");
    server.admin().post(PATH, Fixtures.minimal(name).toString());
    Api.Response fields = server.admin().get(PATH + "/name/" + name + "?fields=invalidField");
    assertThat(fields.status()).isEqualTo(400);
    assertThat(fields.json().get("message").asText()).isEqualTo("Invalid field name invalidField");
    Api.Response include = server.admin().get(PATH + "/name/" + name + "?include=invalid-enum-value");
    assertThat(include.status()).isEqualTo(400);
    assertThat(include.json().get("message").asText()).isEqualTo("query param include must be one of [all, deleted, non-deleted]");
  }

  private static Api.Response send(String method, String body) {
    return server.admin().send(method, PATH, body, java.util.Map.of());
  }

  private static String message(String body) {
    Api.Response response = send("POST", body);
    assertThat(response.status()).as(body).isEqualTo(400);
    return response.json().get("message").asText();
  }

  private static void assertError(String method, String body, int status, String message) {
    Api.Response response = send(method, body);
    assertThat(response.status()).as(body).isEqualTo(status);
    assertThat(response.json().get("message").asText()).isEqualTo(message);
  }
}
