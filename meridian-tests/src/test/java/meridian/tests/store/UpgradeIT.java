package meridian.tests.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import meridian.server.MeridianConfig;
import meridian.store.Dialect;
import meridian.tests.Api;
import meridian.tests.TestServer;
import meridian.tests.TestStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by the release before containment (schema 007) opens in this build, on every
 * store (issue 14, part 1): the migrations give tags and sub-domains their parent ids, write their
 * ancestors into their documents, move the bulk jobs into the job table and keep every total; the
 * catalog then reads as it did and takes the new kinds. The rows are those that release wrote
 * through its own API ({@code upgrade/v007-catalog.sql}).
 */
class UpgradeIT {
  @TempDir Path dir;

  @Test
  void aStoreWrittenAtSchema007IsMigratedAndReadsAsBefore() throws Exception {
    try (TestStore store = TestStore.fresh()) {
      MeridianConfig config = DurabilityIT.TestServerConfigs.of(dir, store);
      String url = config.database().jdbcUrl();
      Flyway.configure().dataSource(url, config.databaseUser(), config.databasePassword())
          .locations(Dialect.fromJdbcUrl(url).migrationLocation()).target("7").load().migrate();
      try (Connection db = DriverManager.getConnection(url, config.databaseUser(), config.databasePassword());
          Statement s = db.createStatement()) {
        if (Dialect.fromJdbcUrl(url) == Dialect.MARIADB) {
          // The file's literals are standard SQL: a backslash is a backslash (JSON escapes its quotes with one).
          s.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')");
        }
        for (String statement : statements("/upgrade/v007-catalog.sql")) {
          s.execute(statement);
        }
      }

      try (TestServer server = TestServer.start(config)) {
        Api admin = server.admin();
        String services = "/api/v1/services/databaseServices";
        // What the old catalog held, as it was.
        JsonNode warehouse = admin.get(services + "/name/warehouse?fields=owners,tags,domains,followers").json();
        assertThat(warehouse.get("version").asDouble()).isEqualTo(0.2);
        assertThat(warehouse.get("description").asText()).isEqualTo("second");
        assertThat(warehouse.at("/owners/0/name").asText()).isEqualTo("ana");
        assertThat(warehouse.at("/tags/0/tagFQN").asText()).isEqualTo("Quality.Gold.Audited");
        assertThat(warehouse.at("/domains/0/name").asText()).isEqualTo("Finance");
        assertThat(warehouse.at("/followers/0/name").asText()).isEqualTo("ana");
        JsonNode history = admin.get(services + "/" + warehouse.get("id").asText() + "/versions").json();
        assertThat(history.get("versions")).hasSize(2);
        assertThat(admin.get(services + "/name/a.b").json().get("fullyQualifiedName").asText()).isEqualTo("\"a.b\"");
        assertThat(admin.get(services + "/name/retired").status()).isEqualTo(404);
        assertThat(admin.get(services + "/name/retired?include=deleted").json().get("deleted").asBoolean()).isTrue();
        ListTotals.assertExact(admin);

        // Tags and sub-domains now sit in the containment tree: their documents name their ancestors.
        JsonNode nested = admin.get("/api/v1/tags/name/Quality.Gold.Audited").json();
        assertThat(nested.at("/parent/fullyQualifiedName").asText()).isEqualTo("Quality.Gold");
        assertThat(nested.at("/classification/fullyQualifiedName").asText()).isEqualTo("Quality");
        JsonNode gold = admin.get("/api/v1/tags/name/Quality.Gold?fields=children,usageCount").json();
        assertThat(gold.has("parent")).as("a top-level tag has no parent member, as OM leaves out a null").isFalse();
        assertThat(gold.at("/children/0/name").asText()).isEqualTo("Audited");
        assertThat(gold.get("usageCount").asInt()).as("the service's use of the nested tag").isEqualTo(1);
        assertThat(admin.get("/api/v1/tags?parent=Quality").json().at("/paging/total").asInt()).isEqualTo(2);
        JsonNode quality = admin.get("/api/v1/classifications/name/Quality?fields=termCount").json();
        assertThat(quality.get("termCount").asInt()).isEqualTo(2);
        assertThat(admin.send("DELETE", "/api/v1/classifications/" + quality.get("id").asText(), null, java.util.Map.of()).status())
            .as("a classification with tags is not empty").isEqualTo(400);
        JsonNode payroll = admin.get("/api/v1/domains/name/Finance.Payroll").json();
        assertThat(payroll.at("/parent/name").asText()).isEqualTo("Finance");
        assertThat(admin.get("/api/v1/domains/name/Finance?fields=children,childrenCount").json().get("childrenCount").asInt())
            .isEqualTo(1);

        // The bulk jobs moved into the job table and still answer where they did.
        String job = "8e2abb22-e247-467e-87f0-92266d7d6575";
        Api.Response bulk = admin.get(services + "/bulk/" + job);
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.json().get("numberOfRowsPassed").asInt()).isEqualTo(2);
        JsonNode asJob = admin.get("/api/v1/jobs/" + job).json();
        assertThat(asJob.get("kind").asText()).isEqualTo("bulk");
        assertThat(asJob.get("state").asText()).isEqualTo("completed");

        // And the old services take the catalog under them.
        Api.Response database = admin.post("/api/v1/databases", "{\"name\":\"sales\",\"service\":\"warehouse\"}");
        assertThat(database.status()).as(database.toString()).isEqualTo(201);
        assertThat(database.json().get("fullyQualifiedName").asText()).isEqualTo("warehouse.sales");
        Api.Response dotted = admin.post("/api/v1/databases", "{\"name\":\"db\",\"service\":\"\\\"a.b\\\"\"}");
        assertThat(dotted.status()).as(dotted.toString()).isEqualTo(201);
        assertThat(dotted.json().get("fullyQualifiedName").asText()).isEqualTo("\"a.b\".db");
        assertThat(admin.get(services + "/name/warehouse").json().get("version").asDouble()).as("a child does not bump its parent")
            .isEqualTo(0.2);
      }
    }
  }

  private static List<String> statements(String resource) throws IOException {
    try (InputStream in = UpgradeIT.class.getResourceAsStream(resource)) {
      List<String> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("INSERT")) {
          out.add(line.substring(0, line.length() - 1));
        }
      }
      return out;
    }
  }
}
