package meridian.tests.governance;

import static meridian.tests.governance.Governance.SERVICES;
import static meridian.tests.governance.Governance.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.junit.jupiter.api.Test;

/** Followers of a service (spec §3.10, §8.4 cases 48–50): a ChangeEvent, no new version, OM's messages. */
class FollowersIT extends ServerIT {
  private static Api.Response follow(Api api, String id, String userId) {
    return api.put(SERVICES + "/" + id + "/followers", "\"" + userId + "\"");
  }

  @Test
  void followersAreAddedOnceAndRemovedWithoutANewVersion() {
    JsonNode service = Governance.created(server.admin().post(SERVICES, Fixtures.minimal(Fixtures.uniqueName("followed")).toString()));
    String id = service.get("id").asText();
    TestServer.User first = server.newUser();
    TestServer.User second = server.newUser();

    Api.Response added = follow(first.api(), id, first.id());
    assertThat(added.status()).isEqualTo(200);
    assertThat(added.header("X-OpenMetadata-Change")).isEqualTo("entityFieldsChanged");
    JsonNode event = added.json();
    assertThat(event.get("eventType").asText()).isEqualTo("entityUpdated");
    assertThat(event.get("entityType").asText()).isEqualTo("databaseService");
    assertThat(event.get("entityId").asText()).isEqualTo(id);
    assertThat(event.at("/changeDescription/fieldsAdded/0/name").asText()).isEqualTo("followers");
    assertThat(event.at("/changeDescription/fieldsAdded/0/newValue/0/id").asText()).isEqualTo(first.id());
    assertThat(event.get("currentVersion").asDouble()).isEqualTo(0.1);
    assertThat(follow(first.api(), id, first.id()).status()).as("again").isEqualTo(200);
    follow(second.api(), id, second.id());
    JsonNode two = server.admin().get(SERVICES + "/" + id + "?fields=followers").json();
    assertThat(values(two.get("followers"), "id")).containsExactlyInAnyOrder(first.id(), second.id());
    assertThat(two.get("version").asDouble()).isEqualTo(0.1);

    Api.Response removed = first.api().delete(SERVICES + "/" + id + "/followers/" + first.id());
    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.json().at("/changeDescription/fieldsDeleted/0/name").asText()).isEqualTo("followers");
    server.admin().delete(SERVICES + "/" + id + "/followers/" + second.id());
    assertThat(server.admin().get(SERVICES + "/" + id + "?fields=followers").json().get("followers")).isEmpty();
  }

  @Test
  void unknownAndDeletedUsersAreRefusedAndADeletedServiceKeepsItsFollowers() {
    String id = Governance.created(server.admin().post(SERVICES, Fixtures.minimal(Fixtures.uniqueName("f")).toString())).get("id").asText();
    String ghost = UUID.randomUUID().toString();
    Api.Response unknown = follow(server.admin(), id, ghost);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText()).isEqualTo("user instance for " + ghost + " not found");
    assertThat(server.admin().delete(SERVICES + "/" + id + "/followers/" + ghost).status()).isEqualTo(404);

    TestServer.User leaver = server.newUser();
    server.admin().delete("/api/v1/users/" + leaver.id());
    Api.Response deleted = follow(server.admin(), id, leaver.id());
    assertThat(deleted.status()).isEqualTo(400);
    assertThat(deleted.json().get("message").asText()).isEqualTo("User " + leaver.id() + " is deleted");

    TestServer.User fan = server.newUser();
    follow(fan.api(), id, fan.id());
    server.admin().delete(SERVICES + "/" + id);
    JsonNode gone = server.admin().get(SERVICES + "/" + id + "?include=deleted&fields=followers").json();
    assertThat(values(gone.get("followers"), "id")).containsExactly(fan.id());
    assertThat(follow(fan.api(), id, fan.id()).status()).as("a deleted service").isEqualTo(404);
  }
}
