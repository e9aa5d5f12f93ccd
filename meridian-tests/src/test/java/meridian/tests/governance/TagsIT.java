package meridian.tests.governance;

import static meridian.tests.governance.Governance.SERVICES;
import static meridian.tests.governance.Governance.TAGS;
import static meridian.tests.governance.Governance.tagged;
import static meridian.tests.governance.Governance.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.StoreDump;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Classification tags on services (spec §2.4, §3.5, §8.4 cases 44, 45, 56): OM's TagLabel shape,
 * sorted and de-duplicated, mutually exclusive classifications, PUT merges and PATCH replaces.
 */
class TagsIT extends ServerIT {
  static Governance make;

  @BeforeAll
  static void helpers() {
    make = new Governance(server);
  }

  @Test
  void theSeededClassificationsAndTagsAreOms() {
    JsonNode pii = server.admin().get("/api/v1/classifications/name/PII?fields=termCount").json();
    assertThat(pii.get("mutuallyExclusive").asBoolean()).isTrue();
    assertThat(pii.get("provider").asText()).isEqualTo("system");
    assertThat(pii.get("termCount").asInt()).isEqualTo(3);
    assertThat(pii.get("description").asText()).startsWith("Personally Identifiable Information that, when used alone");
    JsonNode tier = server.admin().get(TAGS + "?parent=Tier&limit=10").json();
    assertThat(values(tier.get("data"), "fullyQualifiedName")).containsExactly("Tier.Tier1", "Tier.Tier2", "Tier.Tier3", "Tier.Tier4", "Tier.Tier5");
    JsonNode sensitive = server.admin().get(TAGS + "/name/PII.Sensitive").json();
    assertThat(sensitive.get("description").asText()).startsWith("PII which if lost, compromised, or disclosed without authorization");
    assertThat(sensitive.at("/classification/name").asText()).isEqualTo("PII");
    Api.Response undeletable = server.admin().delete("/api/v1/classifications/" + pii.get("id").asText() + "?recursive=true");
    assertThat(undeletable.status()).isEqualTo(400);
    assertThat(undeletable.json().get("message").asText()).isEqualTo("System entity [PII] of type classification can not be deleted.");
  }

  @Test
  void tagsComeBackAsOmsTagLabelsSortedAndOnce() {
    JsonNode service = Governance.created(server.admin().post(SERVICES,
        tagged(Fixtures.uniqueName("tagged"), "Tier.Tier1", "PII.Sensitive", "Tier.Tier1").toString()));
    JsonNode tags = service.get("tags");
    assertThat(values(tags, "tagFQN")).containsExactly("PII.Sensitive", "Tier.Tier1");
    JsonNode label = tags.get(0);
    assertThat(label.get("name").asText()).isEqualTo("Sensitive");
    assertThat(label.get("source").asText()).isEqualTo("Classification");
    assertThat(label.get("labelType").asText()).isEqualTo("Manual");
    assertThat(label.get("state").asText()).isEqualTo("Confirmed");
    assertThat(label.get("description").asText()).startsWith("PII which if lost");
    ObjectNode suggested = tagged(Fixtures.uniqueName("suggested"));
    suggested.withArray("tags").addObject().put("tagFQN", "PII.None").put("labelType", "Automated").put("state", "Suggested");
    JsonNode automated = Governance.created(server.admin().post(SERVICES, suggested.toString())).get("tags").get(0);
    assertThat(automated.get("labelType").asText()).isEqualTo("Automated");
    assertThat(automated.get("state").asText()).isEqualTo("Suggested");
    assertThat(server.admin().get(SERVICES + "/" + service.get("id").asText() + "?fields=tags").json().get("tags")).isEqualTo(tags);
  }

