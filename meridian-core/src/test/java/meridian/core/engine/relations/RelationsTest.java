package meridian.core.engine.relations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import meridian.core.Fqn;
import meridian.core.Json;
import meridian.core.engine.Kinds;
import meridian.core.errors.ApiException;
import meridian.core.kinds.classification.ClassificationKind;
import meridian.core.kinds.classification.TagKind;
import meridian.core.kinds.domains.DomainKind;
import meridian.core.kinds.teams.TeamKind;
import meridian.core.kinds.users.UserKind;
import org.junit.jupiter.api.Test;

/**
 * The relation mechanism's pure part (ARCHITECTURE §2): what a request asks for in each field, how
 * references resolve against fetched targets (by id, by FQN, quoted or not), the messages for a
 * wrong kind or an unknown target, the field rules, and the shapes a response shows.
 */
class RelationsTest {
  static final Json JSON = new Json();
  static final Kinds KINDS = new Kinds(List.of(new UserKind(), new TeamKind(), new DomainKind(), new ClassificationKind(), new TagKind()));
  final Relations relations = new Relations(KINDS);
  final TeamKind teams = new TeamKind();
  final MapLookup lookup = new MapLookup();

  private ObjectNode team(String json) {
    try {
      return (ObjectNode) JSON.mapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRequestAsksOnlyForTheFieldsItMentions() {
    UUID user = UUID.randomUUID();
    Map<String, List<Relations.Ref>> asked = relations.requested(teams, team(
        "{\"name\":\"t\",\"teamType\":\"Group\",\"owners\":[{\"id\":\"" + user + "\",\"type\":\"user\"},{\"name\":\"ana\",\"type\":\"user\"}],"
            + "\"users\":[\"" + user + "\"],\"domains\":null}"));
    assertThat(asked).containsOnlyKeys("owners", "users");
    assertThat(asked.get("owners")).extracting(Relations.Ref::id).containsExactly(user, null);
    assertThat(asked.get("owners").get(1).fqn()).isEqualTo("ana");
    assertThat(relations.requested(teams, team("{\"name\":\"t\",\"domain\":\"Finance\"}")).get("domains").get(0).fqn())
        .as("the older single domain").isEqualTo("Finance");
  }

  @Test
  void shapesThatNameNothingAreA400NamingTheField() {
    assertThatThrownBy(() -> relations.requested(teams, team("{\"name\":\"t\",\"owners\":[null]}")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo("[owners[0] must not be null]"));
    assertThatThrownBy(() -> relations.requested(teams, team("{\"name\":\"t\",\"owners\":[{\"type\":\"user\"}]}")))
        .hasMessageContaining("owners[0] must have an id, or a name or fullyQualifiedName");
    assertThatThrownBy(() -> relations.requested(teams, team("{\"name\":\"t\",\"domains\":[\" \"]}")))
        .hasMessageContaining("domains[0] must be the fully qualified name of a domain");
  }

  @Test
  void referencesResolveByIdOrByNameAndWrongOrUnknownOnesAreOmsErrors() {
    Link ana = lookup.add("user", "ana");
    Link finance = lookup.add("domain", "Finance");
    Link dotted = lookup.add(new Link(UUID.randomUUID(), "domain", "a.b", "\"a.b\"", null, false, JSON.object(), null));
    Relations.Resolver resolver = relations.resolver(teams,
        Map.of("user", Map.of(ana.id(), ana)),
        Map.of("domain", Map.of(Fqn.hash("Finance"), finance, Fqn.hash("\"a.b\""), dotted)));
    Map<String, List<Link>> links = resolver.resolve(relations.requested(teams, team(
        "{\"name\":\"t\",\"owners\":[{\"id\":\"" + ana.id() + "\",\"type\":\"user\"},{\"id\":\"" + ana.id() + "\",\"type\":\"user\"}],"
            + "\"domains\":[\"Finance\",\"a.b\"]}")));
    assertThat(links.get("owners")).as("de-duplicated").containsExactly(ana);
    assertThat(links.get("domains")).as("a root's dotted name is found quoted or not; sorted by name").containsExactly(finance, dotted);

    assertThatThrownBy(() -> resolver.resolve(relations.requested(teams, team("{\"name\":\"t\",\"owners\":[{\"name\":\"x\",\"type\":\"domain\"}]}"))))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("Entity of type domain can't be the owner. Only Team of type Group or a User can own entities.");
        });
    assertThatThrownBy(() -> resolver.resolve(relations.requested(teams, team("{\"name\":\"t\",\"domains\":[\"Nope\"]}"))))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.getMessage()).isEqualTo("domain instance for Nope not found");
        });
  }

  @Test
  void aNewReferenceToASoftDeletedTargetIsRefusedAnOldOneMayStay() {
    Link gone = new Link(UUID.randomUUID(), "domain", "Old", "Old", null, true, JSON.object(), null);
    RelationField domains = RelationFields.domains();
    assertThatThrownBy(() -> Relations.refuseNewlyDeleted(domains, List.of(gone), List.of()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo("domain instance for Old not found"));
    Relations.refuseNewlyDeleted(domains, List.of(gone), List.of(gone));
    Relations.refuseNewlyDeleted(RelationFields.owners(), List.of(gone), List.of());
  }

  @Test
  void theFieldRulesRunOnWhatAWriteLeaves() {
    Link group = lookup.add("team", "g", "teamType", "Group");
    Link department = lookup.add("team", "d", "teamType", "Department");
    relations.check(teams, Map.of("owners", List.of(group)), lookup);
    assertThatThrownBy(() -> relations.check(teams, Map.of("owners", List.of(department)), lookup))
        .hasMessage("Team of type Department can't own entities. Only Team of type Group can own entities.");
    Link exclusive = lookup.add("classification", "PII", "mutuallyExclusive", "true");
    Link a = lookup.add("tag", "PII.Sensitive");
    Link b = lookup.add("tag", "PII.NonSensitive");
    JsonNode flag = JSON.tree(true);
    exclusive.target().set("mutuallyExclusive", flag);
    assertThatThrownBy(() -> Rules.TAGS.check(RelationFields.tags(), List.of(b, a), Map.of(), lookup))
        .hasMessage("Tag labels PII.Sensitive and PII.NonSensitive are mutually exclusive and can't be assigned together");
    Link domain = lookup.add("domain", "Finance");
    Link product = lookup.add("dataProduct", "ledger");
    lookup.holds(product, "domains", domain);
    Rules.DATA_PRODUCTS.check(RelationFields.dataProducts(), List.of(product), Map.of("domains", List.of(domain)), lookup);
    assertThatThrownBy(() -> Rules.DATA_PRODUCTS.check(RelationFields.dataProducts(), List.of(product), Map.of(), lookup))
        .hasMessage("Domain cannot be empty when data products are provided.");
    assertThat(Rules.DATA_PRODUCTS.needs()).containsExactly("domains");
  }

  @Test
  void linksRenderAsOmsReferencesAndTagLabels() {
    Link ana = lookup.add("user", "ana");
    JsonNode ref = relations.render(RelationFields.owners(), List.of(ana), "http://h/api");
    assertThat(ref.get(0).get("type").asText()).isEqualTo("user");
    assertThat(ref.get(0).get("href").asText()).isEqualTo("http://h/api/v1/users/" + ana.id());
    assertThat(ref.get(0).get("deleted").asBoolean()).isFalse();
    Link tag = lookup.add("tag", "PII.Sensitive", "description", "secret");
    JsonNode label = relations.render(RelationFields.tags(), List.of(tag.withLabel(new Link.Label("Classification", "Automated", "Suggested"))), null);
    assertThat(label.get(0).get("tagFQN").asText()).isEqualTo("PII.Sensitive");
    assertThat(label.get(0).get("description").asText()).isEqualTo("secret");
    assertThat(label.get(0).get("labelType").asText()).isEqualTo("Automated");
    assertThat(label.get(0).has("href")).isFalse();
    assertThat(relations.render(RelationField.edges("parent", List.of("domain"), false, "contains", true, RelationField.Shape.FQN), List.of(), null)
        .isNull()).isTrue();
  }
}
