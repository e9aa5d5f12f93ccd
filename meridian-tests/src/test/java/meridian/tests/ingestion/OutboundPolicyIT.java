package meridian.tests.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import meridian.core.features.connections.OutboundPolicy;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.TestServer;
import meridian.tests.connections.Configs;
import org.junit.jupiter.api.Test;

/**
 * The outbound policy (issue 16 §7): the connections a caller chose — test connection, ingestion —
 * reach only what the operator allows; the cloud metadata addresses are refused by default; a
 * refusal is a failed step or a failed run saying why, never a 500.
 */
class OutboundPolicyIT {
  static final String SERVICES = IngestionPipelineIT.SERVICES;

  private static JsonNode firstStep(Api api, ObjectNode service) {
    Api.Response response = api.post(SERVICES + "/testConnection", service.toString());
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().at("/steps/0");
  }

  @Test
  void theMetadataAddressesAreRefusedByDefault() {
    try (TestServer server = TestServer.start(c -> c)) {
      ObjectNode metadata = Configs.postgres(Fixtures.uniqueName("meta"), "postgres");
      ((ObjectNode) metadata.at("/connection/config")).put("hostPort", "169.254.169.254:5432");
      JsonNode step = firstStep(server.admin(), metadata);
      assertThat(step.get("passed").asBoolean()).isFalse();
      assertThat(step.get("message").asText()).contains("169.254.169.254")
          .contains("refused by this server's outbound policy (denied: 169.254.0.0/16)");
    }
  }

  @Test
  void aDeniedOrNotAllowedHostFailsTheTestAndTheRunSayingWhy() throws Exception {
    try (TestServer server = TestServer.start(c -> c.withOutbound(OutboundPolicy.parse(null, "127.0.0.0/8")))) {
      Api admin = server.admin();
      ObjectNode local = Configs.postgres(Fixtures.uniqueName("local"), "postgres");
      assertThat(firstStep(admin, local).get("message").asText()).contains("(denied: 127.0.0.0/8)");

      JsonNode service = admin.post(SERVICES, local.toString()).json();
      ObjectNode body = IngestionPipelineIT.pipeline(service, "denied");
      body.putObject("airflowConfig");
      JsonNode pipeline = admin.post(IngestionPipelineIT.PIPELINES, body.toString()).json();
      JsonNode status = IngestionRunIT.runOnce(admin, pipeline);
      assertThat(status.get("pipelineState").asText()).isEqualTo("failed");
      assertThat(status.at("/status/0/failures/0/error").asText()).contains("(denied: 127.0.0.0/8)");
    }
    try (TestServer server = TestServer.start(c -> c.withOutbound(OutboundPolicy.parse("10.0.0.0/8", null)))) {
      ObjectNode local = Configs.postgres(Fixtures.uniqueName("local"), "postgres");
      assertThat(firstStep(server.admin(), local).get("message").asText()).contains("(allowed: 10.0.0.0/8)");
    }
  }
}
