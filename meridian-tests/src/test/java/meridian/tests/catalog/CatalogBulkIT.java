package meridian.tests.catalog;

import static meridian.tests.catalog.Tree.DATABASES;
import static meridian.tests.catalog.Tree.SCHEMAS;
import static meridian.tests.catalog.Tree.SERVICES;
import static meridian.tests.catalog.Tree.TABLES;
import static meridian.tests.catalog.Tree.column;
import static meridian.tests.catalog.Tree.created;
import static meridian.tests.catalog.Tree.ok;
import static meridian.tests.catalog.Tree.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import org.junit.jupiter.api.Test;

/**
 * {@code PUT …/bulk} for databases, schemas and tables (catalog spec §8; contract §5): each item a
 * PUT with its own outcome, named by its FQN; the asynchronous form as a job; the services' limits;
 * and an item too large to be an entity failing alone (the defect found from outside in step 5).
 */
class CatalogBulkIT extends ServerIT {
  @Test
  void eachItemIsAPutWithItsOwnOutcomeNamedByItsFqn() {
    Api admin = server.admin();
    String schema = Tree.schema(admin, "bulk").get("fullyQualifiedName").asText();
    ArrayNode items = Api.JSON.createArrayNode();
    items.add(table(schema, "a", column("id", "INT"))).add(table("no.such.schema", "b", column("id", "INT")))
        .add(table(schema, "c", column("id", "INT"), column("id", "INT")));
    JsonNode result = ok(admin.put(TABLES + "/bulk", items.toString()));
    assertThat(result.get("status").asText()).isEqualTo("partialSuccess");
    assertThat(result.get("numberOfRowsProcessed").asInt()).isEqualTo(3);
    assertThat(result.at("/successRequest/0/request").asText()).isEqualTo(schema + ".a");
    assertThat(result.at("/successRequest/0/message").asText()).isEqualTo("created");
    assertThat(result.at("/successRequest/0/status").asInt()).isEqualTo(201);
    assertThat(result.at("/failedRequest/0/request").asText()).isEqualTo("no.such.schema.b");
    assertThat(result.at("/failedRequest/0/message").asText()).isEqualTo("databaseSchema instance for no.such.schema not found");
    assertThat(result.at("/failedRequest/0/status").asInt()).isEqualTo(404);
    assertThat(result.at("/failedRequest/1/message").asText()).isEqualTo("Column name id is repeated");
    assertThat(admin.get(TABLES + "/name/" + schema + ".c").status()).isEqualTo(404);

    String db = schema.substring(0, schema.lastIndexOf('.'));
    JsonNode schemas = ok(admin.put(SCHEMAS + "/bulk", "[{\"name\":\"s2\",\"database\":\"" + db + "\"},{\"name\":\"s3\",\"database\":\"" + db + "\"}]"));
    assertThat(schemas.get("numberOfRowsPassed").asInt()).isEqualTo(2);
    String service = db.substring(0, db.lastIndexOf('.'));
    JsonNode databases = ok(admin.put(DATABASES + "/bulk", "[{\"name\":\"db2\",\"service\":\"" + service + "\"}]"));
    assertThat(databases.at("/successRequest/0/request").asText()).isEqualTo(service + ".db2");
  }

