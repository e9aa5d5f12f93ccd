package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import meridian.tests.connections.Configs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document (issue 18, §8) is kept true: it names exactly the routes the server
 * registered, each with a summary and a schema for its answers; every reference in it resolves;
 * and real answers of the running server, across every kind and the routes beside them, fit the
 * schemas the document gives for their route and status.
 */
class OpenApiIT extends ServerIT {
  private static JsonNode doc;
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private final Set<String> checked = new TreeSet<>();
  private final List<String> misfits = new ArrayList<>();

  @BeforeAll
  static void fetch() {
    Api.Response open = server.anonymous().get("/swagger.json");
    assertThat(open.status()).isEqualTo(200);
    doc = open.json();
  }

  @Test
  void theDocumentIsServedAtBothAddressesAndTheApiOneNeedsAToken() {
    assertThat(server.anonymous().get("/api/v1/openapi.json").status()).isEqualTo(401);
    Api.Response api = server.admin().get("/api/v1/openapi.json");
    assertThat(api.status()).isEqualTo(200);
    assertThat(api.json()).isEqualTo(doc);
    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
    // The routes contract §3 opens say so; the others inherit the document's bearer requirement.
    assertThat(doc.at("/paths/~1users~1login/post/security").isArray()).isTrue();
    assertThat(doc.at("/paths/~1users~1login/post/security")).isEmpty();
    assertThat(doc.at("/paths/~1system~1version/get/security").isArray()).isTrue();
    assertThat(doc.at("/paths/~1tables/get/security").isMissingNode()).isTrue();
  }

