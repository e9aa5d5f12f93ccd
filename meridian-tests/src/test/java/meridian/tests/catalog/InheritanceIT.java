package meridian.tests.catalog;

import static meridian.tests.catalog.Tree.DATABASES;
import static meridian.tests.catalog.Tree.SCHEMAS;
import static meridian.tests.catalog.Tree.SERVICES;
import static meridian.tests.catalog.Tree.TABLES;
import static meridian.tests.catalog.Tree.column;
import static meridian.tests.catalog.Tree.created;
import static meridian.tests.catalog.Tree.ok;
import static meridian.tests.catalog.Tree.refused;
import static meridian.tests.catalog.Tree.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.junit.jupiter.api.Test;

/**
 * What comes down the tree (catalog spec §5.7): owners, domains and retentionPeriod an entity does
 * not have itself are shown as its nearest ancestor's, marked inherited and never stored; and the
 * owners of an ancestor may create and edit under it, where a plain user gets OM's 403.
 */
class InheritanceIT extends ServerIT {
  private static String ownerRef(TestServer.User user) {
    return "[{\"id\":\"" + user.id() + "\",\"type\":\"user\"}]";
  }

  @Test
  void ownersDomainsAndRetentionComeDownUntilAChildHasItsOwn() {
    Api admin = server.admin();
    TestServer.User owner = server.newUser();
    TestServer.User other = server.newUser();
    String domain = Fixtures.uniqueName("Dom");
    created(admin.post("/api/v1/domains", "{\"name\":\"" + domain + "\",\"domainType\":\"Aggregate\",\"description\":\"d\"}"));
    String service = Fixtures.uniqueName("inherit");
    created(admin.post(SERVICES, "{\"name\":\"" + service + "\",\"serviceType\":\"Mysql\",\"owners\":" + ownerRef(owner)
        + ",\"domains\":[\"" + domain + "\"]}"));
    created(admin.post(DATABASES, "{\"name\":\"db\",\"service\":\"" + service + "\"}"));
    created(admin.post(SCHEMAS, "{\"name\":\"sch\",\"database\":\"" + service + ".db\",\"retentionPeriod\":\"P30D\"}"));
    JsonNode t = created(admin.post(TABLES, table(service + ".db.sch", "t", column("id", "INT")).toString()));
    String path = TABLES + "/" + t.get("id").asText();

    JsonNode shown = ok(admin.get(path + "?fields=owners,domains"));
    assertThat(shown.at("/owners/0/id").asText()).isEqualTo(owner.id());
    assertThat(shown.at("/owners/0/inherited").asBoolean()).isTrue();
    assertThat(shown.at("/domains/0/name").asText()).isEqualTo(domain);
    assertThat(shown.at("/domains/0/inherited").asBoolean()).isTrue();
    assertThat(shown.get("retentionPeriod").asText()).isEqualTo("P30D");
    assertThat(ok(admin.get(path)).has("owners")).as("only when asked for").isFalse();

    JsonNode own = ok(admin.patch(path, "[{\"op\":\"add\",\"path\":\"/owners\",\"value\":" + ownerRef(other) + "}]"));
    assertThat(own.get("changeDescription").toString()).as("inherited owners were never the table's own").doesNotContain(owner.id());
    JsonNode overridden = ok(admin.get(path + "?fields=owners"));
    assertThat(overridden.get("owners")).hasSize(1);
    assertThat(overridden.at("/owners/0/id").asText()).isEqualTo(other.id());
    assertThat(overridden.at("/owners/0").has("inherited")).isFalse();
    ok(admin.patch(path, "[{\"op\":\"replace\",\"path\":\"/owners\",\"value\":[]}]"));
    assertThat(ok(admin.get(path + "?fields=owners")).at("/owners/0/id").asText()).as("the inherited ones reappear").isEqualTo(owner.id());
  }

