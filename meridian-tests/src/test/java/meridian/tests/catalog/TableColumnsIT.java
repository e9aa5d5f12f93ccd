package meridian.tests.catalog;

import static meridian.tests.catalog.Tree.TABLES;
import static meridian.tests.catalog.Tree.column;
import static meridian.tests.catalog.Tree.created;
import static meridian.tests.catalog.Tree.ok;
import static meridian.tests.catalog.Tree.refused;
import static meridian.tests.catalog.Tree.table;
import static meridian.tests.catalog.Tree.varchar;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A table's columns (catalog spec §2.7–2.11, §5.4–5.6): OM's checks and messages, OM's
 * normalisation, the column rules of PUT and PATCH with their change descriptions and major
 * versions — the worked example of §5.6 row by row — column tags, and table constraints.
 */
class TableColumnsIT extends ServerIT {
  static String schema;

  @BeforeAll
  static void aSchema() {
    schema = Tree.schema(server.admin(), "columns").get("fullyQualifiedName").asText();
  }

  private static Api.Response post(ObjectNode request) {
    return server.admin().post(TABLES, request.toString());
  }

  @Test
  void omsChecksOnColumnsWithOmsMessages() {
    String name = Fixtures.uniqueName("bad");
    for (String type : new String[] {"CHAR", "VARCHAR", "BINARY", "VARBINARY"}) {
      assertThat(refused(post(table(schema, name, column("c1", type))), 400))
          .isEqualTo("For column data types char, varchar, binary, varbinary dataLength must not be null");
    }
    assertThat(refused(post(table(schema, name, column("c1", "DECIMAL").put("scale", 2))), 400))
        .isEqualTo("Scale is set but precision is not set for the column c1");
    assertThat(refused(post(table(schema, name, column("c1", "DECIMAL").put("precision", 2).put("scale", 3))), 400))
        .isEqualTo("Scale can't be greater than the precision for the column c1");
    assertThat(refused(post(table(schema, name, column("c1", "ARRAY"))), 400))
        .isEqualTo("For column data type array, arrayDataType must not be null");
    assertThat(refused(post(table(schema, name, column("c1", "STRUCT"))), 400))
        .isEqualTo("For column data type struct, children must not be null");
    assertThat(refused(post(table(schema, name, column("c1", "INT"), column("c1", "INT"))), 400)).isEqualTo("Column name c1 is repeated");
    assertThat(refused(post(table(schema, name, column("c1", "INT").put("constraint", "PRIMARY_KEY"),
        column("c2", "INT").put("constraint", "PRIMARY_KEY"))), 400)).isEqualTo("Multiple columns tagged with primary key constraints");
    assertThat(refused(post(table(schema, name, column("c1", "WHATEVER"))), 400)).contains("columns[0].dataType").contains("WHATEVER");
    assertThat(refused(post(table(schema, name, Api.JSON.createObjectNode().put("name", "c1"))), 400))
        .isEqualTo("[query param columns[0].dataType must not be null]");
    assertThat(refused(post(table(schema, name, column("a::b", "INT"))), 400)).contains("columns[0].name");
    ObjectNode constrained = table(schema, name, column("c1", "INT").put("constraint", "PRIMARY_KEY"));
    constrained.putArray("tableConstraints").addObject().put("constraintType", "PRIMARY_KEY").putArray("columns").add("c1");
    assertThat(refused(post(constrained), 400))
        .isEqualTo("A column already tagged as a primary key and table constraint also includes primary key");
    ObjectNode twice = table(schema, name, column("c1", "INT"));
    ArrayNode constraints = twice.putArray("tableConstraints");
    constraints.addObject().put("constraintType", "UNIQUE").putArray("columns").add("c1");
    constraints.addObject().put("constraintType", "UNIQUE").putArray("columns").add("c1");
    Api.Response duplicate = post(twice);
    assertThat(refused(duplicate, 400)).startsWith("Duplicate constraint found in request: ");
    ObjectNode unknown = table(schema, name, column("c1", "INT"));
    unknown.putArray("tableConstraints").addObject().put("constraintType", "UNIQUE").putArray("columns").add("nope");
    assertThat(refused(post(unknown), 400)).isEqualTo("Invalid column name found in table constraint");
    ObjectNode partition = table(schema, name, column("c1", "INT"));
    partition.putObject("tablePartition").putArray("columns").addObject().put("columnName", "nope").put("intervalType", "TIME-UNIT");
    assertThat(refused(post(partition), 400)).isEqualTo("Invalid column name found in table partition");
    ObjectNode foreign = table(schema, name, column("c1", "INT"));
    foreign.putArray("tableConstraints").addObject().put("constraintType", "FOREIGN_KEY").<ObjectNode>set("columns",
        Api.JSON.createArrayNode().add("c1")).putArray("referredColumns").add("a.b.c");
    assertThat(refused(post(foreign), 400)).isEqualTo("Invalid fully qualified column name a.b.c");
    assertThat(refused(post(table(schema, name).put("tableType", "Nope")), 400)).contains("tableType").contains("Nope");
    assertThat(server.admin().get(TABLES + "/name/" + schema + "." + name).status()).as("nothing was written").isEqualTo(404);
  }