  @Test
  void theDocumentNamesExactlyTheRegisteredRoutesEachDescribed() {
    Set<String> registered = new TreeSet<>();
    for (String route : server.routes()) {
      String[] parts = route.split(" ", 2);
      if (parts[1].startsWith("/api/v1/")) {
        registered.add(parts[0] + " " + parts[1].substring("/api/v1".length()));
      }
    }
    Set<String> documented = new TreeSet<>();
    doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      documented.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
      JsonNode operation = op.getValue();
      assertThat(operation.path("summary").asText()).as(op.getKey() + " " + path.getKey()).isNotBlank();
      boolean answered = false;
      for (Iterator<Map.Entry<String, JsonNode>> it = operation.get("responses").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> r = it.next();
        answered |= r.getKey().startsWith("2") && r.getValue().has("content");
      }
      assertThat(answered).as("a success answer with a schema: " + op.getKey() + " " + path.getKey()).isTrue();
      long pathParams = path.getKey().chars().filter(c -> c == '{').count();
      long declared = 0;
      for (JsonNode p : operation.get("parameters")) {
        declared += p.get("in").asText().equals("path") ? 1 : 0;
      }
      assertThat(declared).as("path parameters of " + path.getKey()).isEqualTo(pathParams);
    }));
    assertThat(registered).hasSizeGreaterThan(150);
    assertThat(documented).isEqualTo(registered);
    // OpenAPI: two templates that differ only in their parameters' names must not both exist.
    Map<String, String> shapes = new java.util.HashMap<>();
    doc.get("paths").fieldNames().forEachRemaining(path -> {
      String other = shapes.put(path.replaceAll("\\{[^}]+}", "{}"), path);
      assertThat(other).as("a template of the same shape as " + path).isNull();
    });
    Set<String> ids = new LinkedHashSet<>();
    doc.get("paths").forEach(item -> item.forEach(op -> assertThat(ids.add(op.get("operationId").asText()))
        .as("operationId " + op.get("operationId") + " is unique").isTrue()));
  }

  @Test
  void everyReferenceResolvesWithinTheDocument() {
    List<String> broken = new ArrayList<>();
    refs(doc, broken);
    assertThat(broken).isEmpty();
    // The entity schemas are OM's own, by their place in OM's jar.
    assertThat(doc.at("/components/schemas/entity.data.table/properties/columns").isMissingNode()).isFalse();
    assertThat(doc.at("/paths/~1tables/post/requestBody/content/application~1json/schema/$ref").asText())
        .isEqualTo("#/components/schemas/api.data.createTable");
  }

  private static void refs(JsonNode node, List<String> broken) {
    JsonNode ref = node.get("$ref");
    if (ref != null && ref.isTextual()) {
      String pointer = ref.asText();
      if (!pointer.startsWith("#") || doc.at(pointer.substring(1)).isMissingNode()) {
        broken.add(pointer);
      }
    }
    node.forEach(child -> refs(child, broken));
  }

  @Test
  void realAnswersFitTheDocumentedSchemas() {
    Api admin = server.admin();
    // The catalog, top to bottom, and its lifecycle.
    JsonNode service = call("POST", "/services/databaseServices", Fixtures.postgres(Fixtures.uniqueName("oa")).toString(), 201);
    String svc = service.get("name").asText();
    JsonNode db = call("POST", "/databases", "{\"name\":\"sales\",\"service\":\"" + svc + "\"}", 201);
    JsonNode schema = call("POST", "/databaseSchemas", "{\"name\":\"public\",\"database\":\"" + svc + ".sales\"}", 201);
    String table = "{\"name\":\"orders\",\"databaseSchema\":\"" + svc + ".sales.public\",\"description\":\"Orders\","
        + "\"columns\":[{\"name\":\"id\",\"dataType\":\"BIGINT\",\"constraint\":\"PRIMARY_KEY\"},"
        + "{\"name\":\"customer\",\"dataType\":\"VARCHAR\",\"dataLength\":64,\"tags\":[]}]}";
    JsonNode created = call("POST", "/tables", table, 201);
    String id = created.get("id").asText();
    String fqn = created.get("fullyQualifiedName").asText();
    call("PUT", "/tables", table.replace("Orders", "All orders"), 200);
    call("GET", "/tables?databaseSchema=" + svc + ".sales.public&fields=columns,owners,tags,tableConstraints&limit=5", null, 200);
    call("GET", "/tables/name/" + fqn + "?fields=columns,owners,tags,domains,followers", null, 200);
    call("GET", "/tables/" + id + "?fields=columns", null, 200);
    call("PATCH", "/tables/" + id, "[{\"op\":\"add\",\"path\":\"/displayName\",\"value\":\"Orders\"}]", 200);
    call("PATCH", "/tables/name/" + fqn, "[{\"op\":\"add\",\"path\":\"/columns/0/description\",\"value\":\"Key\"}]", 200);
    call("GET", "/tables/" + id + "/versions", null, 200);
    call("GET", "/tables/" + id + "/versions/0.1", null, 200);
    call("PUT", "/tables/" + id + "/followers", "\"" + userId(admin) + "\"", 200);
    call("DELETE", "/tables/" + id + "/followers/" + userId(admin), null, 200);
    call("GET", "/databases/name/" + svc + ".sales?fields=owners,tags,databaseSchemas", null, 200);
    call("GET", "/databaseSchemas/" + schema.get("id").asText() + "?fields=tables", null, 200);
    call("GET", "/services/databaseServices/name/" + svc + "?fields=owners,tags,domains", null, 200);
    call("DELETE", "/tables/" + id, null, 200);
    call("PUT", "/tables/restore", "{\"id\":\"" + id + "\"}", 200);
    call("DELETE", "/tables/name/" + fqn + "?hardDelete=true", null, 200);
    // Every other kind: create, list, read, version history.
    String team = call("POST", "/teams", "{\"name\":\"" + Fixtures.uniqueName("t") + "\",\"teamType\":\"Group\"}", 201)
        .get("name").asText();
    call("POST", "/users", "{\"name\":\"" + Fixtures.uniqueName("u") + "\",\"email\":\"" + Fixtures.uniqueName("u")
        + "@example.com\",\"teams\":[]}", 201);
    String domain = call("POST", "/domains", "{\"name\":\"" + Fixtures.uniqueName("d") + "\",\"domainType\":\"Aggregate\","
        + "\"description\":\"Sales\"}", 201).get("name").asText();
    call("POST", "/dataProducts", "{\"name\":\"" + Fixtures.uniqueName("p") + "\",\"description\":\"P\",\"domains\":[\""
        + domain + "\"]}", 201);
    String classification = call("POST", "/classifications", "{\"name\":\"" + Fixtures.uniqueName("c") + "\",\"description\":\"C\"}", 201)
        .get("name").asText();
    call("POST", "/tags", "{\"name\":\"Secret\",\"description\":\"S\",\"classification\":\"" + classification + "\"}", 201);
    for (String kind : List.of("teams", "users", "domains", "dataProducts", "classifications", "tags", "databases", "databaseSchemas",
        "services/databaseServices")) {
      JsonNode page = call("GET", "/" + kind + "?limit=3", null, 200);
      String one = page.at("/data/0/id").asText();
      call("GET", "/" + kind + "/" + one, null, 200);
      call("GET", "/" + kind + "/" + one + "/versions", null, 200);
    }
    call("GET", "/teams/name/" + team, null, 200);
    JsonNode job = call("DELETE", "/databases/async/" + db.get("id").asText() + "?recursive=true&hardDelete=true", null, 202);
    JobWait.await(admin, job.get("jobId").asText(), java.time.Duration.ofSeconds(30));
    call("GET", "/jobs/" + job.get("jobId").asText(), null, 200);

    // Bulk, CSV, search.
    JsonNode bulk = call("PUT", "/services/databaseServices/bulk", "[" + Fixtures.minimal(Fixtures.uniqueName("b")) + ","
        + Fixtures.snowflake(Fixtures.uniqueName("b")) + "]", 200);
    assertThat(bulk.get("numberOfRowsPassed").asInt()).isEqualTo(2);
    JsonNode bulkJob = call("PUT", "/services/databaseServices/bulk?async=true", "[" + Fixtures.minimal(Fixtures.uniqueName("b")) + "]", 202);
    JobWait.until(java.time.Duration.ofSeconds(30),
        () -> admin.get("/api/v1/services/databaseServices/bulk/" + bulkJob.get("jobId").asText()).status() == 200);
    call("GET", "/services/databaseServices/bulk/" + bulkJob.get("jobId").asText(), null, 200);
    String csv = admin.get("/api/v1/services/databaseServices/name/" + svc + "/export").body();
    check("GET", "/services/databaseServices/name/" + svc + "/export", admin.get("/api/v1/services/databaseServices/name/" + svc
        + "/export"), 200);
    check("PUT", "/services/databaseServices/name/" + svc + "/import", admin.send("PUT", "/api/v1/services/databaseServices/name/"
        + svc + "/import?dryRun=true", csv, Map.of("Content-Type", "text/plain")), 200);
    call("GET", "/search/query?q=*&index=table_search_index&size=2", null, 200);
    call("GET", "/search/query?q=*&index=all&size=2&track_total_hits=true", null, 200);
    // Connections, ingestion, sign-in's neighbours, the system.
    call("GET", "/system/connectionSchemas/database", null, 200);
    call("GET", "/system/connectionSchemas/database/Postgres", null, 200);
    JsonNode definitions = call("GET", "/services/testConnectionDefinitions?limit=2", null, 200);
    call("GET", "/services/testConnectionDefinitions/name/Postgres.testConnectionDefinition", null, 200);
    call("GET", "/services/testConnectionDefinitions/" + definitions.at("/data/0/id").asText(), null, 200);
    JsonNode pg = call("POST", "/services/databaseServices", Configs.postgres(Fixtures.uniqueName("oa"), "postgres").toString(), 201);
    ObjectNode pipeline = meridian.tests.ingestion.IngestionPipelineIT.pipeline(pg, "metadata_" + Fixtures.uniqueName("p"));
    JsonNode made = call("POST", "/services/ingestionPipelines", pipeline.toString(), 201);
    call("GET", "/services/ingestionPipelines/" + made.get("id").asText() + "?fields=pipelineStatuses", null, 200);
    call("GET", "/services/ingestionPipelines/status", null, 200);
    call("GET", "/services/ingestionPipelines/ip", null, 200);
    call("POST", "/services/ingestionPipelines/toggleIngestion/" + made.get("id").asText(), null, 200);
    call("GET", "/services/ingestionPipelines/" + made.get("fullyQualifiedName").asText()
        + "/pipelineStatus?startTs=0&endTs=" + (System.currentTimeMillis() + 60_000), null, 200);
    call("GET", "/system/version", null, 200);
    call("GET", "/system/config/jwks", null, 200);
    // Test connection (a port nothing listens on: the steps fail, the answer is 200), the workflow protocol.
    ObjectNode unreachable = Configs.postgres(Fixtures.uniqueName("oa"), "postgres");
    ((ObjectNode) unreachable.at("/connection/config")).put("hostPort", "127.0.0.1:1");
    call("POST", "/services/databaseServices/testConnection", unreachable.toString(), 200);
    JsonNode workflow = call("POST", "/automations/workflows", Configs.workflow(Fixtures.uniqueName("wf"), unreachable).toString(), 201);
    call("POST", "/automations/workflows/trigger/" + workflow.get("id").asText(), "", 200);
    // A run's status as OM's external runners record it, then read back by run and by time, then forgotten.
    String fqnOfPipeline = made.get("fullyQualifiedName").asText();
    String runId = java.util.UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    call("PUT", "/services/ingestionPipelines/" + fqnOfPipeline + "/pipelineStatus", "{\"runId\":\"" + runId
        + "\",\"pipelineState\":\"success\",\"startDate\":" + now + ",\"timestamp\":" + now + ",\"endDate\":" + now + "}", 201);
    call("GET", "/services/ingestionPipelines/" + fqnOfPipeline + "/pipelineStatus/" + runId, null, 200);
    call("DELETE", "/services/ingestionPipelines/" + made.get("id").asText() + "/pipelineStatus", null, 200);
    call("POST", "/services/ingestionPipelines/deploy/" + made.get("id").asText(), "", 200);
    call("GET", "/services/ingestionPipelines/logs/" + made.get("id").asText() + "/last", null, 200);
    call("GET", "/services/ingestionPipelines?service=" + pg.get("name").asText() + "&pipelineType=metadata&fields=pipelineStatuses", null, 200);
    JsonNode exportJob = call("GET", "/services/databaseServices/name/" + svc + "/exportAsync", null, 202);
    JobWait.await(admin, exportJob.get("jobId").asText(), java.time.Duration.ofSeconds(30));
    // Sign-in: a password set for a new user, then login, refresh and logout.
    String person = Fixtures.uniqueName("person");
    call("POST", "/users", "{\"name\":\"" + person + "\",\"email\":\"" + person + "@example.com\"}", 201);
    call("PUT", "/users/changePassword", "{\"requestType\":\"USER\",\"username\":\"" + person
        + "\",\"newPassword\":\"Open#Api2026\",\"confirmPassword\":\"Open#Api2026\"}", 200);
    JsonNode tokens = call("POST", "/users/login", "{\"email\":\"" + person + "@example.com\",\"password\":\""
        + java.util.Base64.getEncoder().encodeToString("Open#Api2026".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\"}", 200);
    JsonNode renewed = call("POST", "/users/refresh", "{\"refreshToken\":\"" + tokens.get("refreshToken").asText() + "\"}", 200);
    Api.Response out = Api.bearer(server.baseUrl(), renewed.get("accessToken").asText()).send("POST", "/api/v1/users/logout",
        "{\"token\":\"" + renewed.get("refreshToken").asText() + "\"}", Map.of());
    check("POST", "/users/logout", out, 200);

    assertThat(misfits).as("answers that do not fit the document").isEmpty();
    assertThat(checked).hasSizeGreaterThan(40);
  }

  private String userId(Api admin) {
    return admin.get("/api/v1/users/name/admin").json().get("id").asText();
  }

  /** A request as admin, its status asserted and its answer checked against the document. */
  private JsonNode call(String method, String path, String body, int status) {
    Api.Response response = server.admin().send(method, "/api/v1" + path, body, Map.of());
    assertThat(response.status()).as(method + " " + path + " → " + response.body()).isEqualTo(status);
    check(method, path, response, status);
    String type = response.header("Content-Type");
    return response.body().isEmpty() || type == null || !type.startsWith("application/json") ? Api.JSON.nullNode() : response.json();
  }

  private void check(String method, String path, Api.Response response, int status) {
    assertThat(response.status()).as(method + " " + path + " → " + response.body()).isEqualTo(status);
    String template = template(method, path.replaceFirst("\\?.*$", ""));
    JsonNode answer = doc.at("/paths").get(template).get(method.toLowerCase(java.util.Locale.ROOT)).at("/responses").get(Integer.toString(status));
    assertThat(answer).as("status " + status + " of " + method + " " + template + " is documented").isNotNull();
    checked.add(method + " " + template);
    Map.Entry<String, JsonNode> content = answer.get("content").fields().next();
    if (!content.getKey().equals("application/json")) {
      assertThat(response.header("Content-Type")).startsWith(content.getKey());
      return;
    }
    ObjectNode root = content.getValue().get("schema").deepCopy();
    root.set("components", doc.get("components"));
    Schema schema = SCHEMAS.getSchema(root);
    List<com.networknt.schema.Error> errors = schema.validate(response.json());
    errors.forEach(e -> misfits.add(method + " " + template + " " + e.getInstanceLocation() + ": " + e.getMessage()));
  }

  /** The document's path template that {@code path} matches, the one with most literal segments. */
  private static String template(String method, String path) {
    String[] given = path.split("/");
    String best = null;
    int bestLiterals = -1;
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().has(method.toLowerCase(java.util.Locale.ROOT))) {
        continue;
      }
      String[] parts = e.getKey().split("/");
      if (parts.length != given.length) {
        continue;
      }
      int literals = 0;
      boolean fits = true;
      for (int i = 0; i < parts.length && fits; i++) {
        if (parts[i].startsWith("{")) {
          continue;
        }
        fits = parts[i].equals(given[i]);
        literals++;
      }
      if (fits && literals > bestLiterals) {
        best = e.getKey();
        bestLiterals = literals;
      }
    }
    assertThat(best).as("a documented route for " + method + " " + path).isNotNull();
    return best;
  }
}
