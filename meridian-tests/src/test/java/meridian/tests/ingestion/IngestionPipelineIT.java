package meridian.tests.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import org.junit.jupiter.api.Test;

/**
 * OM's ingestion pipeline API (ingestion spec §3.1–3.2, issue 16 part 1) as OM's UI drives it: a
 * metadata pipeline created under a service named by reference, checked when written, deployed,
 * paused, with its runs' statuses kept and listed; a child of its service for delete.
 */
public class IngestionPipelineIT extends ServerIT {
  static final String SERVICES = "/api/v1/services/databaseServices";
  static final String PIPELINES = "/api/v1/services/ingestionPipelines";

  private static JsonNode ok(Api.Response response, int status) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    return response.json();
  }

  private static String refused(Api.Response response, int status) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    return response.json().get("message").asText();
  }

  private static JsonNode service(Api api) {
    return ok(api.post(SERVICES, Fixtures.minimal(Fixtures.uniqueName("ing")).toString()), 201);
  }

  /** The body OM's UI sends (spec §3.5), the service named by reference. */
  public static ObjectNode pipeline(JsonNode service, String name) {
    ObjectNode body = Api.JSON.createObjectNode();
    body.put("name", name);
    body.put("pipelineType", "metadata");
    body.putObject("service").put("id", service.get("id").asText()).put("type", "databaseService");
    ObjectNode config = body.putObject("sourceConfig").putObject("config");
    config.put("type", "DatabaseMetadata");
    config.put("includeViews", true);
    config.putObject("schemaFilterPattern").putArray("excludes").add("^information_schema$").add("^pg_temp");
    config.putObject("tableFilterPattern").putArray("includes").add("^orders").add("^customers$");
    config.put("markDeletedTables", true);
    config.put("overrideMetadata", false);
    body.putObject("airflowConfig").put("scheduleInterval", "0 2 * * *").put("startDate", "2024-01-01T00:00:00.000Z");
    body.put("loggerLevel", "DEBUG");
    return body;
  }

  @Test
  void aMetadataPipelineIsAChildOfItsServiceNamedByReferenceOrFqn() {
    Api admin = server.admin();
    // A service created with a connection gets no pipeline unless one is asked for.
    JsonNode connected = ok(admin.post(SERVICES, meridian.tests.connections.Configs.postgres(Fixtures.uniqueName("conn"), "postgres")
        .toString()), 201);
    assertThat(ok(admin.get(PIPELINES + "?service=" + connected.get("name").asText()), 200).at("/paging/total").asInt()).isZero();
    JsonNode svc = service(admin);
    String service = svc.get("name").asText();
    JsonNode created = ok(admin.post(PIPELINES, pipeline(svc, "pg_metadata").toString()), 201);
    assertThat(created.get("fullyQualifiedName").asText()).isEqualTo(service + ".pg_metadata");
    assertThat(created.at("/service/id").asText()).isEqualTo(svc.get("id").asText());
    assertThat(created.at("/service/type").asText()).isEqualTo("databaseService");
    assertThat(created.get("deployed").asBoolean()).isFalse();
    assertThat(created.get("enabled").asBoolean()).isTrue();
    assertThat(created.get("loggerLevel").asText()).isEqualTo("DEBUG");
    assertThat(created.at("/sourceConfig/config/tableFilterPattern/includes/1").asText()).isEqualTo("^customers$");
    assertThat(created.get("version").asDouble()).isEqualTo(0.1);

    // The type is filled in when a request leaves it out; the service may be its FQN too.
    ObjectNode second = pipeline(svc, "second");
    ((ObjectNode) second.at("/sourceConfig/config")).remove("type");
    second.put("service", service);
    second.remove("loggerLevel");
    JsonNode other = ok(admin.post(PIPELINES, second.toString()), 201);
    assertThat(other.at("/sourceConfig/config/type").asText()).isEqualTo("DatabaseMetadata");
    assertThat(other.get("loggerLevel").asText()).isEqualTo("INFO");

    assertThat(ok(admin.get(PIPELINES + "/name/" + service + ".pg_metadata"), 200).get("id")).isEqualTo(created.get("id"));
    JsonNode listed = ok(admin.get(PIPELINES + "?service=" + service + "&pipelineType=metadata&serviceType=databaseService"), 200);
    assertThat(listed.at("/paging/total").asInt()).isEqualTo(2);
    assertThat(ok(admin.get(PIPELINES + "?service=" + service + "&pipelineType=usage"), 200).get("data")).isEmpty();
    JsonNode withPipelines = ok(admin.get(SERVICES + "/name/" + service + "?fields=pipelines"), 200);
    assertThat(withPipelines.get("pipelines")).hasSize(2);

    // A change of schedule is a new version; an update by PUT keeps what the request leaves out.
    ObjectNode changed = pipeline(svc, "pg_metadata");
    ((ObjectNode) changed.get("airflowConfig")).put("scheduleInterval", "@daily");
    changed.remove("loggerLevel");
    JsonNode updated = ok(admin.put(PIPELINES, changed.toString()), 200);
    assertThat(updated.get("version").asDouble()).isEqualTo(0.2);
    assertThat(updated.at("/airflowConfig/scheduleInterval").asText()).isEqualTo("@daily");
    assertThat(updated.get("loggerLevel").asText()).isEqualTo("DEBUG");
    assertThat(updated.at("/changeDescription/fieldsUpdated/0/name").asText()).isEqualTo("airflowConfig");

    // A service with pipelines is deleted only recursively, and takes them with it.
    assertThat(refused(admin.delete(SERVICES + "/" + svc.get("id").asText() + "?hardDelete=true"), 400))
        .isEqualTo("databaseService is not empty");
    ok(admin.delete(SERVICES + "/" + svc.get("id").asText() + "?hardDelete=true&recursive=true"), 200);
    assertThat(admin.get(PIPELINES + "/" + created.get("id").asText()).status()).isEqualTo(404);
  }

  @Test
  void whatCannotBeRunIsRefusedWhenWrittenNamingTheField() {
    Api admin = server.admin();
    JsonNode svc = service(admin);
    assertThat(refused(admin.post(PIPELINES, with(pipeline(svc, "p"), "/sourceConfig/config", "tableFilterPattern",
        Api.JSON.createObjectNode().set("includes", Api.JSON.createArrayNode().add("orders("))).toString()), 400))
        .startsWith("sourceConfig.config.tableFilterPattern.includes[0]: Invalid regex [orders(]");
    assertThat(refused(admin.post(PIPELINES, with(pipeline(svc, "p"), "/airflowConfig", "scheduleInterval", "every day").toString()), 400))
        .startsWith("airflowConfig.scheduleInterval \"every day\" is not a cron expression of five fields");
    assertThat(refused(admin.post(PIPELINES, with(pipeline(svc, "p"), "/airflowConfig", "pipelineTimezone", "Mars/Olympus").toString()), 400))
        .startsWith("airflowConfig.pipelineTimezone \"Mars/Olympus\" is not a time zone");
    assertThat(refused(admin.post(PIPELINES, with(pipeline(svc, "p"), "/sourceConfig/config", "includeTabels", true).toString()), 400))
        .isEqualTo("sourceConfig.config.includeTabels is not a field of DatabaseServiceMetadataPipeline (additionalProperties: false)");
    assertThat(refused(admin.post(PIPELINES, with(pipeline(svc, "p"), "/sourceConfig/config", "threads", "four").toString()), 400))
        .isEqualTo("sourceConfig.config.threads must be a whole number, 0 or more");
    ObjectNode usage = pipeline(svc, "p");
    usage.put("pipelineType", "usage");
    assertThat(refused(admin.post(PIPELINES, usage.toString()), 400)).startsWith("pipelineType \"usage\" is not one this server runs");
    ObjectNode noSchedule = pipeline(svc, "p");
    noSchedule.remove("airflowConfig");
    assertThat(refused(admin.post(PIPELINES, noSchedule.toString()), 400)).contains("airflowConfig");
    ObjectNode nowhere = pipeline(svc, "p");
    ((ObjectNode) nowhere.get("service")).put("id", UUID.randomUUID().toString());
    assertThat(admin.post(PIPELINES, nowhere.toString()).status()).isEqualTo(404);
    ObjectNode wrongKind = pipeline(svc, "p");
    ((ObjectNode) wrongKind.get("service")).put("type", "pipelineService");
    assertThat(refused(admin.post(PIPELINES, wrongKind.toString()), 400)).isEqualTo("service.type must be databaseService, not pipelineService");
    assertThat(ok(admin.get(PIPELINES + "?service=" + svc.get("name").asText()), 200).get("data")).as("nothing half-written").isEmpty();
  }

  @Test
  void theServerIsTheRunnerItDeploysPausesAndKeepsRunStatuses() {
    Api admin = server.admin();
    JsonNode svc = service(admin);
    JsonNode p = ok(admin.post(PIPELINES, pipeline(svc, "runs").toString()), 201);
    String id = p.get("id").asText();
    String fqn = p.get("fullyQualifiedName").asText();

    JsonNode runner = ok(admin.get(PIPELINES + "/status"), 200);
    assertThat(runner.get("code").asInt()).isEqualTo(200);
    assertThat(runner.get("platform").asText()).isEqualTo("Meridian");
    assertThat(ok(admin.get(PIPELINES + "/ip"), 200).get("ip").asText()).isNotBlank();

    JsonNode deployed = ok(admin.post(PIPELINES + "/deploy/" + id, ""), 200);
    assertThat(deployed.get("code").asInt()).isEqualTo(200);
    JsonNode after = ok(admin.get(PIPELINES + "/" + id), 200);
    assertThat(after.get("deployed").asBoolean()).isTrue();
    assertThat(after.get("version").asDouble()).as("deploying is an outcome, not an edit").isEqualTo(0.1);
    assertThat(ok(admin.post(PIPELINES + "/toggleIngestion/" + id, ""), 200).get("enabled").asBoolean()).isFalse();
    assertThat(ok(admin.post(PIPELINES + "/toggleIngestion/" + id, ""), 200).get("enabled").asBoolean()).isTrue();

    // Statuses: upserted by runId, listed by time, the newest on the pipeline with fields=pipelineStatuses.
    String run = UUID.randomUUID().toString();
    long t0 = System.currentTimeMillis();
    JsonNode event = ok(admin.put(PIPELINES + "/" + fqn + "/pipelineStatus",
        "{\"runId\":\"" + run + "\",\"pipelineState\":\"running\",\"startDate\":" + t0 + ",\"timestamp\":" + t0 + "}"), 201);
    assertThat(event.at("/changeDescription/fieldsAdded/0/name").asText()).isEqualTo("pipelineStatus");
    ok(admin.put(PIPELINES + "/" + fqn + "/pipelineStatus", "{\"runId\":\"" + run + "\",\"pipelineState\":\"success\",\"startDate\":"
        + t0 + ",\"timestamp\":" + t0 + ",\"endDate\":" + (t0 + 5) + ",\"status\":[{\"name\":\"Postgres\",\"records\":3}]}"), 201);
    JsonNode list = ok(admin.get(PIPELINES + "/" + fqn + "/pipelineStatus?startTs=" + (t0 - 1000) + "&endTs=" + (t0 + 1000)), 200);
    assertThat(list.get("data")).hasSize(1);
    assertThat(list.at("/data/0/pipelineState").asText()).isEqualTo("success");
    assertThat(list.at("/data/0/status/0/records").asInt()).isEqualTo(3);
    assertThat(list.at("/paging/total").asInt()).isEqualTo(1);
    assertThat(ok(admin.get(PIPELINES + "/" + fqn + "/pipelineStatus?startTs=" + (t0 + 1) + "&endTs=" + (t0 + 1000)), 200).get("data"))
        .isEmpty();
    assertThat(ok(admin.get(PIPELINES + "/" + fqn + "/pipelineStatus/" + run), 200).get("endDate").asLong()).isEqualTo(t0 + 5);
    assertThat(ok(admin.get(PIPELINES + "/" + id + "?fields=pipelineStatuses"), 200).at("/pipelineStatuses/runId").asText()).isEqualTo(run);
    assertThat(ok(admin.get(PIPELINES + "/" + id), 200).has("pipelineStatuses")).isFalse();

    assertThat(refused(admin.get(PIPELINES + "/" + fqn + "/pipelineStatus?endTs=1"), 400)).startsWith("startTs is required");
    assertThat(refused(admin.get(PIPELINES + "/" + fqn + "/pipelineStatus/not-a-uuid"), 400)).startsWith("runId must be a UUID");
    assertThat(refused(admin.put(PIPELINES + "/" + fqn + "/pipelineStatus", "{\"runId\":\"x\",\"pipelineState\":\"done\"}"), 400))
        .startsWith("pipelineState \"done\" is not a pipeline state");
    assertThat(admin.put(PIPELINES + "/" + fqn + ".missing/pipelineStatus", "{\"runId\":\"x\"}").status()).isEqualTo(404);

    ok(admin.delete(PIPELINES + "/" + id + "/pipelineStatus"), 200);
    assertThat(ok(admin.get(PIPELINES + "/" + fqn + "/pipelineStatus?startTs=0&endTs=" + (t0 + 1000)), 200).get("data")).isEmpty();
    assertThat(ok(admin.get(PIPELINES + "/" + id + "?fields=pipelineStatuses"), 200).has("pipelineStatuses")).isFalse();

    // A plain user may read but not deploy or write statuses of a pipeline it does not own.
    Api user = server.newPlainUser();
    assertThat(user.get(PIPELINES + "/" + id).status()).isEqualTo(200);
    assertThat(user.post(PIPELINES + "/deploy/" + id, "").status()).isEqualTo(403);
    assertThat(user.put(PIPELINES + "/" + fqn + "/pipelineStatus", "{\"runId\":\"" + run + "\"}").status()).isEqualTo(403);
  }

  /** The asynchronous delete of a pipeline is a job on the pipeline too: ending the pipeline's runs must not end it. */
  @Test
  void anAsynchronousDeleteOfAPipelineCompletes() {
    Api admin = server.admin();
    JsonNode p = ok(admin.post(PIPELINES, pipeline(service(admin), "async_gone").toString()), 201);
    Api.Response accepted = admin.delete(PIPELINES + "/async/" + p.get("id").asText() + "?hardDelete=true");
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String job = accepted.json().get("jobId").asText();
    assertThat(meridian.tests.JobWait.await(admin, job, java.time.Duration.ofSeconds(30)).get("state").asText())
        .isEqualTo("completed");
    assertThat(admin.get(PIPELINES + "/" + p.get("id").asText() + "?include=all").status()).isEqualTo(404);
  }

  private static ObjectNode with(ObjectNode body, String at, String field, Object value) {
    ((ObjectNode) body.at(at)).set(field, Api.JSON.valueToTree(value));
    return body;
  }
}
