package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random request bodies never get a 5xx, and a refused request never leaves anything behind
 * (issue "Step 1": property tests). Bodies mix the real field names with junk, of any JSON type.
 */
class DatabaseServicePropertiesIT {
  static final String PATH = "/api/v1/services/databaseServices";
  static final List<String> FIELDS =
      List.of("name", "displayName", "description", "serviceType", "connection", "owners", "tags", "domain", "domains",
          "dataProducts", "bogus", "id", "version");
  static TestServer server;

  @BeforeContainer
  static void start() {
    server = TestServer.start();
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  @Property(tries = 300)
  void randomBodiesAreNeverA5xxAndARefusalWritesNothing(@ForAll("bodies") ObjectNode body, @ForAll boolean put) {
    int before = rows();
    Api.Response response = put ? server.admin().put(PATH, body.toString()) : server.admin().post(PATH, body.toString());
    assertThat(response.status()).as(body + " → " + response).isLessThan(500);
    JsonNode answer = response.json();
    if (response.status() >= 400) {
      assertThat(answer.get("code").asInt()).isEqualTo(response.status());
      assertThat(answer.get("message").asText()).isNotBlank();
      if (response.status() != 409) {
        assertThat(rows()).as("a refused request wrote nothing").isEqualTo(before);
      }
    } else {
      String name = answer.get("name").asText();
      Api.Response read = server.admin().get(PATH + "/name/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
      assertThat(read.status()).as(name).isEqualTo(200);
      assertThat(read.json().get("serviceType")).isEqualTo(body.get("serviceType"));
      assertThat(read.json().get("id")).isEqualTo(answer.get("id"));
    }
  }

  @Property(tries = 100)
  void garbageBodiesAre400(@ForAll("garbage") String body) {
    Api.Response response = server.admin().post(PATH, body);
    assertThat(response.status()).as(body).isEqualTo(400);
    assertThat(response.json().get("message").asText()).startsWith("Invalid request format");
  }

  @Provide
  Arbitrary<ObjectNode> bodies() {
    Arbitrary<String> names =
        Arbitraries.oneOf(
            Arbitraries.strings().alpha().numeric().withChars("_-.").ofMinLength(1).ofMaxLength(40),
            Arbitraries.strings().all().ofMinLength(0).ofMaxLength(300),
            Arbitraries.of("a::b", "", " ", "x".repeat(257), "\"quoted\".name", "snowflake.prod"));
    Arbitrary<JsonNode> anyValue = values(names);
    Arbitrary<String> types = Arbitraries.of("Snowflake", "Mysql", "Postgres", "BigQuery", "Teradata", "Excel", "");
    return Combinators.combine(
            names, types, Arbitraries.maps(Arbitraries.of(FIELDS), anyValue).ofMaxSize(4), Arbitraries.of(true, false))
        .as((name, type, extra, withConnection) -> {
          ObjectNode body = JsonNodeFactory.instance.objectNode();
          body.put("name", name);
          body.put("serviceType", type);
          extra.forEach(body::set);
          if (withConnection && !extra.containsKey("connection")) {
            body.putObject("connection").putObject("config").put("type", type).put("username", "u").put("password", name);
          }
          return body;
        });
  }

  private static Arbitrary<JsonNode> values(Arbitrary<String> strings) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return Arbitraries.oneOf(
        strings.map(f::textNode),
        Arbitraries.integers().map(f::numberNode),
        Arbitraries.of(true, false).map(f::booleanNode),
        Arbitraries.just(f.nullNode()),
        Arbitraries.just(f.objectNode()),
        strings.list().ofMaxSize(3).map(list -> {
          ArrayNode array = f.arrayNode();
          list.forEach(array::add);
          return array;
        }),
        strings.map(s -> {
          ObjectNode owner = f.objectNode().put("type", s.length() % 2 == 0 ? "user" : s).put("name", s);
          return f.arrayNode().add(owner);
        }),
        strings.map(s -> f.objectNode().set("config", f.objectNode().put("type", s).put("password", "*********"))));
  }

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMinLength(1).ofMaxLength(60).filter(s -> !s.isBlank() && !looksLikeJson(s)),
        Arbitraries.of("{", "[", "{\"name\":", "nul", "{'name':'x'}", "{\"a\":1}}", "\u0000"));
  }

  private static boolean looksLikeJson(String s) {
    try {
      Api.JSON.readTree(s);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static int rows() {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("meridian.db"));
        ResultSet count = db.createStatement().executeQuery(
            "SELECT (SELECT COUNT(*) FROM database_service) + (SELECT COUNT(*) FROM entity_version)"
                + " + (SELECT COUNT(*) FROM entity_relationship)")) {
      count.next();
      return count.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
