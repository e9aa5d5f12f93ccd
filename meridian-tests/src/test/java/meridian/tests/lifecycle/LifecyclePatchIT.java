package meridian.tests.lifecycle;

import static meridian.tests.lifecycle.Lifecycle.create;
import static meridian.tests.lifecycle.Lifecycle.patch;
import static meridian.tests.lifecycle.Lifecycle.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import meridian.tests.Api;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 6902 PATCH for every kind (spec §3.6, §1.7). */
class LifecyclePatchIT extends LifecycleIT {

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void addReplaceAndRemoveAFieldAsSeparateVersions(KindFixture kind) {
    String id = create(server, kind, "patch").get("id").asText();
    // Different users, so that no PATCH folds into the one before it.
    Api first = server.admin();
    Api second = server.bot();
    Api.Response added = patch(first, kind, id, "[{\"op\":\"add\",\"path\":\"/displayName\",\"value\":\"one\"}]");
    assertThat(added.status()).isEqualTo(200);
    assertThat(added.header("X-OpenMetadata-Change")).isEqualTo("entityUpdated");
    assertThat(added.header("ETag")).isEqualTo("\"0.2\"");
    assertThat(added.json().at("/changeDescription/fieldsAdded/0/name").asText()).isEqualTo("displayName");

    JsonNode replaced = patch(second, kind, id, "[{\"op\":\"replace\",\"path\":\"/displayName\",\"value\":\"two\"}]").json();
    assertThat(version(replaced)).isEqualTo(0.3);
    assertThat(replaced.at("/changeDescription/fieldsUpdated/0/oldValue").asText()).isEqualTo("one");

    JsonNode removed = patch(first, kind, id, "[{\"op\":\"remove\",\"path\":\"/displayName\"}]").json();
    assertThat(version(removed)).isEqualTo(0.4);
    assertThat(removed.has("displayName")).isFalse();
    assertThat(removed.at("/changeDescription/fieldsDeleted/0/oldValue").asText()).isEqualTo("two");

    Api.Response same = patch(second, kind, id, "[{\"op\":\"add\",\"path\":\"/displayName\",\"value\":\"D\"},{\"op\":\"remove\",\"path\":\"/displayName\"}]");
    assertThat(same.header("X-OpenMetadata-Change")).isEqualTo("entityNoChange");
    assertThat(version(same.json())).isEqualTo(0.4);
  }

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void readOnlyFieldsArePutBackAndDeletedCantBeSet(KindFixture kind) {
    JsonNode entity = create(server, kind, "readonly");
    String id = entity.get("id").asText();
    JsonNode patched = patch(server.admin(), kind, id,
        "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"renamed\"},{\"op\":\"replace\",\"path\":\"/version\",\"value\":9.9},"
            + "{\"op\":\"replace\",\"path\":\"/id\",\"value\":\"00000000-0000-0000-0000-000000000000\"},"
            + "{\"op\":\"add\",\"path\":\"/description\",\"value\":\"x\"}]").json();
    assertThat(patched.get("name")).isEqualTo(entity.get("name"));
    assertThat(patched.get("id")).isEqualTo(entity.get("id"));
    assertThat(version(patched)).isEqualTo(0.2);

    Api.Response deleted = patch(server.admin(), kind, id, "[{\"op\":\"replace\",\"path\":\"/deleted\",\"value\":true}]");
    assertThat(deleted.status()).isEqualTo(400);
    assertThat(deleted.json().get("message").asText()).isEqualTo(kind.entityType() + " attribute deleted can't be modified");

    Api.Response unknown = patch(server.admin(), kind, id, "[{\"op\":\"add\",\"path\":\"/bogus\",\"value\":1}]");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("message").asText()).contains("bogus");

