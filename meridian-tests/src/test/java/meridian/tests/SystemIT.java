package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Endpoints that are not entities (contract §2). */
class SystemIT extends ServerIT {

  @Test
  void healthAndVersion() {
    Api.Response health = server.anonymous().get("/healthz");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("ok");
    for (String path : new String[] {"/api/v1/system/version", "/v1/system/version"}) {
      JsonNode version = server.anonymous().get(path).json();
      assertThat(version.get("version").asText()).isNotBlank();
      assertThat(version.has("revision")).isTrue();
      assertThat(version.get("timestamp").isNumber()).isTrue();
    }
  }

  @Test
  void metricsCountRequestsByRouteAndStatus() {
    server.admin().get("/api/v1/services/databaseServices/name/absent");
    String metrics = server.anonymous().get("/metrics").body();
    assertThat(metrics).contains("http_server_requests_seconds_count{");
    assertThat(metrics).containsPattern("route=\"/api/v1/services/databaseServices/name/\\{fqn\\}\",status=\"404\"");
    assertThat(metrics).contains("hikaricp_connections").contains("jvm_memory_used_bytes");
  }

  @Test
  void unknownRoutesAreJson404() {
    Api.Response response = server.admin().get("/api/v1/nothing/here");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().get("code").asInt()).isEqualTo(404);
    assertThat(response.json().get("message").asText()).isNotBlank();
  }
}