  @Test
  void columnsAreNormalisedAsOmDoes() {
    ObjectNode struct = column("c2", "STRUCT");
    struct.putArray("children").add(column("a", "INT")).add(column("b", "ARRAY").put("arrayDataType", "INT").put("dataTypeDisplay", "ARRAY<INT>"));
    JsonNode t = created(post(table(schema, Fixtures.uniqueName("norm"), column("c1", "BIGINT").put("arrayDataType", "INT")
        .put("fullyQualifiedName", "made.up"), struct)));
    String fqn = t.get("fullyQualifiedName").asText();
    assertThat(t.at("/columns/0/dataTypeDisplay").asText()).isEqualTo("bigint");
    assertThat(t.at("/columns/0").has("arrayDataType")).as("only arrays keep arrayDataType").isFalse();
    assertThat(t.at("/columns/0/fullyQualifiedName").asText()).isEqualTo(fqn + ".c1");
    assertThat(t.at("/columns/1/children/1/fullyQualifiedName").asText()).isEqualTo(fqn + ".c2.b");
    assertThat(t.at("/columns/1/children/1/dataTypeDisplay").asText()).isEqualTo("array<int>");
  }

  /** Spec §5.6, row by row. */
  @Test
  void theWorkedExampleOfSection56() throws Exception {
    Api admin = server.admin();
    String name = Fixtures.uniqueName("worked");
    ObjectNode request = table(schema, name, column("c1", "INT"), varchar("c2", 10));
    JsonNode v1 = created(admin.post(TABLES, request.toString()));
    assertThat(v1.get("version").asDouble()).isEqualTo(0.1);
    assertThat(v1.has("changeDescription")).isFalse();
    String id = v1.get("id").asText();

    ((ArrayNode) request.get("columns")).add(column("c3", "INT"));
    JsonNode v2 = put(request, "entityUpdated", 0.2);
    assertThat(v2.at("/changeDescription/fieldsAdded/0/name").asText()).isEqualTo("columns");
    assertThat(Api.JSON.readTree(v2.at("/changeDescription/fieldsAdded/0/newValue").asText()).get(0).get("name").asText()).isEqualTo("c3");

    ((ObjectNode) request.get("columns").get(1)).put("dataLength", 20);
    JsonNode v3 = put(request, "entityUpdated", 0.3);
    assertThat(v3.at("/changeDescription/fieldsUpdated/0/name").asText()).isEqualTo("columns.c2.dataLength");
    assertThat(v3.at("/changeDescription/fieldsUpdated/0/oldValue").asInt()).isEqualTo(10);
    assertThat(v3.at("/changeDescription/fieldsUpdated/0/newValue").asInt()).isEqualTo(20);

    ((ObjectNode) request.get("columns").get(1)).put("dataLength", 10);
    JsonNode v4 = put(request, "entityUpdated", 1.3);
    assertThat(v4.at("/changeDescription/fieldsUpdated/0/name").asText()).as("a shorter length is major").isEqualTo("columns.c2.dataLength");

    ((ObjectNode) request.get("columns").get(0)).putArray("tags").addObject().put("tagFQN", "PII.Sensitive");
    JsonNode v5 = put(request, "entityUpdated", 1.4);
    assertThat(v5.at("/changeDescription/fieldsAdded/0/name").asText()).isEqualTo("columns.c1.tags");
    assertThat(v5.at("/changeDescription/fieldsAdded/0/newValue").asText()).contains("PII.Sensitive");

    ((ObjectNode) request.get("columns").get(0)).remove("tags");
    JsonNode v6 = put(request, "entityNoChange", 1.4);
    assertThat(ok(admin.get(TABLES + "/" + id + "?fields=tags")).at("/columns/0/tags/0/tagFQN").asText())
        .as("PUT merges column tags").isEqualTo("PII.Sensitive");
    assertThat(v6.get("version").asDouble()).isEqualTo(1.4);

    // Another user's PATCH (the admin's own would fold into the session and undo 1.4 altogether).
    JsonNode v7 = ok(server.bot().patch(TABLES + "/" + id, "[{\"op\":\"remove\",\"path\":\"/columns/0/tags/0\"}]"));
    assertThat(v7.get("version").asDouble()).isEqualTo(1.5);
    assertThat(v7.at("/changeDescription/fieldsDeleted/0/name").asText()).isEqualTo("columns.c1.tags");
    assertThat(ok(admin.get(TABLES + "/" + id + "?fields=tags")).at("/columns/0/tags")).isEmpty();

    ((ObjectNode) request.get("columns").get(0)).put("dataType", "BIGINT");
    JsonNode v8 = put(request, "entityUpdated", 2.5);
    assertThat(v8.at("/changeDescription/fieldsAdded/0/name").asText()).isEqualTo("columns");
    assertThat(v8.at("/changeDescription/fieldsAdded/0/newValue").asText()).contains("BIGINT");
    assertThat(v8.at("/changeDescription/fieldsDeleted/0/name").asText()).isEqualTo("columns");
    assertThat(v8.at("/changeDescription/fieldsDeleted/0/oldValue").asText()).contains("\"INT\"");

    ((ArrayNode) request.get("columns")).remove(2);
    JsonNode v9 = put(request, "entityUpdated", 3.5);
    assertThat(v9.at("/changeDescription/fieldsDeleted/0/oldValue").asText()).contains("c3");

    request.putArray("tableConstraints").addObject().put("constraintType", "UNIQUE").putArray("columns").add("c1");
    put(request, "entityUpdated", 3.6);
    put(request, "entityNoChange", 3.6);
    request.remove("tableConstraints");
    JsonNode v11 = put(request, "entityUpdated", 3.7);
    assertThat(v11.at("/changeDescription/fieldsDeleted/0/name").asText()).isEqualTo("tableConstraints");
  }

