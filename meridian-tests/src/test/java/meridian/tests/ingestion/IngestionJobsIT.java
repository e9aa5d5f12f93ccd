package meridian.tests.ingestion;

import static meridian.tests.ingestion.IngestionRunIT.PG_ADMIN;
import static meridian.tests.ingestion.IngestionRunIT.ok;
import static meridian.tests.ingestion.IngestionRunIT.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import meridian.server.Catalog;
import meridian.tests.Api;
import meridian.tests.ServerProcess;
import meridian.tests.TestServer;
import meridian.tests.TestStore;
import meridian.tests.connections.Configs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run as a job (issue 16 §2), on a source large enough to watch it go: one run per pipeline at a
 * time, kill ends it at once as failed, and a replica killed mid-run (kill -9) has its run finished
 * by another, every table catalogued once.
 */
class IngestionJobsIT {
  static final int TABLES = 4000;
  static final String DB = "meridian_ingjobs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  static final String PIPELINES = IngestionPipelineIT.PIPELINES;

  @BeforeAll
  static void seed() throws SQLException {
    sql(PG_ADMIN + "postgres", "postgres", "CREATE DATABASE " + DB);
    sql(PG_ADMIN + DB, "postgres", "CREATE SCHEMA big");
    // 500 tables a transaction: one transaction creating them all runs out of lock slots.
    for (int from = 1; from <= TABLES; from += 500) {
      sql(PG_ADMIN + DB, "postgres", "DO $$ BEGIN FOR i IN " + from + ".." + Math.min(TABLES, from + 499)
          + " LOOP EXECUTE format('CREATE TABLE big.t%s (id BIGINT PRIMARY KEY, a TEXT, b INTEGER, c NUMERIC(10,2), d TIMESTAMP)', i);"
          + " END LOOP; END $$");
    }
  }

  @AfterAll
  static void drop() throws SQLException {
    sql(PG_ADMIN + "postgres", "postgres", "DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
  }

  static JsonNode pipeline(Api api, String service) {
    JsonNode svc = ok(api.post(IngestionPipelineIT.SERVICES, Configs.postgres(service, DB).toString()), 201);
    ObjectNode body = IngestionPipelineIT.pipeline(svc, "metadata");
    ObjectNode config = Api.JSON.createObjectNode();
    config.putObject("schemaFilterPattern").putArray("includes").add("^big$");
    body.putObject("sourceConfig").set("config", config);
    body.putObject("airflowConfig");
    return ok(api.post(PIPELINES, body.toString()), 201);
  }

  static String runOf(JsonNode triggered) {
    return triggered.get("reason").asText().replaceAll(".*run ", "");
  }

  /** The run's status once it says {@code state}, waiting up to {@code seconds}. */
  static JsonNode awaitState(Api api, String fqn, String run, String state, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Api.Response status = api.get(PIPELINES + "/" + fqn + "/pipelineStatus/" + run);
      if (status.status() == 200) {
        last = status.json();
        if (last.path("pipelineState").asText().equals(state)) {
          return last;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("run " + run + " did not become " + state + " in " + seconds + " s; last status " + last);
  }

  @Test
  void oneRunAtATimeAndKillEndsItAtOnce() throws Exception {
    try (TestServer server = TestServer.start(c -> c)) {
      Api admin = server.admin();
      JsonNode pipeline = pipeline(admin, "jobs_" + UUID.randomUUID().toString().substring(0, 8));
      String id = pipeline.get("id").asText();
      String fqn = pipeline.get("fullyQualifiedName").asText();
      String run = runOf(ok(admin.post(PIPELINES + "/trigger/" + id, ""), 200));

      Api.Response second = admin.post(PIPELINES + "/trigger/" + id, "");
      assertThat(second.status()).as(second.toString()).isEqualTo(409);
      assertThat(second.json().get("message").asText()).contains("is already running").contains(run);

      JsonNode killed = ok(admin.post(PIPELINES + "/kill/" + id, ""), 200);
      assertThat(killed.get("reason").asText()).contains("has been killed");
      JsonNode status = awaitState(admin, fqn, run, "failed", 5);
      assertThat(status.at("/status/0/failures/0/error").asText()).isEqualTo("Killed by admin");
      assertThat(ok(admin.get("/api/v1/jobs/" + run), 200).get("state").asText()).isEqualTo("failed");

      // The pipeline is free again, and the killed run's worker stopped without overwriting its status.
      String next = runOf(ok(admin.post(PIPELINES + "/trigger/" + id, ""), 200));
      assertThat(awaitState(admin, fqn, next, "success", 120).at("/status/0/records").asInt()).isGreaterThanOrEqualTo(TABLES);
      assertThat(awaitState(admin, fqn, run, "failed", 1).get("pipelineState").asText()).isEqualTo("failed");

      // Deleting the pipeline (soft) ends its run; restored, it shows that run as failed, not running.
      String third = runOf(ok(admin.post(PIPELINES + "/trigger/" + id, ""), 200));
      ok(admin.delete(PIPELINES + "/" + id), 200);
      JsonNode job = ok(admin.get("/api/v1/jobs/" + third), 200);
      assertThat(job.get("state").asText()).isEqualTo("failed");
      assertThat(job.toString()).contains("the ingestion pipeline was deleted");
      ok(admin.put(PIPELINES + "/restore", "{\"id\":\"" + id + "\"}"), 200);
      assertThat(awaitState(admin, fqn, third, "failed", 5).get("endDate").asLong()).isPositive();
    }
  }

  @Test
  void aReplicaKilledMidRunHasItsRunFinishedByAnother() throws Exception {
    assumeTrue(TestStore.current().external(), "replicas share an external database; the embedded store is one process's");
    try (TestServer first = TestServer.start(c -> c); TestServer second = first.replica();
         ServerProcess doomed = ServerProcess.start(second.config())) {
      Api survivor = first.admin();
      JsonNode pipeline = pipeline(survivor, "takeover_" + UUID.randomUUID().toString().substring(0, 8));
      String fqn = pipeline.get("fullyQualifiedName").asText();
      Api victim = doomed.api(first.token(Catalog.ADMIN, Duration.ofMinutes(10)));
      String run = runOf(ok(victim.post(PIPELINES + "/trigger/" + pipeline.get("id").asText(), ""), 200));
      // Under way on the doomed replica (some tables written), then kill -9.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline
          && survivor.get(PIPELINES + "/" + fqn + "/pipelineStatus/" + run).json().at("/status/0/records").asInt() == 0) {
        Thread.sleep(20);
      }
      doomed.kill9();

      JsonNode done = awaitState(survivor, fqn, run, "success", 120);
      assertThat(done.at("/status/0/records").asInt()).isGreaterThanOrEqualTo(TABLES);
      // The job ends just after the run's final status is written (its result holds the run's log).
      assertThat(meridian.tests.JobWait.await(survivor, run, Duration.ofSeconds(10)).get("state").asText())
          .isEqualTo("completed");
      JsonNode tables = ok(survivor.get("/api/v1/tables?databaseSchema=" + pipeline.at("/service/name").asText() + "." + DB
          + ".big&limit=1"), 200);
      assertThat(tables.at("/paging/total").asInt()).as("every table catalogued once").isEqualTo(TABLES);
    }
  }
}