  @Test
  void aBotsBulkKeepsWhatUsersCuratedAndMergesTags() {
    Api admin = server.admin();
    String schema = Tree.schema(admin, "curated").get("fullyQualifiedName").asText();
    ObjectNode request = table(schema, "t", column("id", "INT")).put("description", "written by a person");
    request.putArray("tags").addObject().put("tagFQN", "PII.Sensitive");
    created(admin.post(TABLES, request.toString()));
    ObjectNode fromSource = table(schema, "t", column("id", "INT")).put("description", "from the source");
    fromSource.putArray("tags").addObject().put("tagFQN", "Tier.Tier1");
    JsonNode result = ok(server.bot().put(TABLES + "/bulk", Api.JSON.createArrayNode().add(fromSource).toString()));
    assertThat(result.at("/successRequest/0/message").asText()).isEqualTo("updated");
    JsonNode stored = ok(admin.get(TABLES + "/name/" + schema + ".t?fields=tags"));
    assertThat(stored.get("description").asText()).isEqualTo("written by a person");
    assertThat(stored.get("tags").findValuesAsText("tagFQN")).containsExactly("PII.Sensitive", "Tier.Tier1");
    fromSource.put("description", "the admin's");
    ok(admin.put(TABLES + "/bulk", Api.JSON.createArrayNode().add(fromSource).toString()));
    assertThat(ok(admin.get(TABLES + "/name/" + schema + ".t")).get("description").asText()).isEqualTo("the admin's");
  }

  @Test
  void theAsynchronousFormIsAJobAndTheLimitIsTenThousand() {
    Api admin = server.admin();
    String schema = Tree.schema(admin, "asyncbulk").get("fullyQualifiedName").asText();
    ArrayNode items = Api.JSON.createArrayNode();
    for (int i = 0; i < 1_200; i++) {
      items.add(table(schema, "t" + i, column("id", "INT")));
    }
    Api.Response accepted = admin.put(TABLES + "/bulk?async=true", items.toString());
    assertThat(accepted.status()).isEqualTo(202);
    String job = accepted.json().get("jobId").asText();
    JsonNode state = RecursiveDeleteIT.await(admin, job, Duration.ofSeconds(60));
    assertThat(state.get("kind").asText()).isEqualTo("bulk");
    assertThat(state.get("entityType").asText()).isEqualTo("table");
    assertThat(state.at("/result/numberOfRowsPassed").asInt()).isEqualTo(1_200);
    assertThat(ok(admin.get(TABLES + "/bulk/" + job)).get("numberOfRowsPassed").asInt()).isEqualTo(1_200);
    assertThat(admin.get(SERVICES + "/bulk/" + job).status()).as("a table job is not a service job").isEqualTo(404);
    assertThat(ok(admin.get(TABLES + "?databaseSchema=" + schema + "&limit=0")).at("/paging/total").asInt()).isEqualTo(1_200);

    ArrayNode tooMany = Api.JSON.createArrayNode();
    for (int i = 0; i <= 10_000; i++) {
      tooMany.addObject().put("name", "x" + i);
    }
    Api.Response refused = admin.put(TABLES + "/bulk", tooMany.toString());
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.json().get("message").asText()).isEqualTo("Bulk size limit per request reached for entity type: table");
  }

  @Test
  void anItemTooLargeToBeAnEntityFailsAloneAndTheRestGoOn() {
    Api admin = server.admin();
    String big = "x".repeat(20 * 1024 * 1024);
    ArrayNode items = Api.JSON.createArrayNode();
    String first = Fixtures.uniqueName("small");
    String huge = Fixtures.uniqueName("huge");
    String last = Fixtures.uniqueName("small");
    items.add(Fixtures.minimal(first)).add(Fixtures.minimal(huge).put("description", big)).add(Fixtures.minimal(last));
    Api.Response response = admin.put(SERVICES + "/bulk", items.toString());
    assertThat(response.status()).as(response.body().length() > 500 ? response.body().substring(0, 500) : response.body()).isEqualTo(200);
    JsonNode result = response.json();
    assertThat(result.get("numberOfRowsPassed").asInt()).isEqualTo(2);
    assertThat(result.at("/failedRequest/0/request").asText()).isEqualTo(huge);
    assertThat(result.at("/failedRequest/0/status").asInt()).isEqualTo(413);
    assertThat(result.at("/failedRequest/0/message").asText()).contains("at most 16777216 bytes (16 MiB)");
    assertThat(admin.get(SERVICES + "/name/" + last).status()).isEqualTo(200);
    assertThat(admin.get(SERVICES + "/name/" + huge + "?include=all").status()).isEqualTo(404);
  }
}
