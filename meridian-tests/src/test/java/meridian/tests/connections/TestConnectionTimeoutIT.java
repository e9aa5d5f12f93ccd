package meridian.tests.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.time.Duration;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A test of a server that never answers ends at the bound (here 2 s, as if started with
 * {@code --test-connection-timeout 2s}) with a failed step saying so; the request does not hang.
 */
class TestConnectionTimeoutIT {
  static TestServer server;
  /** Takes connections (the kernel's backlog completes them) and never says a word. */
  static ServerSocket silent;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Duration.ofSeconds(2));
    silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
  }

  @AfterAll
  static void stop() throws Exception {
    silent.close();
    server.close();
  }

  private ObjectNode silentPostgres() {
    ObjectNode request = Configs.postgres(Fixtures.uniqueName("pg"), "postgres");
    ((ObjectNode) request.at("/connection/config")).put("hostPort", "127.0.0.1:" + silent.getLocalPort());
    return request;
  }

  @Test
  void aSilentServerFailsTheRunningStepAtTheBound() {
    Api.Response response = server.admin().post("/api/v1/services/databaseServices/testConnection", silentPostgres().toString());
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode result = response.json();
    assertThat(result.get("status").asText()).isEqualTo("Failed");
    assertThat(result.get("steps")).hasSize(1);
    assertThat(result.at("/steps/0/name").asText()).isEqualTo("CheckAccess");
    assertThat(result.at("/steps/0/passed").asBoolean()).isFalse();
    assertThat(result.at("/steps/0/message").asText()).isEqualTo("timed out after 2 s");
  }

  @Test
  void aSilentServerFailsATriggeredWorkflowAtTheBound() throws InterruptedException {
    String id = server.admin().post("/api/v1/automations/workflows", Configs.workflow(Fixtures.uniqueName("wf"), silentPostgres()).toString())
        .json().get("id").asText();
    assertThat(server.admin().post("/api/v1/automations/workflows/trigger/" + id, "").status()).isEqualTo(200);
    JsonNode done = TestConnectionIT.awaitDone(server.admin(), id);
    assertThat(done.get("status").asText()).isEqualTo("Failed");
    assertThat(done.at("/response/steps/0/message").asText()).as(done.toString()).isEqualTo("timed out after 2 s");
  }
}
