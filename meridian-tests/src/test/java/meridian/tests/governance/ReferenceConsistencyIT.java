package meridian.tests.governance;

import static meridian.tests.governance.Governance.SERVICES;
import static meridian.tests.governance.Governance.ref;
import static meridian.tests.governance.Governance.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * References stay true when the other side changes: a soft-deleted user, team, domain or tag shows
 * as deleted (a tag comes off, as in OM); a hard-deleted one is gone from every referencing entity;
 * a new display name is seen everywhere at once. As in OM, none of it is a change of the referencing
 * entity: its version stays.
 */
class ReferenceConsistencyIT extends ServerIT {
  static Governance make;

  @BeforeAll
  static void helpers() {
    make = new Governance(server);
  }

  /** A service referring to a user, a team, a domain and a tag; its id. */
  private static String service(TestServer.User user, JsonNode team, JsonNode domain, String tag) {
    ObjectNode request = Governance.tagged(Fixtures.uniqueName("refs"), tag);
    request.putArray("owners").add(ref(user.id(), "user")).add(ref(team.get("id").asText(), "team"));
    request.put("domain", domain.get("fullyQualifiedName").asText());
    return Governance.created(server.admin().post(SERVICES, request.toString())).get("id").asText();
  }

  private static JsonNode read(String id) {
    return server.admin().get(SERVICES + "/" + id + "?fields=owners,domains,tags").json();
  }

  @Test
  void softDeletedTargetsShowAsDeleted() {
    TestServer.User user = server.newUser();
    JsonNode team = make.group();
    JsonNode domain = make.domain(null);
    JsonNode classification = make.classification(false);
    JsonNode tag = make.tag(classification.get("name").asText(), null);
    String id = service(user, team, domain, tag.get("fullyQualifiedName").asText());

    server.admin().delete("/api/v1/users/" + user.id());
    server.admin().delete(Governance.TEAMS + "/" + team.get("id").asText());
    server.admin().delete(Governance.DOMAINS + "/" + domain.get("id").asText());
    server.admin().delete(Governance.TAGS + "/" + tag.get("id").asText());

    JsonNode seen = read(id);
    assertThat(values(seen.get("owners"), "deleted")).containsExactly("true", "true");
    assertThat(seen.at("/domains/0/deleted").asBoolean()).isTrue();
    assertThat(seen.get("tags")).isEmpty();
    assertThat(seen.get("version").asDouble()).isEqualTo(0.1);
  }

  @Test
  void hardDeletedTargetsAreGoneFromEveryReferencingEntity() {
    TestServer.User user = server.newUser();
    JsonNode team = make.group();
    JsonNode domain = make.domain(null);
    JsonNode classification = make.classification(false);
    JsonNode tag = make.tag(classification.get("name").asText(), null);
    List<String> ids = List.of(service(user, team, domain, tag.get("fullyQualifiedName").asText()),
        service(user, team, domain, tag.get("fullyQualifiedName").asText()));

    for (String path : List.of("/api/v1/users/" + user.id(), Governance.TEAMS + "/" + team.get("id").asText(),
        Governance.DOMAINS + "/" + domain.get("id").asText(), Governance.TAGS + "/" + tag.get("id").asText())) {
      assertThat(server.admin().delete(path + "?hardDelete=true").status()).as(path).isEqualTo(200);
    }
    for (String id : ids) {
      JsonNode seen = read(id);
      assertThat(seen.get("owners")).isEmpty();
      assertThat(seen.get("domains")).isEmpty();
      assertThat(seen.get("tags")).isEmpty();
      assertThat(seen.get("version").asDouble()).isEqualTo(0.1);
      assertThat(server.admin().get(SERVICES + "?domain=" + domain.get("fullyQualifiedName").asText()).status()).isEqualTo(404);
    }
  }

  @Test
  void aNewDisplayNameIsSeenThroughEveryReference() {
    TestServer.User user = server.newUser();
    JsonNode team = make.group();
    JsonNode domain = make.domain(null);
    String id = service(user, team, domain, "PII.None");
    server.admin().patch("/api/v1/users/" + user.id(), "[{\"op\":\"add\",\"path\":\"/displayName\",\"value\":\"Ana Renamed\"}]");
    server.admin().patch(Governance.TEAMS + "/" + team.get("id").asText(), "[{\"op\":\"add\",\"path\":\"/displayName\",\"value\":\"Team Renamed\"}]");
    server.admin().patch(Governance.DOMAINS + "/" + domain.get("id").asText(), "[{\"op\":\"add\",\"path\":\"/displayName\",\"value\":\"Dom Renamed\"}]");
    JsonNode seen = read(id);
    assertThat(values(seen.get("owners"), "displayName")).containsExactlyInAnyOrder("Ana Renamed", "Team Renamed");
    assertThat(seen.at("/domains/0/displayName").asText()).isEqualTo("Dom Renamed");
    assertThat(seen.get("version").asDouble()).isEqualTo(0.1);
    JsonNode listed = server.admin().get(SERVICES + "?limit=1000&fields=owners").json();
    listed.get("data").forEach(item -> {
      if (item.get("id").asText().equals(id)) {
        assertThat(values(item.get("owners"), "displayName")).contains("Ana Renamed");
      }
    });
  }

  @Test
  void aReferenceToASoftDeletedTargetCantBeMadeButOneThatExistsMayStay() {
    JsonNode domain = make.domain(null);
    ObjectNode existing = Fixtures.minimal(Fixtures.uniqueName("before"));
    existing.put("domain", domain.get("fullyQualifiedName").asText());
    String id = Governance.created(server.admin().post(SERVICES, existing.toString())).get("id").asText();
    server.admin().delete(Governance.DOMAINS + "/" + domain.get("id").asText());

    Api.Response patched = server.admin().patch(SERVICES + "/" + id, "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"still here\"}]");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().at("/domains/0/deleted").asBoolean()).isTrue();
    existing.put("description", "still here");
    assertThat(server.admin().put(SERVICES, existing.toString()).header("X-OpenMetadata-Change")).isEqualTo("entityNoChange");

    ObjectNode request = Fixtures.minimal(Fixtures.uniqueName("late"));
    request.put("domain", domain.get("fullyQualifiedName").asText());
    Api.Response refused = server.admin().post(SERVICES, request.toString());
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.json().get("message").asText()).isEqualTo("domain instance for " + domain.get("fullyQualifiedName").asText() + " not found");
  }
}