    Api.Response invalid = patch(server.admin(), kind, id, "[{\"op\":\"move\",\"path\":\"/description\"}]");
    assertThat(invalid.status()).isEqualTo(400);
    Api.Response notAnArray = patch(server.admin(), kind, id, "{\"op\":\"add\"}");
    assertThat(notAnArray.status()).isEqualTo(400);
    Api.Response testFails = patch(server.admin(), kind, id, "[{\"op\":\"test\",\"path\":\"/description\",\"value\":\"nope\"}]");
    assertThat(testFails.status()).isEqualTo(400);
  }

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void theSameUsersPatchesWithinTheSessionFoldIntoOneVersion(KindFixture kind) {
    String id = create(server, kind, "session").get("id").asText();
    JsonNode first = patch(server.admin(), kind, id, "[{\"op\":\"add\",\"path\":\"/displayName\",\"value\":\"a\"}]").json();
    assertThat(version(first)).isEqualTo(0.2);
    JsonNode second = patch(server.admin(), kind, id, "[{\"op\":\"replace\",\"path\":\"/displayName\",\"value\":\"b\"}]").json();
    assertThat(version(second)).isEqualTo(0.2);
    assertThat(second.at("/changeDescription/previousVersion").asDouble()).isEqualTo(0.1);
    assertThat(second.at("/changeDescription/fieldsAdded/0/newValue").asText()).isEqualTo("b");
    JsonNode undone = patch(server.admin(), kind, id, "[{\"op\":\"remove\",\"path\":\"/displayName\"}]").json();
    assertThat(version(undone)).as("undoing the session's change returns to 0.1").isEqualTo(0.1);
    JsonNode versions = server.admin().get(kind.path() + "/" + id + "/versions").json().get("versions");
    assertThat(versions).hasSize(1);

    // PUT is never consolidated.
    var request = server.admin().get(kind.path() + "/" + id).json();
    var put = kind.newRequest(request.get("name").asText());
    put.put("description", "by put");
    if (kind == KindFixture.DATABASE_SERVICES) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) put.at("/connection/config")).put("password", "*********");
    }
    assertThat(version(server.admin().put(kind.path(), put.toString()).json())).isEqualTo(0.2);
    put.put("description", "by put again");
    assertThat(version(server.admin().put(kind.path(), put.toString()).json())).isEqualTo(0.3);
  }

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void ifMatchGuardsAPatch(KindFixture kind) {
    String id = create(server, kind, "etag").get("id").asText();
    Api.Response stale = patch(server.admin(), kind, id, "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"x\"}]",
        Map.of("If-Match", "\"0.7\""));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.json().get("message").asText()).isEqualTo("The entity has been modified by another user. Please refresh and retry.");
    Api.Response fresh = patch(server.admin(), kind, id, "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"x\"}]",
        Map.of("If-Match", "\"0.1\""));
    assertThat(fresh.status()).isEqualTo(200);
    assertThat(fresh.header("ETag")).isEqualTo("\"0.2\"");
    Api.Response weak = patch(server.admin(), kind, id, "[{\"op\":\"replace\",\"path\":\"/description\",\"value\":\"y\"}]",
        Map.of("If-Match", "W/\"0.2\""));
    assertThat(version(weak.json())).as("If-Match turns off consolidation").isEqualTo(0.3);
    assertThat(patch(server.admin(), kind, id, "[{\"op\":\"replace\",\"path\":\"/description\",\"value\":\"z\"}]",
        Map.of("If-Match", "*")).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void aStrangersPatchIsForbidden(KindFixture kind) {
    String id = create(server, kind, "stranger").get("id").asText();
    TestServer.User stranger = server.newUser();
    Api.Response denied = patch(stranger.api(), kind, id, "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"x\"}]");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("message").asText())
        .isEqualTo("Principal: CatalogPrincipal{name='" + stranger.name() + "'} operations [EditDescription] not allowed");
  }

  @Test
  void ownersAreReplacedByPatchAndAnyoneMayClaimAnUnownedService() {
    KindFixture kind = KindFixture.DATABASE_SERVICES;
    String id = create(server, kind, "owned").get("id").asText();
    TestServer.User claimer = server.newUser();
    String claim = "[{\"op\":\"add\",\"path\":\"/owners/-\",\"value\":{\"id\":\"" + claimer.id() + "\",\"type\":\"user\"}}]";
    Api.Response claimed = patch(claimer.api(), kind, id, claim);
    assertThat(claimed.status()).as("OM's NoOwner rule").isEqualTo(200);
    assertThat(claimed.json().get("owners").get(0).get("id").asText()).isEqualTo(claimer.id());

    TestServer.User other = server.newUser();
    String takeOver = "[{\"op\":\"replace\",\"path\":\"/owners/0\",\"value\":{\"id\":\"" + other.id() + "\",\"type\":\"user\"}}]";
    Api.Response denied = patch(other.api(), kind, id, takeOver);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("message").asText()).contains("[EditOwners]");

    JsonNode emptied = patch(claimer.api(), kind, id, "[{\"op\":\"remove\",\"path\":\"/owners/0\"}]").json();
    assertThat(emptied.get("owners")).isEmpty();
    assertThat(server.admin().get(kind.path() + "/" + id + "?fields=owners").json().get("owners")).isEmpty();
  }

  @Test
  void aPatchKeepsMaskedSecretsAndCanReplaceThem() {
    KindFixture kind = KindFixture.DATABASE_SERVICES;
    JsonNode created = create(server, kind, "secretpatch");
    String id = created.get("id").asText();
    patch(server.admin(), kind, id, "[{\"op\":\"replace\",\"path\":\"/connection/config/warehouse\",\"value\":\"w2\"}]");
    JsonNode seen = server.bot().get(kind.path() + "/" + id).json();
    assertThat(seen.at("/connection/config/password").asText()).startsWith("s3cret-");
    assertThat(seen.at("/connection/config/warehouse").asText()).isEqualTo("w2");
    patch(server.admin(), kind, id, "[{\"op\":\"replace\",\"path\":\"/connection/config/password\",\"value\":\"rotated\"}]");
    assertThat(server.bot().get(kind.path() + "/" + id).json().at("/connection/config/password").asText()).isEqualTo("rotated");
  }
}
