package meridian.tests.governance;

import static meridian.tests.governance.Governance.SERVICES;
import static meridian.tests.governance.Governance.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may change a service (contract §3, spec §6.2): its owners — a user, or any member of an
 * owning Group team — and admins and bots; nobody else, with OM's 403 naming the operations.
 */
class OwnerPermissionsIT extends ServerIT {
  static Governance make;

  @BeforeAll
  static void helpers() {
    make = new Governance(server);
  }

  /** A service owned by {@code owner} ({@code type} user or team); its name. */
  private static String owned(String ownerId, String type) {
    ObjectNode request = Fixtures.minimal(Fixtures.uniqueName("perm"));
    request.putArray("owners").add(ref(ownerId, type));
    return Governance.created(server.admin().post(SERVICES, request.toString())).get("name").asText();
  }

  private static Api.Response describe(Api api, String name, String description) {
    return api.put(SERVICES, Fixtures.minimal(name).put("description", description).toString());
  }

  @Test
  void aMemberOfTheOwningTeamMayUpdateAndDeleteAndAStrangerMayNot() {
    TestServer.User member = server.newUser();
    TestServer.User stranger = server.newUser();
    JsonNode team = make.group(member.id());
    String name = owned(team.get("id").asText(), "team");

    Api.Response edited = describe(member.api(), name, "by a member");
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.json().get("updatedBy").asText()).isEqualTo(member.name());
    Api.Response patched = member.api().patch(SERVICES + "/name/" + name, "[{\"op\":\"add\",\"path\":\"/displayName\",\"value\":\"Ours\"}]");
    assertThat(patched.status()).isEqualTo(200);

    Api.Response denied = describe(stranger.api(), name, "by a stranger");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("message").asText())
        .isEqualTo("Principal: CatalogPrincipal{name='" + stranger.name() + "'} operations [EditAll] not allowed");
    Api.Response notDeleted = stranger.api().delete(SERVICES + "/name/" + name);
    assertThat(notDeleted.status()).isEqualTo(403);
    assertThat(notDeleted.json().get("message").asText()).contains("[Delete]");

    assertThat(member.api().delete(SERVICES + "/name/" + name + "?hardDelete=true").status()).isEqualTo(200);
  }

  @Test
  void anOwningUserMayUpdateAndAdminsAndBotsMayAlways() {
    TestServer.User owner = server.newUser();
    String name = owned(owner.id(), "user");
    assertThat(describe(owner.api(), name, "mine").status()).isEqualTo(200);
    assertThat(describe(server.admin(), name, "the admin's").status()).isEqualTo(200);
    Api.Response bot = server.bot().patch(SERVICES + "/name/" + name, "[{\"op\":\"add\",\"path\":\"/displayName\",\"value\":\"Bot\"}]");
    assertThat(bot.status()).isEqualTo(200);
  }

  @Test
  void leavingTheOwningTeamEndsTheRight() {
    TestServer.User member = server.newUser();
    JsonNode team = make.group(member.id());
    String name = owned(team.get("id").asText(), "team");
    assertThat(describe(member.api(), name, "while a member").status()).isEqualTo(200);
    ObjectNode leave = Api.JSON.createObjectNode().put("name", team.get("name").asText()).put("teamType", "Group");
    leave.putArray("users");
    assertThat(server.admin().put(Governance.TEAMS, leave.toString()).status()).isEqualTo(200);
    assertThat(describe(member.api(), name, "after leaving").status()).isEqualTo(403);
  }

  @Test
  void aPatchNamesTheFieldLevelOperationsItNeeded() {
    TestServer.User owner = server.newUser();
    TestServer.User stranger = server.newUser();
    String name = owned(owner.id(), "user");
    String base = SERVICES + "/name/" + name;
    Map<String, String> patches = Map.of(
        "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"x\"}]", "[EditDescription]",
        "[{\"op\":\"add\",\"path\":\"/tags/-\",\"value\":{\"tagFQN\":\"PII.None\"}}]", "[EditTags]",
        "[{\"op\":\"replace\",\"path\":\"/owners/0\",\"value\":{\"id\":\"" + stranger.id() + "\",\"type\":\"user\"}}]", "[EditOwners]",
        "[{\"op\":\"add\",\"path\":\"/displayName\",\"value\":\"x\"},{\"op\":\"add\",\"path\":\"/description\",\"value\":\"y\"}]",
        "[EditDescription, EditDisplayName]");
    patches.forEach((patch, operations) -> {
      Api.Response denied = stranger.api().patch(base, patch);
      assertThat(denied.status()).as(patch).isEqualTo(403);
      assertThat(denied.json().get("message").asText()).as(patch).endsWith("operations " + operations + " not allowed");
    });
    assertThat(owner.api().patch(base, "[{\"op\":\"add\",\"path\":\"/tags/-\",\"value\":{\"tagFQN\":\"PII.None\"}}]").status())
        .isEqualTo(200);
  }

  @Test
  void anyoneMayClaimAServiceWithoutOwnersButNotOneWithOwners() {
    TestServer.User claimer = server.newUser();
    String name = Governance.created(server.admin().post(SERVICES, Fixtures.minimal(Fixtures.uniqueName("free")).toString()))
        .get("name").asText();
    JsonNode team = make.group(claimer.id());
    Api.Response claimed = claimer.api().patch(SERVICES + "/name/" + name,
        "[{\"op\":\"add\",\"path\":\"/owners/-\",\"value\":{\"id\":\"" + team.get("id").asText() + "\",\"type\":\"team\"}}]");
    assertThat(claimed.status()).as("OM's NoOwner rule").isEqualTo(200);
    TestServer.User other = server.newUser();
    Api.Response denied = other.api().patch(SERVICES + "/name/" + name,
        "[{\"op\":\"add\",\"path\":\"/owners/-\",\"value\":{\"id\":\"" + other.id() + "\",\"type\":\"user\"}}]");
    assertThat(denied.status()).isEqualTo(403);
  }
}
