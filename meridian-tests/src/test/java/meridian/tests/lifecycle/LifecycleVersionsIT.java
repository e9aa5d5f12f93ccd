package meridian.tests.lifecycle;

import static meridian.tests.lifecycle.Lifecycle.create;
import static meridian.tests.lifecycle.Lifecycle.delete;
import static meridian.tests.lifecycle.Lifecycle.patch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import meridian.tests.Api;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Version history (spec §3.9) and If-Match on PUT (contract §4). */
class LifecycleVersionsIT extends LifecycleIT {

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void historyListsEveryVersionNewestFirst(KindFixture kind) throws Exception {
    String id = create(server, kind, "history").get("id").asText();
    patch(server.admin(), kind, id, "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"one\"}]");
    patch(server.bot(), kind, id, "[{\"op\":\"replace\",\"path\":\"/description\",\"value\":\"two\"}]");
    delete(server.admin(), kind, id);

    JsonNode body = server.admin().get(kind.path() + "/" + id + "/versions").json();
    assertThat(body.get("entityType").asText()).isEqualTo(kind.entityType());
    JsonNode versions = body.get("versions");
    assertThat(versions).hasSize(4);
    double[] expected = {0.4, 0.3, 0.2, 0.1};
    for (int i = 0; i < 4; i++) {
      assertThat(versions.get(i).isTextual()).as("each version is a JSON string").isTrue();
      assertThat(Api.JSON.readTree(versions.get(i).asText()).get("version").asDouble()).isEqualTo(expected[i]);
    }
    assertThat(Api.JSON.readTree(versions.get(0).asText()).get("deleted").asBoolean()).isTrue();

    JsonNode v2 = server.admin().get(kind.path() + "/" + id + "/versions/0.2").json();
    assertThat(v2.get("description").asText()).isEqualTo("one");
    assertThat(server.admin().get(kind.path() + "/" + id + "/versions/0.4").json().get("deleted").asBoolean()).isTrue();
    Api.Response missing = server.admin().get(kind.path() + "/" + id + "/versions/0.9");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("message").asText())
        .isEqualTo(kind.entityType() + " instance for " + id + " and version 0.9 not found");
    assertThat(server.admin().get(kind.path() + "/" + id + "/versions/abc").status()).isEqualTo(404);
  }

  @Test
  void historyNeverShowsASecretToAnyoneButBots() {
    KindFixture kind = KindFixture.DATABASE_SERVICES;
    JsonNode created = create(server, kind, "secrethistory");
    String id = created.get("id").asText();
    patch(server.admin(), kind, id, "[{\"op\":\"replace\",\"path\":\"/connection/config/password\",\"value\":\"rotated-one\"}]");
    String versions = server.admin().get(kind.path() + "/" + id + "/versions").body();
    assertThat(versions).doesNotContain("s3cret-").doesNotContain("rotated-one").contains("*********");
    JsonNode old = server.admin().get(kind.path() + "/" + id + "/versions/0.1").json();
    assertThat(old.at("/connection/config/password").asText()).isEqualTo("*********");
    JsonNode oldForBot = server.bot().get(kind.path() + "/" + id + "/versions/0.1").json();
    assertThat(oldForBot.at("/connection/config/password").asText()).startsWith("s3cret-");
  }

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void ifMatchGuardsAPut(KindFixture kind) {
    JsonNode created = create(server, kind, "putetag");
    var request = kind.newRequest(created.get("name").asText());
    request.put("description", "guarded");
    if (kind == KindFixture.DATABASE_SERVICES) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) request.at("/connection/config")).put("password", "*********");
    }
    Api.Response stale = server.admin().send("PUT", kind.path(), request.toString(), Map.of("If-Match", "\"0.3\""));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(server.admin().get(kind.path() + "/" + created.get("id").asText()).json().path("description").asText(""))
        .as("nothing written").isEmpty();
    Api.Response fresh = server.admin().send("PUT", kind.path(), request.toString(), Map.of("If-Match", "\"0.1\""));
    assertThat(fresh.status()).isEqualTo(200);
    assertThat(fresh.header("ETag")).isEqualTo("\"0.2\"");
  }
}
