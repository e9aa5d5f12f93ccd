package meridian.tests.connections;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.StoreDump;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 9 §2: a connection secret never reaches a non-bot in the clear, over every endpoint that
 * shows a connection (single, name, list, versions, a version, POST/PUT/PATCH answers, bulk,
 * delete and restore, followers, test connection, workflows, error messages, metrics), nor the log, nor
 * the store. Each secret is a fresh random string, so that finding it anywhere is a leak.
 */
class SecretsEverywhereIT extends ServerIT {
  static final String SERVICES = "/api/v1/services/databaseServices";
  static final String WORKFLOWS = "/api/v1/automations/workflows";

  private final List<String> secrets = new ArrayList<>();
  /** Every answer a non-bot got, with what was asked. */
  private final List<String> seen = new ArrayList<>();

  private String secret() {
    String secret = "Sx-" + UUID.randomUUID();
    secrets.add(secret);
    return secret;
  }

  private Api.Response record(String what, Api.Response response) {
    assertThat(response.status()).as(what + ": " + response).isLessThan(500);
    seen.add(what + " -> " + response.body());
    return response;
  }

  private ObjectNode snowflake(String name) {
    ObjectNode request = Fixtures.snowflake(name);
    ObjectNode config = (ObjectNode) request.at("/connection/config");
    config.put("password", secret());
    config.put("privateKey", secret());
    config.put("snowflakePrivatekeyPassphrase", secret());
    return request;
  }

  private ObjectNode postgres(String name) {
    ObjectNode request = Fixtures.postgres(name);
    ((ObjectNode) request.at("/connection/config/authType")).put("password", secret());
    return request;
  }

  @Test
  void noNonBotEverSeesASecretAnywhere() {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(log);
    try {
      exercise();
    } finally {
      root.detachAppender(log);
    }
    for (String secret : secrets) {
      for (String answer : seen) {
        assertThat(answer).doesNotContain(secret);
      }
      for (ILoggingEvent event : log.list) {
        String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
        assertThat(line).as("a log line of " + event.getLoggerName()).doesNotContain(secret);
      }
      for (String row : StoreDump.of(server)) {
        assertThat(row).as("the store").doesNotContain(secret);
      }
    }
    // The checks above can fail: a bot is shown the secret the PATCH set, so the service holds it.
    assertThat(server.bot().get(SERVICES + "/name/" + service).json().at("/connection/config/password").asText()).isEqualTo(patched);
  }

  private String service;
  private String patched;

  private void exercise() {
    Api admin = server.admin();
    Api user = server.newPlainUser();
    String name = Fixtures.uniqueName("leak");
    service = name;
    ObjectNode create = snowflake(name);
    String id = record("POST", admin.post(SERVICES, create.toString())).json().get("id").asText();

    ObjectNode put = snowflake(name);
    record("PUT", admin.put(SERVICES, put.toString()));
    patched = secret();
    String patch = "[{\"op\":\"replace\",\"path\":\"/connection/config/password\",\"value\":\"" + patched + "\"}]";
    record("PATCH", admin.patch(SERVICES + "/" + id, patch));
    String badPatch = "[{\"op\":\"replace\",\"path\":\"/connection/config/account\",\"value\":5},"
        + "{\"op\":\"replace\",\"path\":\"/connection/config/password\",\"value\":\"" + secret() + "\"}]";
    record("PATCH wrong", admin.patch(SERVICES + "/" + id, badPatch));

    ObjectNode wrongType = postgres(Fixtures.uniqueName("bad"));
    ((ObjectNode) wrongType.at("/connection/config")).put("hostPort", 5432);
    record("POST wrong", admin.post(SERVICES, wrongType.toString()));
    ObjectNode unknownMember = postgres(Fixtures.uniqueName("bad"));
    ((ObjectNode) unknownMember.at("/connection/config/authType")).put("passwrod", secret());
    record("POST unknown member", admin.post(SERVICES, unknownMember.toString()));

    ArrayNode bulk = Api.JSON.createArrayNode();
    bulk.add(snowflake(Fixtures.uniqueName("bulk")));
    bulk.add(postgres(Fixtures.uniqueName("bulk")));
    ObjectNode bulkBad = postgres(Fixtures.uniqueName("bulk"));
    ((ObjectNode) bulkBad.at("/connection/config")).put("database", 7);
    bulk.add(bulkBad);
    bulk.add(Fixtures.minimal(Fixtures.uniqueName("bulk")));
    record("bulk", admin.put(SERVICES + "/bulk", bulk.toString()));

    for (Api api : List.of(admin, user)) {
      record("GET id", api.get(SERVICES + "/" + id + "?fields=*"));
      record("GET name", api.get(SERVICES + "/name/" + name + "?fields=*"));
      record("list", api.get(SERVICES + "?limit=1000&fields=*"));
      record("list all", api.get(SERVICES + "?limit=1000&include=all"));
      Api.Response versions = record("versions", api.get(SERVICES + "/" + id + "/versions"));
      for (JsonNode v : versions.json().get("versions")) {
        String number = Api.JSON.valueToTree(v.isTextual() ? readTree(v.asText()) : v).path("version").asText();
        record("version " + number, api.get(SERVICES + "/" + id + "/versions/" + number));
      }
    }
    String userId = server.newUser().id();
    record("follow", admin.put(SERVICES + "/" + id + "/followers", "\"" + userId + "\""));
    record("unfollow", admin.delete(SERVICES + "/" + id + "/followers/" + userId));
    record("test proposed", admin.post(SERVICES + "/testConnection", postgres(Fixtures.uniqueName("tp")).toString()));
    record("test saved", admin.post(SERVICES + "/" + id + "/testConnection", ""));
    record("GET result", admin.get(SERVICES + "/" + id + "?fields=testConnectionResult"));
    record("delete", admin.delete(SERVICES + "/" + id));
    record("restore", admin.put(SERVICES + "/restore", "{\"id\":\"" + id + "\"}"));

    ObjectNode workflow = Configs.workflow(Fixtures.uniqueName("wf"), postgres(Fixtures.uniqueName("wfs")));
    String wf = record("workflow POST", admin.post(WORKFLOWS, workflow.toString())).json().get("id").asText();
    ((ObjectNode) workflow.at("/request/connection/config/authType")).put("password", secret());
    record("workflow PUT", admin.put(WORKFLOWS, workflow.toString()));
    record("workflow PATCH", admin.patch(WORKFLOWS + "/" + wf,
        "[{\"op\":\"replace\",\"path\":\"/request/connection/config/authType/password\",\"value\":\"" + secret() + "\"}]"));
    record("workflow GET", admin.get(WORKFLOWS + "/" + wf));
    record("workflow list", admin.get(WORKFLOWS + "?limit=1000"));
    record("workflow versions", admin.get(WORKFLOWS + "/" + wf + "/versions"));
    record("workflow delete", admin.delete(WORKFLOWS + "/" + wf + "?hardDelete=true"));
    record("metrics", server.anonymous().get("/metrics"));
  }

  private static JsonNode readTree(String text) {
    try {
      return Api.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
