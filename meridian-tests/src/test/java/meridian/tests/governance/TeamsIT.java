package meridian.tests.governance;

import static meridian.tests.governance.Governance.TEAMS;
import static meridian.tests.governance.Governance.USERS;
import static meridian.tests.governance.Governance.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Teams: OM's hierarchy rules and messages, the Organization root, and users in teams. */
class TeamsIT extends ServerIT {
  static Governance make;
  static JsonNode organization;

  @BeforeAll
  static void helpers() {
    make = new Governance(server);
    organization = server.admin().get(TEAMS + "/name/Organization").json();
  }

  @Test
  void theOrganizationExistsFromTheFirstStartAndCantBeDeletedOrMadeAgain() {
    assertThat(organization.get("teamType").asText()).isEqualTo("Organization");
    assertThat(organization.get("description").asText()).isEqualTo("Organization under which all the other team hierarchy is created");
    Api.Response delete = server.admin().delete(TEAMS + "/" + organization.get("id").asText() + "?recursive=true&hardDelete=true");
    assertThat(delete.status()).isEqualTo(400);
    assertThat(delete.json().get("message").asText()).isEqualTo("Organization team type can't be deleted");
    Api.Response another = server.admin().post(TEAMS, "{\"name\":\"" + Fixtures.uniqueName("org") + "\",\"teamType\":\"Organization\"}");
    assertThat(another.status()).isEqualTo(400);
    assertThat(another.json().get("message").asText()).isEqualTo("Only one Organization is allowed. New Organization type can't be created");
  }

  @Test
  void aTeamWithoutParentsIsUnderTheOrganization() {
    JsonNode unit = make.team("BusinessUnit");
    assertThat(values(unit.get("parents"), "id")).containsExactly(organization.get("id").asText());
    JsonNode top = server.admin().get(TEAMS + "?parentTeam=Organization&limit=1000").json();
    assertThat(values(top.get("data"), "id")).contains(unit.get("id").asText());
  }

  @Test
  void theHierarchyFollowsOmsRules() {
    String bu = make.team("BusinessUnit").get("id").asText();
    String division = make.team("Division", bu).get("id").asText();
    String department = make.team("Department", division).get("id").asText();
    JsonNode group = make.team("Group", department);
    assertThat(values(group.get("parents"), "id")).containsExactly(department);
    JsonNode withChildren = server.admin().get(TEAMS + "/" + division + "?fields=children,childrenCount").json();
    assertThat(values(withChildren.get("children"), "id")).containsExactly(department);
    assertThat(withChildren.get("childrenCount").asInt()).isEqualTo(1);

    JsonNode groupTeam = group;
    assertRefused("Division", groupTeam.get("id").asText(), null,
        "Team " + groupTeam.get("name").asText() + " of type Group can't be of parent of team %s of type Division");
    assertRefused("BusinessUnit", department, null, "can't be of parent of team");
    assertRefused("Division", bu, division, "Team of type Division can have only 1 parents");
    Api.Response groupWithChildren = server.admin().post(TEAMS, Api.JSON.createObjectNode().put("name", Fixtures.uniqueName("g"))
        .put("teamType", "Group").set("children", Api.JSON.createArrayNode().add(department)).toString());
    assertThat(groupWithChildren.status()).isEqualTo(400);
    assertThat(groupWithChildren.json().get("message").asText())
        .isEqualTo("Team of type Group can't have children of type team. Only users are allowed as part of the team");
    Api.Response unknownType = server.admin().post(TEAMS, "{\"name\":\"x\",\"teamType\":\"Squad\"}");
    assertThat(unknownType.status()).isEqualTo(400);
    assertThat(unknownType.json().get("message").asText()).contains("teamType").contains("Group");
    Api.Response noType = server.admin().post(TEAMS, "{\"name\":\"x\"}");
    assertThat(noType.json().get("message").asText()).isEqualTo("[query param teamType must not be null]");

    Api.Response away = server.admin().patch(TEAMS + "/" + groupTeam.get("id").asText(),
        "[{\"op\":\"replace\",\"path\":\"/teamType\",\"value\":\"Department\"}]");
    assertThat(away.status()).isEqualTo(400);
    assertThat(away.json().get("message").asText()).isEqualTo("Team of type Group cannot be updated");
    Api.Response toGroup = server.admin().patch(TEAMS + "/" + division, "[{\"op\":\"replace\",\"path\":\"/teamType\",\"value\":\"Group\"}]");
    assertThat(toGroup.status()).isEqualTo(400);

    Api.Response notEmpty = server.admin().delete(TEAMS + "/" + division);
    assertThat(notEmpty.status()).isEqualTo(400);
    assertThat(notEmpty.json().get("message").asText()).isEqualTo("team is not empty");
    assertThat(server.admin().delete(TEAMS + "/" + division + "?recursive=true").status()).isEqualTo(200);
    assertThat(server.admin().get(TEAMS + "/" + groupTeam.get("id").asText()).status()).as("the whole branch").isEqualTo(404);
  }

