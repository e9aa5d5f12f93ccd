package meridian.tests.lifecycle;

import static meridian.tests.lifecycle.Lifecycle.create;
import static meridian.tests.lifecycle.Lifecycle.delete;
import static meridian.tests.lifecycle.Lifecycle.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import meridian.tests.Api;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Soft and hard delete, restore, and PUT on a soft-deleted entity (spec §3.5, §3.7, §3.8, §4 rows 8–9). */
class LifecycleDeleteRestoreIT extends LifecycleIT {

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void softDeleteHidesTheEntityAndRestoreBringsItBack(KindFixture kind) {
    JsonNode created = create(server, kind, "soft");
    String id = created.get("id").asText();
    String name = created.get("name").asText();

    Api.Response deleted = delete(server.admin(), kind, id);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.header("X-OpenMetadata-Change")).isEqualTo("entitySoftDeleted");
    JsonNode body = deleted.json();
    assertThat(body.get("deleted").asBoolean()).isTrue();
    assertThat(version(body)).isEqualTo(0.2);
    JsonNode change = body.at("/changeDescription/fieldsUpdated/0");
    assertThat(change.get("name").asText()).isEqualTo("deleted");
    assertThat(change.get("oldValue").asBoolean()).isFalse();
    assertThat(change.get("newValue").asBoolean()).isTrue();

    Api.Response hidden = server.admin().get(kind.path() + "/" + id);
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(hidden.json().get("message").asText()).isEqualTo(kind.entityType() + " instance for " + id + " not found");
    assertThat(server.admin().get(kind.path() + "/name/" + kind.fqn(name)).status()).isEqualTo(404);
    for (String include : List.of("deleted", "all")) {
      JsonNode seen = server.admin().get(kind.path() + "/" + id + "?include=" + include).json();
      assertThat(seen.get("deleted").asBoolean()).isTrue();
      assertThat(server.admin().get(kind.path() + "/name/" + kind.fqn(name) + "?include=" + include).status()).isEqualTo(200);
    }
    assertThat(server.admin().post(kind.path(), kind.newRequest(name).toString()).status()).as("name still taken").isEqualTo(409);
    assertThat(delete(server.admin(), kind, id).header("X-OpenMetadata-Change")).isEqualTo("entityNoChange");

    Api.Response restored = server.admin().put(kind.path() + "/restore", "{\"id\":\"" + id + "\"}");
    assertThat(restored.status()).isEqualTo(200);
    assertThat(restored.header("X-OpenMetadata-Change")).isEqualTo("entityRestored");
    assertThat(version(restored.json())).isEqualTo(0.3);
    assertThat(restored.json().at("/changeDescription/fieldsUpdated/0/oldValue").asBoolean()).isTrue();
    assertThat(server.admin().get(kind.path() + "/" + id).json().get("deleted").asBoolean()).isFalse();

    Api.Response again = server.admin().put(kind.path() + "/restore", "{\"id\":\"" + id + "\"}");
    assertThat(again.header("X-OpenMetadata-Change")).isEqualTo("entityNoChange");
    assertThat(server.admin().put(kind.path() + "/restore", "{\"id\":\"" + UUID.randomUUID() + "\"}").status()).isEqualTo(404);
    assertThat(server.admin().put(kind.path() + "/restore", "{}").status()).isEqualTo(400);
  }

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void aPutOfASoftDeletedNameRestoresItInOneVersion(KindFixture kind) {
    JsonNode created = create(server, kind, "putrestore");
    String id = created.get("id").asText();
    delete(server.admin(), kind, id);
    ObjectNode request = kind.newRequest(created.get("name").asText());
    request.put("description", "back again");
    if (kind == KindFixture.DATABASE_SERVICES) {
      ((ObjectNode) request.at("/connection/config")).put("password", "*********");
    }
    Api.Response put = server.admin().put(kind.path(), request.toString());
    assertThat(put.status()).isEqualTo(200);
    JsonNode body = put.json();
    assertThat(body.get("deleted").asBoolean()).isFalse();
    assertThat(version(body)).isEqualTo(0.3);
    assertThat(body.get("id").asText()).isEqualTo(id);
    assertThat(body.at("/changeDescription/fieldsUpdated").toString()).contains("\"deleted\"");
  }

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void hardDeleteRemovesEverythingAndFreesTheName(KindFixture kind) {
    JsonNode created = create(server, kind, "hard");
    String id = created.get("id").asText();
    String name = created.get("name").asText();
    Api.Response gone = delete(server.admin(), kind, id + "?hardDelete=true&recursive=true");
    assertThat(gone.status()).isEqualTo(200);
    assertThat(gone.header("X-OpenMetadata-Change")).isEqualTo("entityDeleted");
    assertThat(gone.json().get("id").asText()).isEqualTo(id);
    for (String include : List.of("non-deleted", "deleted", "all")) {
      assertThat(server.admin().get(kind.path() + "/" + id + "?include=" + include).status()).isEqualTo(404);
    }
    assertThat(server.admin().get(kind.path() + "/" + id + "/versions").status()).isEqualTo(404);
    assertThat(server.admin().post(kind.path(), kind.newRequest(name).toString()).status()).isEqualTo(201);

    UUID unknown = UUID.randomUUID();
    Api.Response missing = delete(server.admin(), kind, unknown.toString());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("message").asText()).isEqualTo(kind.entityType() + " instance for " + unknown + " not found");
  }

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void deleteByNameAndItsPermissions(KindFixture kind) {
    JsonNode created = create(server, kind, "byname");
    String name = created.get("name").asText();
    TestServer.User stranger = server.newUser();
    Api.Response denied = stranger.api().send("DELETE", kind.path() + "/name/" + kind.fqn(name) + "?hardDelete=true", null, Map.of());
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("message").asText())
        .isEqualTo("Principal: CatalogPrincipal{name='" + stranger.name() + "'} operations [Delete] not allowed");
    Api.Response stale = server.admin().send("DELETE", kind.path() + "/name/" + kind.fqn(name), null, Map.of("If-Match", "\"0.5\""));
    assertThat(stale.status()).isEqualTo(412);
    Api.Response deleted = server.admin().send("DELETE", kind.path() + "/name/" + kind.fqn(name), null, Map.of("If-Match", "\"0.1\""));
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
  }
}
