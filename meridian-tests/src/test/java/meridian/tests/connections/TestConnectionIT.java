package meridian.tests.connections;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Test connection run by the server itself (issue 9 §3) against this machine's real PostgreSQL
 * and MariaDB, through the direct form and OM's automations workflow protocol.
 */
class TestConnectionIT extends ServerIT {
  static final String SERVICES = "/api/v1/services/databaseServices";
  static final String WORKFLOWS = "/api/v1/automations/workflows";

  static RealDatabases databases;
  static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
  /** Every secret a test sent, looked for in the log when the class is done. */
  static final List<String> SECRETS = new ArrayList<>();

  @BeforeAll
  static void databases() {
    databases = new RealDatabases();
    SECRETS.add(databases.mariaPassword);
    LOG.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOG);
  }

  @AfterAll
  static void dropDatabases() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
    databases.close();
    for (ILoggingEvent event : LOG.list) {
      String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      for (String secret : SECRETS) {
        assertThat(text).as("a log line of %s", event.getLoggerName()).doesNotContain(secret);
      }
    }
  }

  static ObjectNode pg(String database) {
    ObjectNode request = Configs.postgres(Fixtures.uniqueName("pg"), database);
    SECRETS.add(request.at("/connection/config/authType/password").asText());
    return request;
  }

  static ObjectNode maria(String password) {
    SECRETS.add(password);
    return Configs.mariaDb(Fixtures.uniqueName("maria"), databases.mariaUser, password);
  }

  static JsonNode step(JsonNode result, String name) {
    return StreamSupport.stream(result.get("steps").spliterator(), false).filter(s -> s.get("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no step " + name + " in " + result));
  }

  static List<String> stepNames(JsonNode result) {
    return StreamSupport.stream(result.get("steps").spliterator(), false).map(s -> s.get("name").asText()).toList();
  }

  // ------------------------------------------------------------------ the direct form

  @Test
  void aGoodPostgresConfigPassesEveryStepAndNothingIsStored() {
    ObjectNode request = pg(databases.pgDatabase);
    Api.Response response = server.admin().post(SERVICES + "/testConnection", request.toString());
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode result = response.json();
    assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("Successful");
    assertThat(stepNames(result)).containsExactly("CheckAccess", "GetDatabases", "GetSchemas", "GetTables", "GetViews", "GetTags", "GetQueries");
    for (String name : List.of("CheckAccess", "GetDatabases", "GetSchemas", "GetTables", "GetViews", "GetTags")) {
      assertThat(step(result, name).get("passed").asBoolean()).as(name + " in " + result).isTrue();
    }
    // Reading queries needs the pg_stat_statements extension loaded, which a plain PostgreSQL is not:
    // that optional step either passes or says so, and the test is Successful either way.
    JsonNode queries = step(result, "GetQueries");
    assertThat(queries.get("mandatory").asBoolean()).isFalse();
    if (!queries.get("passed").asBoolean()) {
      assertThat(queries.get("errorLog").asText()).contains("pg_stat_statements");
    }
    assertThat(result.get("lastUpdatedAt").asLong()).isPositive();
    assertThat(response.body()).doesNotContain(request.at("/connection/config/authType/password").asText());
    assertThat(server.admin().get(SERVICES + "/name/" + request.get("name").asText()).status()).isEqualTo(404);
  }

  @Test
  void aGoodMariaDbConfigPassesEveryStepAsMariaDbAndAsMysql() {
    JsonNode asMaria = server.admin().post(SERVICES + "/testConnection", maria(databases.mariaPassword).toString()).json();
    assertThat(asMaria.get("status").asText()).as(asMaria.toString()).isEqualTo("Successful");
    assertThat(stepNames(asMaria)).containsExactly("CheckAccess", "GetSchemas", "GetTables", "GetViews");
    asMaria.get("steps").forEach(s -> assertThat(s.get("passed").asBoolean()).as(s.toString()).isTrue());

    ObjectNode mysql = Configs.mysql(Fixtures.uniqueName("my"), databases.mariaUser, databases.mariaPassword, databases.mariaDatabase);
    JsonNode asMysql = server.admin().post(SERVICES + "/testConnection", mysql.toString()).json();
    assertThat(asMysql.get("status").asText()).as(asMysql.toString()).isEqualTo("Successful");
    asMysql.get("steps").forEach(s -> assertThat(s.get("passed").asBoolean()).as(s.toString()).isTrue());
  }

  @Test
  void aWrongPasswordFailsTheLoginWithTheDriversReasonAndTheSecretNowhere() {
    String wrong = "Wrong-" + Fixtures.uniqueName("pw");
    Api.Response response = server.admin().post(SERVICES + "/testConnection", maria(wrong).toString());
    assertThat(response.status()).isEqualTo(200);
    JsonNode result = response.json();
    assertThat(result.get("status").asText()).isEqualTo("Failed");
    // CheckAccess is OM's short circuit: nothing runs after a failed login.
    assertThat(stepNames(result)).containsExactly("CheckAccess");
    JsonNode login = step(result, "CheckAccess");
    assertThat(login.get("passed").asBoolean()).isFalse();
    assertThat(login.get("mandatory").asBoolean()).isTrue();
    assertThat(login.get("message").asText()).isNotBlank();
    assertThat(login.get("errorLog").asText()).contains("Access denied").contains(databases.mariaUser);
    assertThat(response.body()).doesNotContain(wrong);
  }

  @Test
  void aDatabaseThatDoesNotExistFailsItsStep() {
    JsonNode pgResult = server.admin().post(SERVICES + "/testConnection", pg("no_such_db_" + databases.suffix).toString()).json();
    assertThat(pgResult.get("status").asText()).isEqualTo("Failed");
    assertThat(step(pgResult, "CheckAccess").get("passed").asBoolean()).isFalse();
    assertThat(step(pgResult, "CheckAccess").get("errorLog").asText()).contains("no_such_db_" + databases.suffix).contains("does not exist");

    ObjectNode mysql = Configs.mysql(Fixtures.uniqueName("my"), databases.mariaUser, databases.mariaPassword, "no_such_schema");
    JsonNode myResult = server.admin().post(SERVICES + "/testConnection", mysql.toString()).json();
    assertThat(myResult.get("status").asText()).isEqualTo("Failed");
    assertThat(step(myResult, "CheckAccess").get("errorLog").asText()).contains("no_such_schema");
  }

  @Test
  void aClosedPortFailsTheLoginBeforeTheBound() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    ObjectNode request = pg(databases.pgDatabase);
    ((ObjectNode) request.at("/connection/config")).put("hostPort", "127.0.0.1:" + closed);
    JsonNode result = server.admin().post(SERVICES + "/testConnection", request.toString()).json();
    assertThat(result.get("status").asText()).isEqualTo("Failed");
    JsonNode login = step(result, "CheckAccess");
    assertThat(login.get("passed").asBoolean()).isFalse();
    assertThat(login.get("errorLog").asText()).contains("refused").doesNotContain("timed out");
  }

  @Test
  void aTypeWithoutADriverHereAnswersItsStepsAsNotRunnable() {
    Api.Response response = server.admin().post(SERVICES + "/testConnection", Fixtures.snowflake(Fixtures.uniqueName("sf")).toString());
    assertThat(response.status()).isEqualTo(200);
    JsonNode result = response.json();
    assertThat(result.get("status").asText()).isEqualTo("Failed");
    assertThat(stepNames(result)).containsExactly("CheckAccess", "GetDatabases", "GetSchemas", "GetTables", "GetViews", "GetTags", "GetQueries");
    result.get("steps").forEach(s -> {
      assertThat(s.get("passed").asBoolean()).isFalse();
      assertThat(s.get("message").asText()).startsWith("Not run: this server holds no driver for Snowflake");
    });
  }

  @Test
  void aHostPortThatWouldAddDriverOptionsIsNotTried() {
    ObjectNode request = pg(databases.pgDatabase);
    ((ObjectNode) request.at("/connection/config"))
        .put("hostPort", RealDatabases.PG_HOST_PORT + "/postgres?socketFactory=java.lang.Object&x=");
    JsonNode result = server.admin().post(SERVICES + "/testConnection", request.toString()).json();
    assertThat(result.get("status").asText()).isEqualTo("Failed");
    assertThat(step(result, "CheckAccess").get("message").asText()).startsWith("Not run: connection.config.hostPort must be host:port");
  }

  @Test
  void theServersOwnStoreCantBeTestedAsASqliteFile() {
    ObjectNode request = Configs.service(Fixtures.uniqueName("lite"), "SQLite");
    // The key file is in the data directory on every store (beside the embedded store's own file).
    ((ObjectNode) request.at("/connection/config")).put("databaseMode", server.config().keyFile().toAbsolutePath().toString());
    JsonNode result = server.admin().post(SERVICES + "/testConnection", request.toString()).json();
    assertThat(result.get("status").asText()).isEqualTo("Failed");
    assertThat(step(result, "CheckAccess").get("message").asText()).contains("this server's own data directory");
  }

  @Test
  void aMaskWithNoStoredServiceBehindItIsA400() {
    Api.Response response = server.admin().post(SERVICES + "/testConnection", maria("*********").toString());
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asText()).contains("connection.config.password is the mask");
  }

  @Test
  void onlyThoseWhoMayCreateServicesTestProposedOnes() {
    Api.Response response = server.newPlainUser().post(SERVICES + "/testConnection", pg(databases.pgDatabase).toString());
    assertThat(response.status()).isEqualTo(403);
    assertThat(server.bot().post(SERVICES + "/testConnection", pg(databases.pgDatabase).toString()).json().get("status").asText())
        .isEqualTo("Successful");
  }

  @Test
  void anEditedServiceTestedWithMaskedSecretsUsesTheStoredOnes() {
    ObjectNode service = maria(databases.mariaPassword);
    assertThat(server.admin().post(SERVICES, service.toString()).status()).isEqualTo(201);
    // What OM's UI sends for an edited service: its form, the password as the mask it was shown.
    ObjectNode edited = server.admin().get(SERVICES + "/name/" + service.get("name").asText()).json().deepCopy();
    assertThat(edited.at("/connection/config/password").asText()).isEqualTo("*********");
    ObjectNode proposed = Configs.mariaDb(service.get("name").asText(), databases.mariaUser, "*********");
    ((ObjectNode) proposed.at("/connection/config")).put("databaseName", "renamed");
    JsonNode result = server.admin().post(SERVICES + "/testConnection", proposed.toString()).json();
    assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("Successful");
    // Proposed changes are not saved.
    JsonNode after = server.admin().get(SERVICES + "/name/" + service.get("name").asText()).json();
    assertThat(after.at("/connection/config/databaseName").isMissingNode()).isTrue();
    assertThat(after.get("version").asDouble()).isEqualTo(0.1);
  }

  // ------------------------------------------------------------------ a saved service

  @Test
  void aSavedServiceIsTestedWithItsStoredConfigAndKeepsTheResult() {
    ObjectNode service = maria(databases.mariaPassword);
    JsonNode created = server.admin().post(SERVICES, service.toString()).json();
    String id = created.get("id").asText();
    Api.Response response = server.admin().post(SERVICES + "/" + id + "/testConnection", "");
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.json().get("status").asText()).isEqualTo("Successful");
    assertThat(response.json().get("steps")).hasSize(4);

    JsonNode withField = server.admin().get(SERVICES + "/" + id + "?fields=testConnectionResult").json();
    assertThat(withField.at("/testConnectionResult/status").asText()).isEqualTo("Successful");
    assertThat(withField.at("/testConnectionResult/steps")).hasSize(4);
    assertThat(withField.get("version").asDouble()).isEqualTo(0.1);
    assertThat(server.admin().get(SERVICES + "/" + id).json().has("testConnectionResult")).isFalse();
    assertThat(server.admin().get(SERVICES + "/" + id + "/versions").json().get("versions")).hasSize(1);
  }

  @Test
  void strangersMayNotTestASavedServiceItsOwnersMay() {
    TestServer.User owner = server.newUser();
    ObjectNode service = maria(databases.mariaPassword);
    service.putArray("owners").addObject().put("id", owner.id()).put("type", "user");
    String id = server.admin().post(SERVICES, service.toString()).json().get("id").asText();

    Api.Response stranger = server.newPlainUser().post(SERVICES + "/" + id + "/testConnection", "");
    assertThat(stranger.status()).isEqualTo(403);
    assertThat(stranger.json().get("message").asText()).contains("EditAll");
    Api.Response byOwner = owner.api().post(SERVICES + "/" + id + "/testConnection", "");
    assertThat(byOwner.status()).as(byOwner.toString()).isEqualTo(200);
    assertThat(byOwner.json().get("status").asText()).isEqualTo("Successful");
    assertThat(server.admin().post(SERVICES + "/" + java.util.UUID.randomUUID() + "/testConnection", "").status()).isEqualTo(404);
  }

  @Test
  void omsPutOfATestConnectionResultKeepsItWithoutANewVersion() {
    String id = server.admin().post(SERVICES, Fixtures.postgres(Fixtures.uniqueName("pg")).toString()).json().get("id").asText();
    String result = "{\"lastUpdatedAt\":1700000000000,\"status\":\"Failed\",\"steps\":[{\"name\":\"CheckAccess\",\"mandatory\":true,"
        + "\"passed\":false,\"message\":\"from elsewhere\"}]}";
    Api.Response put = server.admin().put(SERVICES + "/" + id + "/testConnectionResult", result);
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(put.json().at("/testConnectionResult/steps/0/message").asText()).isEqualTo("from elsewhere");
    assertThat(put.json().get("version").asDouble()).isEqualTo(0.1);
    JsonNode read = server.admin().get(SERVICES + "/" + id + "?fields=testConnectionResult").json();
    assertThat(read.at("/testConnectionResult/status").asText()).isEqualTo("Failed");
    assertThat(server.newPlainUser().put(SERVICES + "/" + id + "/testConnectionResult", result).status()).isEqualTo(403);
    assertThat(server.admin().put(SERVICES + "/" + id + "/testConnectionResult", "{\"status\":\"Failed\"}").status()).isEqualTo(400);
  }

  // ------------------------------------------------------------------ OM's workflow protocol

  /** Polls the workflow, as OM's UI does, until it is done; 30 s at most. */
  static JsonNode awaitDone(Api api, String id) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      JsonNode workflow = api.get(WORKFLOWS + "/" + id).json();
      String status = workflow.get("status").asText();
      if (status.equals("Successful") || status.equals("Failed")) {
        return workflow;
      }
      assertThat(status).isIn("Pending", "Running");
      Thread.sleep(100);
    }
    throw new AssertionError("workflow " + id + " did not finish in 30 s");
  }

  @Test
  void aGoodConfigPassesThroughOmsWorkflowProtocol() throws InterruptedException {
    ObjectNode service = pg(databases.pgDatabase);
    String secret = service.at("/connection/config/authType/password").asText();
    Api.Response created = server.admin().post(WORKFLOWS, Configs.workflow(Fixtures.uniqueName("wf"), service).toString());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode workflow = created.json();
    assertThat(workflow.get("status").asText()).isEqualTo("Pending");
    assertThat(workflow.at("/request/connection/config/authType/password").asText()).isEqualTo("*********");
    assertThat(created.body()).doesNotContain(secret);
    String id = workflow.get("id").asText();

    Api.Response triggered = server.admin().post(WORKFLOWS + "/trigger/" + id, "");
    assertThat(triggered.status()).as(triggered.toString()).isEqualTo(200);
    assertThat(triggered.json().get("code").asInt()).isEqualTo(200);
    assertThat(triggered.json().get("platform").asText()).isEqualTo("Meridian");

    JsonNode done = awaitDone(server.admin(), id);
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("Successful");
    assertThat(done.at("/response/status").asText()).isEqualTo("Successful");
    assertThat(stepNames(done.get("response"))).startsWith("CheckAccess", "GetDatabases", "GetSchemas", "GetTables");
    assertThat(done.at("/request/connection/config/authType/password").asText()).isEqualTo("*********");
    assertThat(server.bot().get(WORKFLOWS + "/" + id).json().at("/request/connection/config/authType/password").asText()).isEqualTo(secret);

    JsonNode list = server.admin().get(WORKFLOWS + "?limit=1000").json();
    assertThat(list.get("data").findValuesAsText("id")).contains(id);
    assertThat(list.toString()).doesNotContain(secret);
    // OM's UI hard-deletes the workflow once it has shown the result.
    assertThat(server.admin().delete(WORKFLOWS + "/" + id + "?hardDelete=true").status()).isEqualTo(200);
    assertThat(server.admin().get(WORKFLOWS + "/" + id).status()).isEqualTo(404);
  }

  @Test
  void aWrongPasswordFailsTheWorkflowWithTheSecretNowhere() throws InterruptedException {
    String wrong = "Wrong-" + Fixtures.uniqueName("pw");
    ObjectNode service = maria(wrong);
    String id = server.admin().post(WORKFLOWS, Configs.workflow(Fixtures.uniqueName("wf"), service).toString()).json().get("id").asText();
    assertThat(server.admin().post(WORKFLOWS + "/trigger/" + id, "").status()).isEqualTo(200);
    JsonNode done = awaitDone(server.admin(), id);
    assertThat(done.get("status").asText()).isEqualTo("Failed");
    assertThat(done.at("/response/steps/0/name").asText()).isEqualTo("CheckAccess");
    assertThat(done.at("/response/steps/0/passed").asBoolean()).isFalse();
    assertThat(done.at("/response/steps/0/errorLog").asText()).contains("Access denied");
    assertThat(done.toString()).doesNotContain(wrong);
    assertThat(server.admin().get(WORKFLOWS + "/" + id + "/versions").body()).doesNotContain(wrong);
  }

  @Test
  void aWorkflowForAnEditedServiceWithMaskedSecretsUsesTheStoredOnes() throws InterruptedException {
    ObjectNode service = maria(databases.mariaPassword);
    assertThat(server.admin().post(SERVICES, service.toString()).status()).isEqualTo(201);
    ObjectNode masked = Configs.mariaDb(service.get("name").asText(), databases.mariaUser, "*********");
    String id = server.admin().post(WORKFLOWS, Configs.workflow(Fixtures.uniqueName("wf"), masked).toString()).json().get("id").asText();
    server.admin().post(WORKFLOWS + "/trigger/" + id, "");
    JsonNode done = awaitDone(server.admin(), id);
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("Successful");

    ObjectNode unknown = Configs.mariaDb(Fixtures.uniqueName("nosuch"), databases.mariaUser, "*********");
    Api.Response refused = server.admin().post(WORKFLOWS, Configs.workflow(Fixtures.uniqueName("wf"), unknown).toString());
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("message").asText()).contains("is the mask");
  }

  @Test
  void creatingAWorkflowNeedsThePermissionToCreateAService() {
    ObjectNode workflow = Configs.workflow(Fixtures.uniqueName("wf"), pg(databases.pgDatabase));
    Api.Response refused = server.newPlainUser().post(WORKFLOWS, workflow.toString());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("message").asText()).contains("Create");
    assertThat(server.bot().post(WORKFLOWS, workflow.toString()).status()).isEqualTo(201);
    String id = server.admin().get(WORKFLOWS + "/name/" + workflow.get("name").asText()).json().get("id").asText();
    assertThat(server.newPlainUser().post(WORKFLOWS + "/trigger/" + id, "").status()).isEqualTo(403);
    assertThat(server.admin().post(WORKFLOWS + "/trigger/" + java.util.UUID.randomUUID(), "").status()).isEqualTo(404);
  }

  @Test
  void aWorkflowRequestIsCheckedAgainstOmsSchemaBeforeItIsStored() {
    ObjectNode service = pg(databases.pgDatabase);
    ((ObjectNode) service.at("/connection/config")).put("hostPort", 5432);
    String name = Fixtures.uniqueName("wf");
    Api.Response bad = server.admin().post(WORKFLOWS, Configs.workflow(name, service).toString());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("message").asText()).contains("/request/connection/config/hostPort");
    assertThat(server.admin().get(WORKFLOWS + "/name/" + name).status()).isEqualTo(404);

    ObjectNode other = Configs.workflow(Fixtures.uniqueName("wf"), pg(databases.pgDatabase));
    other.put("workflowType", "REVERSE_INGESTION");
    assertThat(server.admin().post(WORKFLOWS, other.toString()).json().get("message").asText()).contains("TEST_CONNECTION");
    ObjectNode noRequest = Configs.workflow(Fixtures.uniqueName("wf"), pg(databases.pgDatabase));
    noRequest.remove("request");
    assertThat(server.admin().post(WORKFLOWS, noRequest.toString()).status()).isEqualTo(400);
  }

  // ------------------------------------------------------------------ definitions

  @Test
  void theDefinitionsNameEachTypesStepsAsOmDoes() {
    Api.Response list = server.admin().get("/api/v1/services/testConnectionDefinitions?limit=100");
    assertThat(list.status()).isEqualTo(200);
    JsonNode postgres = StreamSupport.stream(list.json().get("data").spliterator(), false)
        .filter(d -> d.get("name").asText().equals("Postgres")).findFirst().orElseThrow();
    assertThat(postgres.get("fullyQualifiedName").asText()).isEqualTo("Postgres.testConnectionDefinition");
    assertThat(stepNames(postgres)).containsExactly("CheckAccess", "GetDatabases", "GetSchemas", "GetTables", "GetViews", "GetTags", "GetQueries");
    assertThat(step(postgres, "CheckAccess").get("mandatory").asBoolean()).isTrue();
    assertThat(step(postgres, "CheckAccess").get("shortCircuit").asBoolean()).isTrue();
    assertThat(step(postgres, "GetViews").get("mandatory").asBoolean()).isFalse();

    String id = postgres.get("id").asText();
    assertThat(server.admin().get("/api/v1/services/testConnectionDefinitions/" + id).json()).isEqualTo(postgres);
    assertThat(server.newPlainUser().get("/api/v1/services/testConnectionDefinitions/name/Postgres.testConnectionDefinition").json())
        .isEqualTo(postgres);
    Api.Response missing = server.admin().get("/api/v1/services/testConnectionDefinitions/name/Nope.testConnectionDefinition");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(server.anonymous().get("/api/v1/services/testConnectionDefinitions").status()).isEqualTo(401);
  }

  @Test
  void everyTypeTheServerTestsHasADefinition() {
    for (String type : List.of("Postgres", "Redshift", "Mysql", "MariaDB", "SQLite")) {
      Api.Response definition = server.admin().get("/api/v1/services/testConnectionDefinitions/name/" + type + ".testConnectionDefinition");
      assertThat(definition.status()).as(type).isEqualTo(200);
      assertThat(stepNames(definition.json())).as(type).contains("CheckAccess", "GetSchemas", "GetTables", "GetViews");
    }
  }
}