  private static JsonNode put(ObjectNode request, String change, double version) {
    Api.Response response = server.admin().put(TABLES, request.toString());
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.header("X-OpenMetadata-Change")).isEqualTo(change);
    assertThat(response.json().get("version").asDouble()).isEqualTo(version);
    return response.json();
  }

  @Test
  void orderOrdinalPositionAndTheCaseOfANameAloneAreNoChange() {
    String name = Fixtures.uniqueName("order");
    created(post(table(schema, name, column("c1", "INT").put("ordinalPosition", 1), column("c2", "INT").put("ordinalPosition", 2))));
    put(table(schema, name, column("C2", "INT").put("ordinalPosition", 1), column("C1", "INT").put("ordinalPosition", 2)), "entityNoChange", 0.1);
  }

  @Test
  void aBotsPutKeepsColumnDescriptionsAUsersReplacesThemAndATypeChangeKeepsOne() {
    String name = Fixtures.uniqueName("desc");
    ObjectNode request = table(schema, name, column("c1", "INT").put("description", "the key"), varchar("c2", 255).put("description", "text"));
    created(post(request));
    ObjectNode fromBot = table(schema, name, column("c1", "INT").put("description", "from the source"), varchar("c2", 255));
    Api.Response botPut = server.bot().put(TABLES, fromBot.toString());
    assertThat(botPut.header("X-OpenMetadata-Change")).isEqualTo("entityNoChange");
    JsonNode byUser = put(table(schema, name, column("c1", "INT").put("description", "edited"), varchar("c2", 255).put("description", "text")),
        "entityUpdated", 0.2);
    assertThat(byUser.at("/changeDescription/fieldsUpdated/0/name").asText()).isEqualTo("columns.c1.description");
    // The same user's PATCH in the session that undoes its last version's only change returns to the one before.
    JsonNode undone = ok(server.admin().patch(TABLES + "/name/" + schema + "." + name,
        "[{\"op\":\"replace\",\"path\":\"/columns/0/description\",\"value\":\"the key\"}]"));
    assertThat(undone.get("version").asDouble()).isEqualTo(0.1);
    byUser = put(table(schema, name, column("c1", "INT").put("description", "edited"), varchar("c2", 255).put("description", "text")),
        "entityUpdated", 0.2);
    // OM's put_columnUpdateWithDescriptionPersists_200: VARCHAR(255) becomes CHAR(200) without a description.
    JsonNode retyped = put(table(schema, name, column("c1", "INT").put("description", "edited"), column("c2", "CHAR").put("dataLength", 200)),
        "entityUpdated", 1.2);
    assertThat(retyped.at("/columns/1/description").asText()).isEqualTo("text");
  }

  @Test
  void columnTagsAreCheckedShownWhenAskedForAndCountedAsUses() {
    Api admin = server.admin();
    String name = Fixtures.uniqueName("tagged");
    ObjectNode unknown = table(schema, name, column("c1", "INT"));
    ((ObjectNode) unknown.get("columns").get(0)).putArray("tags").addObject().put("tagFQN", "invalidTag");
    assertThat(refused(post(unknown), 404)).isEqualTo("tag instance for invalidTag not found");
    ObjectNode exclusive = table(schema, name, column("c1", "INT"));
    ((ObjectNode) exclusive.get("columns").get(0)).putArray("tags").add(Api.JSON.createObjectNode().put("tagFQN", "PII.Sensitive"))
        .add(Api.JSON.createObjectNode().put("tagFQN", "PII.NonSensitive"));
    assertThat(refused(post(exclusive), 400)).contains("are mutually exclusive and can't be assigned together");

    String classification = Fixtures.uniqueName("Col");
    created(admin.post("/api/v1/classifications", "{\"name\":\"" + classification + "\",\"description\":\"d\"}"));
    created(admin.post("/api/v1/tags", "{\"name\":\"Gold\",\"description\":\"best\",\"classification\":\"" + classification + "\"}"));
    ObjectNode request = table(schema, name, column("c1", "INT"));
    ArrayNode tags = ((ObjectNode) request.get("columns").get(0)).putArray("tags");
    tags.addObject().put("tagFQN", classification + ".Gold").put("labelType", "Automated");
    tags.addObject().put("tagFQN", classification + ".Gold");
    JsonNode t = created(post(request));
    String id = t.get("id").asText();
    JsonNode plain = ok(admin.get(TABLES + "/" + id));
    assertThat(plain.at("/columns/0").has("tags")).as("column tags only with fields=tags").isFalse();
    JsonNode withTags = ok(admin.get(TABLES + "/" + id + "?fields=tags"));
    assertThat(withTags.at("/columns/0/tags")).as("a tag is stored once").hasSize(1);
    assertThat(withTags.at("/columns/0/tags/0/description").asText()).isEqualTo("best");
    assertThat(withTags.at("/columns/0/tags/0/labelType").asText()).isEqualTo("Automated");
    assertThat(ok(admin.get("/api/v1/tags/name/" + classification + ".Gold?fields=usageCount")).get("usageCount").asInt()).isEqualTo(1);
    JsonNode gold = ok(admin.get("/api/v1/tags/name/" + classification + ".Gold"));
    ok(admin.delete("/api/v1/tags/" + gold.get("id").asText()));
    assertThat(ok(admin.get(TABLES + "/" + id + "?fields=tags")).at("/columns/0/tags")).as("a deleted tag comes off").isEmpty();
    Api.Response again = admin.put(TABLES, request.toString());
    assertThat(again.status()).as("a label the table had does not stop its next write: " + again).isEqualTo(200);
    ObjectNode adding = table(schema, name, column("c1", "INT"), column("c2", "INT"));
    ((ObjectNode) adding.get("columns").get(1)).putArray("tags").addObject().put("tagFQN", classification + ".Gold");
    assertThat(refused(admin.put(TABLES, adding.toString()), 404)).as("a deleted tag can't be added").contains("tag instance for");
  }

  @Test
  void aPatchThatRemovesAConstrainedColumnDropsTheConstraint() {
    ObjectNode request = table(schema, Fixtures.uniqueName("pk"), column("id", "INT"), column("other", "INT"));
    request.putArray("tableConstraints").addObject().put("constraintType", "PRIMARY_KEY").putArray("columns").add("id");
    JsonNode t = created(post(request));
    JsonNode patched = ok(server.admin().patch(TABLES + "/" + t.get("id").asText(), "[{\"op\":\"remove\",\"path\":\"/columns/0\"}]"));
    assertThat(patched.get("version").asDouble()).as("a removed column is major").isEqualTo(1.1);
    JsonNode stored = ok(server.admin().get(TABLES + "/" + t.get("id").asText() + "?fields=tableConstraints"));
    assertThat(stored.has("tableConstraints")).isFalse();
    assertThat(stored.get("columns")).hasSize(1);
  }

  @Test
  void constraintsComeBackOnlyWhenAskedForAndAnEditIsADeleteAndAnAdd() {
    ObjectNode request = table(schema, Fixtures.uniqueName("uniq"), column("a", "INT"), column("b", "INT"));
    request.putArray("tableConstraints").addObject().put("constraintType", "UNIQUE").putArray("columns").add("a");
    JsonNode t = created(post(request));
    assertThat(ok(server.admin().get(TABLES + "/" + t.get("id").asText())).has("tableConstraints")).isFalse();
    request.putArray("tableConstraints").addObject().put("constraintType", "UNIQUE").putArray("columns").add("b");
    JsonNode replaced = put(request, "entityUpdated", 0.2);
    assertThat(replaced.at("/changeDescription/fieldsAdded/0/name").asText()).isEqualTo("tableConstraints");
    assertThat(replaced.at("/changeDescription/fieldsDeleted/0/name").asText()).isEqualTo("tableConstraints");
    assertThat(ok(server.admin().get(TABLES + "/" + t.get("id").asText() + "?fields=tableConstraints")).at("/tableConstraints/0/columns/0")
        .asText()).isEqualTo("b");
  }
}
