package meridian.tests.governance;

import static meridian.tests.governance.Governance.SERVICES;
import static meridian.tests.governance.Governance.ref;
import static meridian.tests.governance.Governance.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.StoreDump;
import meridian.tests.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Owners of a service: users or Group teams, by id or by name, checked with OM's messages (spec §2.3, §3.4, §7). */
class OwnersIT extends ServerIT {
  static Governance make;

  @BeforeAll
  static void helpers() {
    make = new Governance(server);
  }

  private static Api.Response create(ObjectNode request) {
    return server.admin().post(SERVICES, request.toString());
  }

  @Test
  void ownersResolveByIdOrByNameAndComeBackPopulatedAndSortedByName() {
    TestServer.User zed = server.newUser();
    TestServer.User amy = server.newUser();
    JsonNode team = make.group();
    ObjectNode request = Fixtures.minimal(Fixtures.uniqueName("owned"));
    request.putArray("owners")
        .add(ref(zed.id(), "user"))
        .add(Api.JSON.createObjectNode().put("name", amy.name()).put("type", "user"))
        .add(Api.JSON.createObjectNode().put("fullyQualifiedName", team.get("name").asText()).put("type", "team"))
        .add(ref(zed.id(), "user"));
    JsonNode service = Governance.created(create(request));
    JsonNode owners = service.get("owners");
    assertThat(owners).hasSize(3);
    List<String> names = values(owners, "name");
    assertThat(names).isSortedAccordingTo(String::compareTo).containsExactlyInAnyOrder(zed.name(), amy.name(), team.get("name").asText());
    JsonNode teamRef = owners.get(names.indexOf(team.get("name").asText()));
    assertThat(teamRef.get("type").asText()).isEqualTo("team");
    assertThat(teamRef.get("id").asText()).isEqualTo(team.get("id").asText());
    assertThat(teamRef.get("href").asText()).endsWith("/api/v1/teams/" + team.get("id").asText());
    assertThat(teamRef.get("deleted").asBoolean()).isFalse();

    JsonNode read = server.admin().get(SERVICES + "/" + service.get("id").asText() + "?fields=owners").json();
    assertThat(read.get("owners")).isEqualTo(owners);
    assertThat(server.admin().get(SERVICES + "/" + service.get("id").asText()).json().has("owners")).as("only when asked").isFalse();
  }

  @Test
  void everyWrongOwnerIsRefusedWithOmsMessageAndWritesNothing() {
    UUID ghost = UUID.randomUUID();
    JsonNode department = make.team("Department");
    assertRefused(ref(ghost.toString(), "user"), 404, "user instance for " + ghost + " not found");
    assertRefused(ref(ghost.toString(), "team"), 404, "team instance for " + ghost + " not found");
    assertRefused(Api.JSON.createObjectNode().put("name", "nobody_here").put("type", "user"), 404, "user instance for nobody_here not found");
    assertRefused(Api.JSON.createObjectNode().put("id", ghost.toString()), 400, "[owners[0].type must not be null]");
    assertRefused(ref(ghost.toString(), "table"), 400,
        "Entity of type table can't be the owner. Only Team of type Group or a User can own entities.");
    assertRefused(ref(department.get("id").asText(), "team"), 400,
        "Team of type Department can't own entities. Only Team of type Group can own entities.");
    Api.Response organization = server.admin().get("/api/v1/teams/name/Organization");
    assertRefused(ref(organization.json().get("id").asText(), "team"), 400,
        "Team of type Organization can't own entities. Only Team of type Group can own entities.");
  }

  private static void assertRefused(ObjectNode owner, int status, String message) {
    String name = Fixtures.uniqueName("refused");
    ObjectNode request = Fixtures.minimal(name);
    request.putArray("owners").add(owner);
    List<String> before = StoreDump.of(server);
    for (String method : List.of("POST", "PUT")) {
      Api.Response response = server.admin().send(method, SERVICES, request.toString(), java.util.Map.of());
      assertThat(response.status()).as(method + " " + owner).isEqualTo(status);
      assertThat(response.json().get("message").asText()).as(method + " " + owner).isEqualTo(message);
    }
    assertThat(StoreDump.of(server)).as("nothing written by the refused writes").isEqualTo(before);
    Api.Response bulk = server.admin().put(SERVICES + "/bulk", "[" + request + "," + Fixtures.minimal(Fixtures.uniqueName("fine")) + "]");
    assertThat(bulk.json().get("numberOfRowsFailed").asInt()).isEqualTo(1);
    JsonNode failed = bulk.json().get("failedRequest").get(0);
    assertThat(failed.get("status").asInt()).isEqualTo(status);
    assertThat(failed.get("message").asText()).isEqualTo(message);
    assertThat(server.admin().get(SERVICES + "/name/" + name + "?include=all").status()).as("the failed item wrote nothing").isEqualTo(404);
  }

  @Test
  void putKeepsOwnersWhenNoneAreSentAndReplacesThemOtherwise() {
    TestServer.User first = server.newUser();
    TestServer.User second = server.newUser();
    String name = Fixtures.uniqueName("putowners");
    ObjectNode request = Fixtures.minimal(name);
    request.putArray("owners").add(ref(first.id(), "user"));
    create(request);
    request.remove("owners");
    Api.Response kept = server.admin().put(SERVICES, request.toString());
    assertThat(kept.header("X-OpenMetadata-Change")).isEqualTo("entityNoChange");
    assertThat(values(kept.json().get("owners"), "id")).containsExactly(first.id());
    request.putArray("owners");
    assertThat(server.admin().put(SERVICES, request.toString()).header("X-OpenMetadata-Change")).isEqualTo("entityNoChange");

    request.putArray("owners").add(ref(second.id(), "user"));
    JsonNode replaced = server.admin().put(SERVICES, request.toString()).json();
    assertThat(values(replaced.get("owners"), "id")).containsExactly(second.id());
    assertThat(replaced.at("/changeDescription/fieldsAdded/0/name").asText()).isEqualTo("owners");
    assertThat(replaced.at("/changeDescription/fieldsAdded/0/newValue").asText()).contains(second.id());
    assertThat(replaced.at("/changeDescription/fieldsDeleted/0/oldValue").asText()).contains(first.id());
    assertThat(replaced.get("version").asDouble()).isEqualTo(0.2);
  }

  @Test
  void aSoftDeletedOwnerStaysNamedAndShowsAsDeleted() {
    TestServer.User owner = server.newUser();
    ObjectNode request = Fixtures.minimal(Fixtures.uniqueName("leaver"));
    request.putArray("owners").add(ref(owner.id(), "user"));
    String id = Governance.created(create(request)).get("id").asText();
    assertThat(server.admin().delete("/api/v1/users/" + owner.id()).status()).isEqualTo(200);
    JsonNode read = server.admin().get(SERVICES + "/" + id + "?fields=owners").json();
    assertThat(read.get("owners").get(0).get("deleted").asBoolean()).isTrue();
    assertThat(read.get("version").asDouble()).as("the service itself did not change").isEqualTo(0.1);
  }
}
