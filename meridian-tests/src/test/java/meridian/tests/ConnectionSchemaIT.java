package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every database service type of OM 1.4.0 (issue 9, §1): a config made from OM's own schema for
 * the type is accepted, and the same config with an unknown member or a wrong type at a member is a
 * 400 with OM's message, the JSON pointer and the rule. Realistic hand-written configs of the
 * common types are accepted too, the ambiguous ones (BigQuery's GCP credentials) included.
 */
class ConnectionSchemaIT extends ServerIT {
  static final String PATH = "/api/v1/services/databaseServices";
  static final String ROOT = "json/schema/entity/services/";

  /** Every 1.4.0 service type that has a connection schema, with the schema's resource path. */
  static Stream<Map.Entry<String, String>> types() {
    JsonNode service = read(ROOT + "databaseService.json");
    List<Map.Entry<String, String>> types = new ArrayList<>();
    for (JsonNode ref : service.at("/definitions/databaseConnection/properties/config/oneOf")) {
      String file = URI.create(ROOT + "databaseService.json").resolve(ref.get("$ref").asText()).normalize().toString();
      JsonNode type = resolve(file, read(file).at("/properties/type"));
      types.add(Map.entry(type.at("/enum/0").asText(), file));
    }
    assertThat(types).hasSizeGreaterThanOrEqualTo(35);
    return types.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void aConfigMadeFromOmsSchemaIsAcceptedAndABrokenOneIsNot(Map.Entry<String, String> type) {
    ObjectNode config = (ObjectNode) generate(type.getValue(), read(type.getValue()), 0);
    config.put("type", type.getKey());
    Api.Response accepted = post(type.getKey(), config);
    assertThat(accepted.status()).as(type.getKey() + " " + config + " → " + accepted.body()).isEqualTo(201);

    ObjectNode unknown = config.deepCopy().put("notAMemberOfTheSchema", 1);
    Api.Response refused = post(type.getKey(), unknown);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.json().get("message").asText())
        .contains("to type [" + type.getKey() + "]. Review the connection.")
        .contains("/connection/config: additionalProperties")
        .contains("notAMemberOfTheSchema");

    String member = firstString(config);
    if (member != null) {
      ObjectNode wrongType = config.deepCopy().put(member, 12345);
      Api.Response typed = post(type.getKey(), wrongType);
      assertThat(typed.status()).as(wrongType.toString()).isEqualTo(400);
      assertThat(typed.json().get("message").asText()).contains("/connection/config/" + member + ": type");
    }
  }

  /** Hand-written configs as users write them, for the common types. */
  static Stream<Map.Entry<String, String>> realistic() {
    return Map.of(
        "Postgres", "{\"type\":\"Postgres\",\"scheme\":\"postgresql+psycopg2\",\"hostPort\":\"db.internal:5432\",\"username\":\"meta\","
            + "\"authType\":{\"password\":\"pg-secret\"},\"database\":\"analytics\",\"ingestAllDatabases\":true,\"sslMode\":\"require\"}",
        "Mysql", "{\"type\":\"Mysql\",\"hostPort\":\"mysql:3306\",\"username\":\"root\",\"authType\":{\"password\":\"x\"},\"databaseSchema\":\"crm\"}",
        "Snowflake", "{\"type\":\"Snowflake\",\"username\":\"etl\",\"password\":\"p\",\"account\":\"xy12345.eu-central-1\",\"warehouse\":\"COMPUTE_WH\","
            + "\"role\":\"SYSADMIN\",\"database\":\"PROD\",\"includeTransientTables\":false,\"clientSessionKeepAlive\":true}",
        "BigQuery", "{\"type\":\"BigQuery\",\"hostPort\":\"bigquery.googleapis.com\",\"credentials\":{\"gcpConfig\":{\"type\":\"service_account\","
            + "\"projectId\":\"my-project\",\"privateKeyId\":\"abc\",\"privateKey\":\"-----BEGIN PRIVATE KEY-----\\nX\\n-----END PRIVATE KEY-----\\n\","
            + "\"clientEmail\":\"sa@my-project.iam.gserviceaccount.com\",\"clientId\":\"1234\",\"authUri\":\"https://accounts.google.com/o/oauth2/auth\","
            + "\"tokenUri\":\"https://oauth2.googleapis.com/token\",\"authProviderX509CertUrl\":\"https://www.googleapis.com/oauth2/v1/certs\","
            + "\"clientX509CertUrl\":\"https://www.googleapis.com/robot/v1/metadata/x509/sa\"}},\"taxonomyLocation\":\"us\"}",
        "Redshift", "{\"type\":\"Redshift\",\"hostPort\":\"cluster.abc.eu-west-1.redshift.amazonaws.com:5439\",\"username\":\"awsuser\","
            + "\"password\":\"p\",\"database\":\"dev\",\"ingestAllDatabases\":false}",
        "Databricks", "{\"type\":\"Databricks\",\"hostPort\":\"adb-123.azuredatabricks.net:443\",\"token\":\"dapi123\","
            + "\"httpPath\":\"/sql/1.0/warehouses/abc\",\"catalog\":\"hive_metastore\",\"connectionTimeout\":120}",
        "Athena", "{\"type\":\"Athena\",\"awsConfig\":{\"awsAccessKeyId\":\"AKIA\",\"awsSecretAccessKey\":\"s\",\"awsRegion\":\"eu-west-1\"},"
            + "\"s3StagingDir\":\"s3://athena-results/\",\"workgroup\":\"primary\"}",
        "Mssql", "{\"type\":\"Mssql\",\"scheme\":\"mssql+pytds\",\"username\":\"sa\",\"password\":\"p\",\"hostPort\":\"sql:1433\",\"database\":\"master\"}",
        "Oracle", "{\"type\":\"Oracle\",\"username\":\"system\",\"password\":\"p\",\"hostPort\":\"oracle:1521\","
            + "\"oracleConnectionType\":{\"oracleServiceName\":\"ORCLPDB1\"}}",
        "SQLite", "{\"type\":\"SQLite\",\"databaseMode\":\"/var/data/app.db\"}").entrySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realistic")
  void aRealisticConfigIsAccepted(Map.Entry<String, String> example) throws IOException {
    Api.Response created = post(example.getKey(), (ObjectNode) Api.JSON.readTree(example.getValue()));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  @Test
  void aTypeNewerThanTheSchemasTakesAnyObjectAndTheMessageNeverEchoesASecret() throws IOException {
    ObjectNode newer = (ObjectNode) Api.JSON.readTree("{\"type\":\"Cockroach\",\"hostPort\":\"crdb:26257\",\"anything\":{\"goes\":[1,2]}}");
    assertThat(post("Cockroach", newer).status()).isEqualTo(201);
    ObjectNode leaky = (ObjectNode) Api.JSON.readTree(
        "{\"type\":\"Snowflake\",\"username\":\"etl\",\"password\":\"hunter2-do-not-echo\",\"account\":\"a\",\"warehouse\":\"w\",\"role\":[\"hunter2-do-not-echo\"]}");
    Api.Response refused = post("Snowflake", leaky);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).doesNotContain("hunter2-do-not-echo");
  }

  @Test
  void everyWriteIsCheckedBeforeAnythingIsWritten() {
    String name = Fixtures.uniqueName("checked");
    JsonNode created = server.admin().post(PATH, Fixtures.postgres(name).toString()).json();
    String id = created.get("id").asText();
    java.util.List<String> before = StoreDump.of(server);

    ObjectNode put = Fixtures.postgres(name);
    ((ObjectNode) put.at("/connection/config")).put("hostPort", 5432);
    Api.Response refusedPut = server.admin().put(PATH, put.toString());
    assertThat(refusedPut.status()).isEqualTo(400);
    assertThat(refusedPut.json().get("message").asText()).contains("/connection/config/hostPort: type");

    Api.Response refusedPatch = server.admin().patch(PATH + "/" + id,
        "[{\"op\":\"add\",\"path\":\"/connection/config/sslMode\",\"value\":\"sometimes\"}]");
    assertThat(refusedPatch.status()).isEqualTo(400);
    assertThat(refusedPatch.json().get("message").asText()).contains("/connection/config/sslMode: enum");
    assertThat(StoreDump.of(server)).as("nothing written by the refused PUT and PATCH").isEqualTo(before);

    ObjectNode good = Fixtures.postgres(Fixtures.uniqueName("good"));
    Api.Response bulk = server.admin().put(PATH + "/bulk", "[" + put + "," + good + "]");
    assertThat(bulk.json().get("numberOfRowsPassed").asInt()).isEqualTo(1);
    assertThat(bulk.json().at("/failedRequest/0/message").asText()).contains("/connection/config/hostPort: type");
    assertThat(server.admin().get(PATH + "/" + id).json().at("/connection/config/hostPort").asText()).isEqualTo("localhost:5432");
  }

  private static Api.Response post(String type, ObjectNode config) {
    ObjectNode request = Api.JSON.createObjectNode().put("name", Fixtures.uniqueName(type.toLowerCase())).put("serviceType", type);
    request.putObject("connection").set("config", config);
    return server.admin().post(PATH, request.toString());
  }

  private static String firstString(ObjectNode config) {
    for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      if (member.getValue().isTextual() && !member.getKey().equals("type")) {
        return member.getKey();
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- a config from a schema

  /**
   * A value the schema describes: every required member, with the default, the first enum value,
   * or a plain value of the type; the first branch of a union. Enough to show that a config of the
   * schema's own shape is accepted.
   */
  static JsonNode generate(String file, JsonNode schema, int depth) {
    if (depth > 12) {
      return Api.JSON.nullNode();
    }
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      String target = ref.startsWith("#") ? file : URI.create(file).resolve(ref.replaceFirst("#.*$", "")).normalize().toString();
      JsonNode root = read(target);
      String fragment = ref.contains("#") ? ref.substring(ref.indexOf('#') + 1) : "";
      return generate(target, fragment.isEmpty() ? root : root.at(fragment), depth + 1);
    }
    for (String union : List.of("oneOf", "anyOf")) {
      if (schema.has(union) && !schema.has("properties")) {
        return generate(file, schema.get(union).get(0), depth + 1);
      }
    }
    if (schema.has("default") && !schema.get("default").isObject()) {
      return schema.get("default");
    }
    if (schema.has("enum")) {
      return schema.get("enum").get(0);
    }
    String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
    return switch (type) {
      case "object" -> {
        ObjectNode out = Api.JSON.createObjectNode();
        for (JsonNode required : schema.path("required")) {
          JsonNode property = schema.path("properties").path(required.asText());
          if (!property.isMissingNode()) {
            out.set(required.asText(), generate(file, property, depth + 1));
          }
        }
        yield out;
      }
      case "array" -> Api.JSON.createArrayNode();
      case "integer" -> Api.JSON.getNodeFactory().numberNode(schema.path("minimum").asInt(1));
      case "number" -> Api.JSON.getNodeFactory().numberNode(1);
      case "boolean" -> Api.JSON.getNodeFactory().booleanNode(false);
      default -> Api.JSON.getNodeFactory().textNode(switch (schema.path("format").asText()) {
        case "uri" -> "https://example.com/x";
        case "email" -> "someone@example.com";
        case "password" -> "a-secret";
        default -> "value";
      });
    };
  }

  private static JsonNode resolve(String file, JsonNode node) {
    while (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      String target = ref.startsWith("#") ? file : URI.create(file).resolve(ref.replaceFirst("#.*$", "")).normalize().toString();
      String fragment = ref.contains("#") ? ref.substring(ref.indexOf('#') + 1) : "";
      file = target;
      node = fragment.isEmpty() ? read(target) : read(target).at(fragment);
    }
    return node;
  }

  static JsonNode read(String resource) {
    try (InputStream in = ConnectionSchemaIT.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return Api.JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