  @Test
  void unknownTagsAndGlossaryTermsAre404AndWriteNothing() {
    List<String> before = StoreDump.of(server);
    Api.Response unknown = server.admin().post(SERVICES, tagged(Fixtures.uniqueName("x"), "invalidTag").toString());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText()).isEqualTo("tag instance for invalidTag not found");
    ObjectNode glossary = tagged(Fixtures.uniqueName("g"));
    glossary.withArray("tags").addObject().put("tagFQN", "Glossary.Term").put("source", "Glossary");
    Api.Response term = server.admin().put(SERVICES, glossary.toString());
    assertThat(term.status()).isEqualTo(404);
    assertThat(term.json().get("message").asText()).isEqualTo("glossaryTerm instance for Glossary.Term not found");
    assertThat(StoreDump.of(server)).isEqualTo(before);
    assertThat(server.admin().get(SERVICES).status()).isEqualTo(200);
  }

  @Test
  void twoTagsOfAMutuallyExclusiveClassificationAre400() {
    Api.Response both = server.admin().post(SERVICES, tagged(Fixtures.uniqueName("tiers"), "Tier.Tier1", "Tier.Tier2").toString());
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.json().get("message").asText())
        .isEqualTo("Tag labels Tier.Tier2 and Tier.Tier1 are mutually exclusive and can't be assigned together");
    JsonNode open = make.classification(false);
    String a = make.tag(open.get("name").asText(), null).get("fullyQualifiedName").asText();
    String b = make.tag(open.get("name").asText(), null).get("fullyQualifiedName").asText();
    assertThat(server.admin().post(SERVICES, tagged(Fixtures.uniqueName("open"), a, b).toString()).status()).isEqualTo(201);

    // Siblings under a mutually exclusive parent tag exclude each other too.
    JsonNode parent = make.tag(open.get("name").asText(), null);
    server.admin().patch(TAGS + "/" + parent.get("id").asText(), "[{\"op\":\"replace\",\"path\":\"/mutuallyExclusive\",\"value\":true}]");
    String c1 = make.tag(open.get("name").asText(), parent.get("fullyQualifiedName").asText()).get("fullyQualifiedName").asText();
    String c2 = make.tag(open.get("name").asText(), parent.get("fullyQualifiedName").asText()).get("fullyQualifiedName").asText();
    assertThat(c1).startsWith(parent.get("fullyQualifiedName").asText() + ".");
    Api.Response siblings = server.admin().post(SERVICES, tagged(Fixtures.uniqueName("nested"), c1, c2).toString());
    assertThat(siblings.status()).isEqualTo(400);
    assertThat(siblings.json().get("message").asText()).contains("are mutually exclusive and can't be assigned together");
  }

  @Test
  void putMergesTagsAndPatchReplacesThem() {
    String name = Fixtures.uniqueName("merge");
    JsonNode created = Governance.created(server.admin().post(SERVICES, tagged(name, "PII.Sensitive", "Tier.Tier1").toString()));
    String id = created.get("id").asText();
    JsonNode put = server.admin().put(SERVICES, tagged(name, "PII.Sensitive").toString()).json();
    assertThat(values(put.get("tags"), "tagFQN")).as("PUT never removes a tag").containsExactly("PII.Sensitive", "Tier.Tier1");
    assertThat(put.get("version").asDouble()).isEqualTo(0.1);
    Api.Response conflicting = server.admin().put(SERVICES, tagged(name, "Tier.Tier3").toString());
    assertThat(conflicting.status()).as("Tier3 merged beside Tier1").isEqualTo(400);
    JsonNode open = make.classification(false);
    String extra = make.tag(open.get("name").asText(), null).get("fullyQualifiedName").asText();
    JsonNode merged = server.admin().put(SERVICES, tagged(name, extra, "PII.Sensitive").toString()).json();
    assertThat(merged.get("tags")).hasSize(3);
    assertThat(merged.at("/changeDescription/fieldsAdded/0/name").asText()).isEqualTo("tags");

    JsonNode patched = server.admin().patch(SERVICES + "/" + id,
        "[{\"op\":\"replace\",\"path\":\"/tags\",\"value\":[{\"tagFQN\":\"PII.None\"},{\"tagFQN\":\"Tier.Tier2\"}]}]").json();
    assertThat(values(patched.get("tags"), "tagFQN")).containsExactly("PII.None", "Tier.Tier2");
    JsonNode emptied = server.bot().patch(SERVICES + "/" + id, "[{\"op\":\"replace\",\"path\":\"/tags\",\"value\":[]}]").json();
    assertThat(emptied.get("tags")).isEmpty();
    Api.Response unknown = server.admin().patch(SERVICES + "/" + id, "[{\"op\":\"add\",\"path\":\"/tags/-\",\"value\":{\"tagFQN\":\"invalidTag\"}}]");
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void usageCountsTheEntitiesCarryingATagAndATagLeavesThemWhenDeleted() {
    JsonNode open = make.classification(false);
    JsonNode tag = make.tag(open.get("name").asText(), null);
    String fqn = tag.get("fullyQualifiedName").asText();
    String id = tag.get("id").asText();
    for (int i = 0; i < 3; i++) {
      Governance.created(server.admin().post(SERVICES, tagged(Fixtures.uniqueName("used"), fqn).toString()));
    }
    assertThat(server.admin().get(TAGS + "/" + id + "?fields=usageCount").json().get("usageCount").asInt()).isEqualTo(3);
    assertThat(server.admin().get("/api/v1/classifications/" + open.get("id").asText() + "?fields=usageCount,termCount").json()
        .get("usageCount").asInt()).isEqualTo(3);

    // A new display name is seen at once wherever the tag is used: labels are stored by id.
    server.admin().patch(TAGS + "/" + id, "[{\"op\":\"add\",\"path\":\"/displayName\",\"value\":\"Shown\"}]");
    String service = Fixtures.uniqueName("shown");
    JsonNode label = Governance.created(server.admin().post(SERVICES, tagged(service, fqn).toString())).get("tags").get(0);
    assertThat(label.get("displayName").asText()).isEqualTo("Shown");

    assertThat(server.admin().delete(TAGS + "/" + id).status()).isEqualTo(200);
    JsonNode after = server.admin().get(SERVICES + "/name/" + service + "?fields=tags").json();
    assertThat(after.get("tags")).as("a deleted tag comes off the entities (OM's TagRepository)").isEmpty();
    assertThat(after.get("version").asDouble()).as("which records no change on them").isEqualTo(0.1);
    Api.Response gone = server.admin().post(SERVICES, tagged(Fixtures.uniqueName("late"), fqn).toString());
    assertThat(gone.status()).isEqualTo(404);
  }

  @Test
  void aDisabledTagCantBeAssignedAndANestedTagsParentMustBeInItsClassification() {
    JsonNode open = make.classification(false);
    JsonNode tag = make.tag(open.get("name").asText(), null);
    server.admin().patch(TAGS + "/" + tag.get("id").asText(), "[{\"op\":\"replace\",\"path\":\"/disabled\",\"value\":true}]");
    Api.Response disabled = server.admin().post(SERVICES, tagged(Fixtures.uniqueName("d"), tag.get("fullyQualifiedName").asText()).toString());
    assertThat(disabled.status()).isEqualTo(400);
    assertThat(disabled.json().get("message").asText())
        .isEqualTo("Tag label " + tag.get("fullyQualifiedName").asText() + " is disabled and can't be assigned to a data asset.");

    Api.Response crossed = server.admin().post(TAGS, Api.JSON.createObjectNode().put("name", "Cross").put("description", "x")
        .put("classification", open.get("name").asText()).put("parent", "PII.Sensitive").toString());
    assertThat(crossed.status()).isEqualTo(400);
    assertThat(crossed.json().get("message").asText()).contains("is not in classification");
    Api.Response noClassification = server.admin().post(TAGS, "{\"name\":\"Lost\",\"description\":\"x\",\"classification\":\"Nope\"}");
    assertThat(noClassification.status()).isEqualTo(404);
    assertThat(noClassification.json().get("message").asText()).isEqualTo("classification instance for Nope not found");
  }

  @Test
  void aClassificationWithTagsNeedsRecursiveToBeDeleted() {
    JsonNode open = make.classification(true);
    JsonNode tag = make.tag(open.get("name").asText(), null);
    String classification = "/api/v1/classifications/" + open.get("id").asText();
    Api.Response refused = server.admin().delete(classification);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("message").asText()).isEqualTo("classification is not empty");
    assertThat(server.admin().delete(classification + "?recursive=true").status()).isEqualTo(200);
    assertThat(server.admin().get(TAGS + "/" + tag.get("id").asText()).status()).as("its tags went with it").isEqualTo(404);
    assertThat(server.admin().get(TAGS + "/" + tag.get("id").asText() + "?include=deleted").json().get("deleted").asBoolean()).isTrue();
    JsonNode restored = server.admin().put(classification.replace("/" + open.get("id").asText(), "/restore"),
        "{\"id\":\"" + open.get("id").asText() + "\"}").json();
    assertThat(restored.get("deleted").asBoolean()).isFalse();
    assertThat(server.admin().get(TAGS + "/" + tag.get("id").asText()).status()).as("and came back with it").isEqualTo(200);
    assertThat(server.admin().send("DELETE", classification + "?recursive=true&hardDelete=true", null, Map.of()).status()).isEqualTo(200);
    assertThat(server.admin().get(TAGS + "/" + tag.get("id").asText() + "?include=all").status()).isEqualTo(404);
  }
}
