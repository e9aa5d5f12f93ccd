package meridian.tests.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import meridian.server.Catalog;
import meridian.server.MeridianConfig;
import meridian.tests.Api;
import meridian.tests.ServerProcess;
import meridian.tests.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recursive delete killed in the middle finishes by itself (issue 14, part 3): the server running
 * it is SIGKILLed with part of a service's tables gone; at that moment nothing is an orphan (the walk
 * removes children before their parent); a server started again on the store takes the job over
 * once its lease has run out and finishes it, and the job says so.
 */
class RecursiveDeleteKillIT {
  @TempDir Path dir;

  @Test
  void aRecursiveDeleteKilledHalfWayIsFinishedByTheNextServer() throws Exception {
    try (TestStore store = TestStore.fresh()) {
      MeridianConfig config = DurabilityIT.TestServerConfigs.of(dir, store);
      ServerProcess first = ServerProcess.start(config);
      String token = ServerProcess.token(config, Catalog.ADMIN);
      Api admin = first.api(token);
      String service = "killed";
      assertThat(admin.post("/api/v1/services/databaseServices", "{\"name\":\"killed\",\"serviceType\":\"Mysql\"}").status()).isEqualTo(201);
      assertThat(admin.post("/api/v1/databases", "{\"name\":\"db\",\"service\":\"killed\"}").status()).isEqualTo(201);
      for (String schema : new String[] {"a", "b"}) {
        assertThat(admin.post("/api/v1/databaseSchemas", "{\"name\":\"" + schema + "\",\"database\":\"killed.db\"}").status()).isEqualTo(201);
        for (int from = 0; from < 10_000; from += 5_000) {
          ArrayNode items = Api.JSON.createArrayNode();
          for (int i = from; i < from + 5_000; i++) {
            items.addObject().put("name", "t" + i).put("databaseSchema", service + ".db." + schema).putArray("columns").addObject()
                .put("name", "id").put("dataType", "INT");
          }
          assertThat(admin.put("/api/v1/tables/bulk", items.toString()).json().get("numberOfRowsPassed").asInt()).isEqualTo(5_000);
        }
      }
      String id = admin.get("/api/v1/services/databaseServices/name/killed").json().get("id").asText();
      String job = admin.delete("/api/v1/services/databaseServices/async/" + id + "?recursive=true&hardDelete=true").json().get("jobId").asText();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      JsonNode state;
      do {
        LockSupport.parkNanos(5_000_000);
        state = admin.get("/api/v1/jobs/" + job).json();
      } while (state.get("done").asInt() < 2_000 && state.get("state").asText().equals("running") && System.nanoTime() < deadline);
      first.kill9();
      assertThat(state.get("state").asText()).as("killed while it ran").isEqualTo("running");

      long orphans = count(config, "SELECT COUNT(*) FROM table_entity t WHERE NOT EXISTS"
          + " (SELECT 1 FROM database_schema_entity s WHERE s.id = t.parent_id)");
      long left = count(config, "SELECT COUNT(*) FROM table_entity");
      assertThat(orphans).as("no table outlives its schema, whenever the walk stops").isZero();
      assertThat(left).as("the walk was part way").isBetween(1L, 19_999L);

      try (ServerProcess second = ServerProcess.start(config)) {
        Api again = second.api(token);
        deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        do {
          LockSupport.parkNanos(200_000_000);
          state = again.get("/api/v1/jobs/" + job).json();
        } while (state.get("state").asText().equals("running") && System.nanoTime() < deadline);
        assertThat(state.get("state").asText()).as(state.toString()).isEqualTo("completed");
        assertThat(state.at("/result/change").asText()).isEqualTo("entityDeleted");
        assertThat(again.get("/api/v1/services/databaseServices/" + id + "?include=all").status()).isEqualTo(404);
        for (String kind : new String[] {"tables", "databaseSchemas", "databases"}) {
          assertThat(again.get("/api/v1/" + kind + "?include=all&limit=0").json().at("/paging/total").asInt()).as(kind).isZero();
        }
        assertThat(count(config, "SELECT COUNT(*) FROM table_entity")).isZero();
        assertThat(count(config, "SELECT COUNT(*) FROM entity_version WHERE entity_type = 'table'")).isZero();
      }
    }
  }

  private static long count(MeridianConfig config, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(config.database().jdbcUrl(), config.databaseUser(), config.databasePassword());
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