  @Test
  void aPageOfTablesShowsEachTheOwnersOfItsOwnNearestAncestor() {
    Api admin = server.admin();
    TestServer.User serviceOwner = server.newUser();
    TestServer.User schemaOwner = server.newUser();
    TestServer.User tableOwner = server.newUser();
    String service = Fixtures.uniqueName("inheritpage");
    created(admin.post(SERVICES, "{\"name\":\"" + service + "\",\"serviceType\":\"Mysql\",\"owners\":" + ownerRef(serviceOwner) + "}"));
    created(admin.post(DATABASES, "{\"name\":\"db\",\"service\":\"" + service + "\"}"));
    // Schema a has an owner of its own, b none: its tables come down to the service's.
    created(admin.post(SCHEMAS, "{\"name\":\"a\",\"database\":\"" + service + ".db\",\"owners\":" + ownerRef(schemaOwner) + "}"));
    created(admin.post(SCHEMAS, "{\"name\":\"b\",\"database\":\"" + service + ".db\"}"));
    for (String schema : new String[] {"a", "b"}) {
      created(admin.post(TABLES, table(service + ".db." + schema, "plain", column("id", "INT")).toString()));
      com.fasterxml.jackson.databind.node.ObjectNode own = table(service + ".db." + schema, "owned", column("id", "INT"));
      own.putArray("owners").addObject().put("id", tableOwner.id()).put("type", "user");
      created(admin.post(TABLES, own.toString()));
    }

    JsonNode page = ok(admin.get(TABLES + "?database=" + service + ".db&fields=owners&limit=10"));
    java.util.Map<String, String> owners = new java.util.TreeMap<>();
    java.util.Map<String, Boolean> inherited = new java.util.TreeMap<>();
    page.get("data").forEach(t -> {
      owners.put(t.at("/databaseSchema/name").asText() + "." + t.get("name").asText(), t.at("/owners/0/id").asText());
      inherited.put(t.at("/databaseSchema/name").asText() + "." + t.get("name").asText(), t.at("/owners/0/inherited").asBoolean());
    });
    assertThat(owners).containsExactly(
        java.util.Map.entry("a.owned", tableOwner.id()), java.util.Map.entry("a.plain", schemaOwner.id()),
        java.util.Map.entry("b.owned", tableOwner.id()), java.util.Map.entry("b.plain", serviceOwner.id()));
    assertThat(inherited).containsExactly(
        java.util.Map.entry("a.owned", false), java.util.Map.entry("a.plain", true),
        java.util.Map.entry("b.owned", false), java.util.Map.entry("b.plain", true));
  }

  @Test
  void theOwnersOfAnAncestorMayCreateAndEditUnderIt() {
    Api admin = server.admin();
    TestServer.User owner = server.newUser();
    TestServer.User stranger = server.newUser();
    JsonNode schema = Tree.schema(admin, "perm");
    String fqn = schema.get("fullyQualifiedName").asText();
    ok(admin.patch(SCHEMAS + "/" + schema.get("id").asText(), "[{\"op\":\"add\",\"path\":\"/owners\",\"value\":" + ownerRef(owner) + "}]"));

    String denied = refused(stranger.api().post(TABLES, table(fqn, "nope").toString()), 403);
    assertThat(denied).isEqualTo("Principal: CatalogPrincipal{name='" + stranger.name() + "'} operations [Create] not allowed");
    JsonNode t = created(owner.api().post(TABLES, table(fqn, "mine", column("id", "INT")).toString()));
    assertThat(t.get("updatedBy").asText()).isEqualTo(owner.name());
    ok(owner.api().patch(TABLES + "/" + t.get("id").asText(), "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"by the schema's owner\"}]"));
    assertThat(refused(stranger.api().patch(TABLES + "/" + t.get("id").asText(), "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"x\"}]"),
        403)).contains("[EditDescription]");
    ok(owner.api().put(TABLES, table(fqn, "mine", column("id", "INT"), column("more", "INT")).toString()));
    assertThat(refused(stranger.api().delete(TABLES + "/" + t.get("id").asText()), 403)).contains("[Delete]");
    assertThat(refused(stranger.api().patch(TABLES + "/" + t.get("id").asText(), "[{\"op\":\"add\",\"path\":\"/owners\",\"value\":"
        + ownerRef(stranger) + "}]"), 403)).as("a table whose owners are inherited is not ownerless").contains("[EditOwners]");
    ok(owner.api().delete(TABLES + "/" + t.get("id").asText()));
    // Under a database owned by a team, its members may.
    String team = Fixtures.uniqueName("team");
    JsonNode made = created(admin.post("/api/v1/teams", "{\"name\":\"" + team + "\",\"teamType\":\"Group\",\"users\":[\"" + stranger.id() + "\"]}"));
    ok(admin.patch(DATABASES + "/" + ok(admin.get(DATABASES + "/name/" + schema.at("/database/fullyQualifiedName").asText())).get("id").asText(),
        "[{\"op\":\"add\",\"path\":\"/owners\",\"value\":[{\"id\":\"" + made.get("id").asText() + "\",\"type\":\"team\"}]}]"));
    created(stranger.api().post(SCHEMAS, "{\"name\":\"teams\",\"database\":\"" + schema.at("/database/fullyQualifiedName").asText() + "\"}"));
  }
}
