package meridian.tests.governance;

import static meridian.tests.governance.Governance.DATA_PRODUCTS;
import static meridian.tests.governance.Governance.DOMAINS;
import static meridian.tests.governance.Governance.SERVICES;
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

/** Domains, sub-domains and data products, and a service's place in them (contract §4, spec §3.1, §3.5, §7). */
class DomainsIT extends ServerIT {
  static Governance make;

  @BeforeAll
  static void helpers() {
    make = new Governance(server);
  }

  @Test
  void aServiceTakesItsDomainAsDomainOrDomainsAndShowsBoth() {
    JsonNode finance = make.domain(null);
    String fqn = finance.get("fullyQualifiedName").asText();
    ObjectNode single = Fixtures.minimal(Fixtures.uniqueName("single"));
    single.put("domain", fqn);
    JsonNode created = Governance.created(server.admin().post(SERVICES, single.toString()));
    assertThat(values(created.get("domains"), "fullyQualifiedName")).containsExactly(fqn);
    JsonNode read = server.admin().get(SERVICES + "/" + created.get("id").asText() + "?fields=domains,domain").json();
    assertThat(read.at("/domain/id").asText()).isEqualTo(finance.get("id").asText());
    assertThat(read.at("/domain/type").asText()).isEqualTo("domain");
    assertThat(read.get("domains").get(0).get("id")).isEqualTo(read.at("/domain/id"));

    ObjectNode list = Fixtures.minimal(Fixtures.uniqueName("list"));
    list.putArray("domains").add(fqn);
    assertThat(values(Governance.created(server.admin().post(SERVICES, list.toString())).get("domains"), "id"))
        .containsExactly(finance.get("id").asText());

    ObjectNode unknown = Fixtures.minimal(Fixtures.uniqueName("unknown"));
    unknown.put("domain", "NoSuchDomain");
    Api.Response missing = server.admin().post(SERVICES, unknown.toString());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("message").asText()).isEqualTo("domain instance for NoSuchDomain not found");
  }

  /** OM's UI patches references as {"id", "type"} only; the domain and the owner are found by id. */
  @Test
  void aPatchMaySetDomainsAndOwnersByIdAlone() {
    JsonNode domain = make.domain(null);
    JsonNode service = Governance.created(server.admin().post(SERVICES, Fixtures.minimal(Fixtures.uniqueName("byid")).toString()));
    String admin = server.admin().get("/api/v1/users/name/admin").json().get("id").asText();
    Api.Response patched = server.admin().patch(SERVICES + "/" + service.get("id").asText(), "[{\"op\":\"add\",\"path\":\"/domains\","
        + "\"value\":[{\"id\":\"" + domain.get("id").asText() + "\",\"type\":\"domain\"}]},{\"op\":\"add\",\"path\":\"/owners\","
        + "\"value\":[{\"id\":\"" + admin + "\",\"type\":\"user\"}]}]");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    JsonNode read = server.admin().get(SERVICES + "/" + service.get("id").asText() + "?fields=domains,owners").json();
    assertThat(values(read.get("domains"), "fullyQualifiedName")).containsExactly(domain.get("fullyQualifiedName").asText());
    assertThat(values(read.get("owners"), "name")).containsExactly("admin");
    java.util.UUID missing = java.util.UUID.randomUUID();
    Api.Response unknown = server.admin().patch(SERVICES + "/" + service.get("id").asText(), "[{\"op\":\"add\",\"path\":\"/domains\","
        + "\"value\":[{\"id\":\"" + missing + "\",\"type\":\"domain\"}]}]");
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText()).isEqualTo("domain instance for " + missing + " not found");
    Api.Response wrongType = server.admin().patch(SERVICES + "/" + service.get("id").asText(), "[{\"op\":\"add\",\"path\":\"/domains\","
        + "\"value\":[{\"id\":\"" + admin + "\",\"type\":\"user\"}]}]");
    assertThat(wrongType.status()).as(wrongType.body()).isEqualTo(400);
    assertThat(wrongType.json().get("message").asText()).isEqualTo("domains takes domain references, not user");
  }

  @Test
  void putKeepsDomainsWhenNoneAreSentAndABotCantChangeThem() {
    JsonNode first = make.domain(null);
    JsonNode second = make.domain(null);
    String name = Fixtures.uniqueName("kept");
    ObjectNode request = Fixtures.minimal(name);
    request.put("domain", first.get("fullyQualifiedName").asText());
    Governance.created(server.admin().post(SERVICES, request.toString()));
    request.remove("domain");
    assertThat(server.admin().put(SERVICES, request.toString()).header("X-OpenMetadata-Change")).isEqualTo("entityNoChange");
    request.put("domain", second.get("fullyQualifiedName").asText());
    assertThat(server.bot().put(SERVICES, request.toString()).header("X-OpenMetadata-Change")).as("a bot's PUT").isEqualTo("entityNoChange");
    JsonNode moved = server.admin().put(SERVICES, request.toString()).json();
    assertThat(values(moved.get("domains"), "id")).containsExactly(second.get("id").asText());
  }

  @Test
  void subDomainsAreNamedUnderTheirParentAndListsFilterByDomain() {
    JsonNode parent = make.domain(null);
    JsonNode child = make.domain(parent.get("fullyQualifiedName").asText());
    assertThat(child.get("fullyQualifiedName").asText()).isEqualTo(parent.get("name").asText() + "." + child.get("name").asText());
    assertThat(child.at("/parent/id").asText()).isEqualTo(parent.get("id").asText());
    JsonNode read = server.admin().get(DOMAINS + "/name/" + child.get("fullyQualifiedName").asText() + "?fields=children").json();
    assertThat(read.get("id")).isEqualTo(child.get("id"));
    JsonNode withChildren = server.admin().get(DOMAINS + "/" + parent.get("id").asText() + "?fields=children,childrenCount").json();
    assertThat(values(withChildren.get("children"), "id")).containsExactly(child.get("id").asText());
    assertThat(withChildren.get("childrenCount").asInt()).isEqualTo(1);

    ObjectNode inChild = Fixtures.minimal(Fixtures.uniqueName("inchild"));
    inChild.put("domain", child.get("fullyQualifiedName").asText());
    String inChildName = Governance.created(server.admin().post(SERVICES, inChild.toString())).get("name").asText();
    Governance.created(server.admin().post(SERVICES, Fixtures.minimal(Fixtures.uniqueName("nowhere")).toString()));
    JsonNode filtered = server.admin().get(SERVICES + "?limit=100&domain=" + child.get("fullyQualifiedName").asText()).json();
    assertThat(values(filtered.get("data"), "name")).containsExactly(inChildName);
    assertThat(filtered.at("/paging/total").asInt()).isEqualTo(1);
    Api.Response unknown = server.admin().get(SERVICES + "?domain=NoSuchDomain");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText()).isEqualTo("domain instance for NoSuchDomain not found");

    Api.Response notEmpty = server.admin().delete(DOMAINS + "/" + parent.get("id").asText());
    assertThat(notEmpty.status()).isEqualTo(400);
    assertThat(notEmpty.json().get("message").asText()).isEqualTo("domain is not empty");
    assertThat(server.admin().delete(DOMAINS + "/" + parent.get("id").asText() + "?recursive=true&hardDelete=true").status()).isEqualTo(200);
    assertThat(server.admin().get(DOMAINS + "/" + child.get("id").asText() + "?include=all").status()).isEqualTo(404);
    JsonNode service = server.admin().get(SERVICES + "/name/" + inChildName + "?fields=domains").json();
    assertThat(service.get("domains")).as("a hard-deleted domain leaves its assets").isEmpty();
    assertThat(service.get("version").asDouble()).isEqualTo(0.1);
  }

  @Test
  void dataProductsNeedADomainOfTheService() {
    JsonNode domain = make.domain(null);
    JsonNode other = make.domain(null);
    JsonNode product = make.dataProduct(domain.get("fullyQualifiedName").asText());
    assertThat(product.get("fullyQualifiedName").asText()).isEqualTo(product.get("name").asText());
    assertThat(values(product.get("domains"), "id")).containsExactly(domain.get("id").asText());

    ObjectNode without = Fixtures.minimal(Fixtures.uniqueName("nodomain"));
    without.putArray("dataProducts").add(product.get("fullyQualifiedName").asText());
    Api.Response noDomain = server.admin().post(SERVICES, without.toString());
    assertThat(noDomain.status()).isEqualTo(400);
    assertThat(noDomain.json().get("message").asText()).isEqualTo("Domain cannot be empty when data products are provided.");

    ObjectNode elsewhere = without.deepCopy().put("name", Fixtures.uniqueName("elsewhere")).put("domain", other.get("fullyQualifiedName").asText());
    Api.Response mismatch = server.admin().post(SERVICES, elsewhere.toString());
    assertThat(mismatch.status()).isEqualTo(400);
    assertThat(mismatch.json().get("errorType").asText()).isEqualTo("RULE_VIOLATION");
    assertThat(mismatch.json().get("message").asText()).startsWith("Rule [Data Product Domain Validation] validation failed");

    ObjectNode fine = without.deepCopy().put("name", Fixtures.uniqueName("fine")).put("domain", domain.get("fullyQualifiedName").asText());
    JsonNode service = Governance.created(server.admin().post(SERVICES, fine.toString()));
    assertThat(values(service.get("dataProducts"), "id")).containsExactly(product.get("id").asText());
    assertThat(server.admin().get(DATA_PRODUCTS + "?domain=" + domain.get("fullyQualifiedName").asText()).json().at("/paging/total").asInt())
        .isEqualTo(1);
    Api.Response unknown = server.admin().post(SERVICES,
        fine.deepCopy().put("name", Fixtures.uniqueName("ghost")).set("dataProducts", Api.JSON.createArrayNode().add("NoProduct")).toString());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText()).isEqualTo("dataProduct instance for NoProduct not found");
  }

  @Test
  void expertsAreUsersByNameAndDomainTypesAreOms() {
    TestServer.User expert = server.newUser();
    ObjectNode request = Api.JSON.createObjectNode().put("name", Fixtures.uniqueName("experts")).put("domainType", "Consumer-aligned")
        .put("description", "d");
    request.putArray("experts").add(expert.name());
    JsonNode domain = Governance.created(server.admin().post(DOMAINS, request.toString()));
    assertThat(values(domain.get("experts"), "id")).containsExactly(expert.id());
    request.put("name", Fixtures.uniqueName("noexpert")).putArray("experts").add("nobody_at_all");
    Api.Response unknown = server.admin().post(DOMAINS, request.toString());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText()).isEqualTo("user instance for nobody_at_all not found");
    Api.Response badType = server.admin().post(DOMAINS, "{\"name\":\"bad\",\"domainType\":\"Other\",\"description\":\"d\"}");
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.json().get("message").asText()).contains("domainType").contains("Source-aligned");
    Api.Response noDescription = server.admin().post(DOMAINS, "{\"name\":\"bad\",\"domainType\":\"Aggregate\"}");
    assertThat(noDescription.json().get("message").asText()).isEqualTo("[query param description must not be null]");
  }
}