  @Test
  void aLoopInTheHierarchyIsRefused() {
    JsonNode top = make.team("Department");
    JsonNode middle = make.team("Department", top.get("id").asText());
    JsonNode bottom = make.team("Department", middle.get("id").asText());
    Api.Response up = server.admin().patch(TEAMS + "/" + top.get("id").asText(),
        "[{\"op\":\"replace\",\"path\":\"/parents\",\"value\":[{\"id\":\"" + bottom.get("id").asText() + "\",\"type\":\"team\"}]}]");
    assertThat(up.status()).isEqualTo(400);
    assertThat(up.json().get("message").asText())
        .isEqualTo("Circular reference detected in hierarchy for Team '" + top.get("name").asText() + "'. The parent relationship creates a loop.");
    Api.Response down = server.admin().patch(TEAMS + "/" + bottom.get("id").asText(),
        "[{\"op\":\"add\",\"path\":\"/children/-\",\"value\":{\"id\":\"" + top.get("id").asText() + "\",\"type\":\"team\"}}]");
    assertThat(down.status()).isEqualTo(400);
    assertThat(down.json().get("message").asText()).startsWith("Circular reference detected: Team '" + top.get("name").asText() + "'");
    assertThat(server.admin().delete(TEAMS + "/" + top.get("id").asText() + "?recursive=true&hardDelete=true").status()).isEqualTo(200);
    assertThat(server.admin().get(TEAMS + "/" + bottom.get("id").asText() + "?include=all").status()).isEqualTo(404);
  }

  private static void assertRefused(String type, String parent, String secondParent, String message) {
    ObjectNode request = Api.JSON.createObjectNode().put("name", Fixtures.uniqueName("bad")).put("teamType", type);
    request.putArray("parents").add(parent);
    if (secondParent != null) {
      request.withArray("parents").add(secondParent);
    }
    Api.Response response = server.admin().post(TEAMS, request.toString());
    assertThat(response.status()).as(request.toString()).isEqualTo(400);
    String expected = message.contains("%s") ? String.format(message, request.get("name").asText()) : message;
    assertThat(response.json().get("message").asText()).contains(expected);
  }

  @Test
  void aTeamsUsersAndAUsersTeamsAreOneEdge() {
    TestServer.User ana = server.newUser();
    TestServer.User bo = server.newUser();
    JsonNode group = make.group(ana.id());
    JsonNode teams = server.admin().get(USERS + "/" + ana.id() + "?fields=teams").json().get("teams");
    assertThat(values(teams, "id")).containsExactly(group.get("id").asText());

    // A user's PUT with teams joins them; a team's users show it at once.
    ObjectNode boRequest = Api.JSON.createObjectNode().put("name", bo.name()).put("email", bo.name() + "@example.com");
    boRequest.putArray("teams").add(group.get("id").asText());
    assertThat(server.admin().put(USERS, boRequest.toString()).status()).isEqualTo(200);
    JsonNode members = server.admin().get(TEAMS + "/" + group.get("id").asText() + "?fields=users,userCount").json();
    assertThat(values(members.get("users"), "id")).containsExactlyInAnyOrder(ana.id(), bo.id());
    assertThat(members.get("userCount").asInt()).isEqualTo(2);

    // A PUT without teams leaves them all: the user is then shown in the Organization, as OM does.
    boRequest.remove("teams");
    server.admin().put(USERS, boRequest.toString());
    assertThat(values(server.admin().get(USERS + "/" + bo.id() + "?fields=teams").json().get("teams"), "name")).containsExactly("Organization");
    assertThat(values(server.admin().get(TEAMS + "/" + group.get("id").asText() + "?fields=users").json().get("users"), "id"))
        .containsExactly(ana.id());

    JsonNode department = make.team("Department");
    JsonNode nested = make.team("Group", department.get("id").asText());
    ObjectNode join = Api.JSON.createObjectNode().put("name", bo.name()).put("email", bo.name() + "@example.com");
    join.putArray("teams").add(nested.get("id").asText());
    server.admin().put(USERS, join.toString());
    assertThat(server.admin().get(TEAMS + "/" + department.get("id").asText() + "?fields=userCount").json().get("userCount").asInt())
        .as("users of the teams below count too").isEqualTo(1);
  }
}
