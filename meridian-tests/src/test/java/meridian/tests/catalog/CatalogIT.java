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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import org.junit.jupiter.api.Test;

/**
 * Databases, schemas and tables under a service (catalog spec §1, §3, §4, §5.1, §9.1–9.2): OM's
 * routes, FQNs, ancestor references, messages for a missing or bad parent, the list filters with
 * their totals, and the children lists.
 */
class CatalogIT extends ServerIT {
  @Test
  void eachLevelTakesItsParentsFqnAndNamesItsAncestors() {
    Api admin = server.admin();
    String service = Fixtures.uniqueName("svc");
    JsonNode svc = created(admin.post(SERVICES, "{\"name\":\"" + service + "\",\"serviceType\":\"Snowflake\"}"));
    JsonNode db = created(admin.post(DATABASES, "{\"name\":\"db\",\"service\":\"" + service + "\"}"));
    assertThat(db.get("fullyQualifiedName").asText()).isEqualTo(service + ".db");
    assertThat(db.at("/service/id").asText()).isEqualTo(svc.get("id").asText());
    assertThat(db.at("/service/type").asText()).isEqualTo("databaseService");
    assertThat(db.get("serviceType").asText()).isEqualTo("Snowflake");
    assertThat(db.get("default").asBoolean()).isFalse();
    JsonNode schema = created(admin.post(SCHEMAS, "{\"name\":\"sch\",\"database\":\"" + service + ".db\"}"));
    assertThat(schema.get("fullyQualifiedName").asText()).isEqualTo(service + ".db.sch");
    assertThat(schema.at("/database/fullyQualifiedName").asText()).isEqualTo(service + ".db");
    assertThat(schema.at("/service/name").asText()).isEqualTo(service);
    JsonNode t = created(admin.post(TABLES, table(service + ".db.sch", "orders", column("id", "BIGINT")).toString()));
    assertThat(t.get("fullyQualifiedName").asText()).isEqualTo(service + ".db.sch.orders");
    assertThat(t.at("/databaseSchema/name").asText()).isEqualTo("sch");
    assertThat(t.at("/database/name").asText()).isEqualTo("db");
    assertThat(t.at("/service/name").asText()).isEqualTo(service);
    assertThat(t.get("serviceType").asText()).isEqualTo("Snowflake");
    assertThat(t.at("/columns/0/fullyQualifiedName").asText()).isEqualTo(service + ".db.sch.orders.id");

    JsonNode byName = ok(admin.get(TABLES + "/name/" + service + ".db.sch.orders"));
    assertThat(byName.get("id").asText()).isEqualTo(t.get("id").asText());
    assertThat(byName.at("/service/href").asText()).endsWith("/api/v1/services/databaseServices/" + svc.get("id").asText());
    assertThat(ok(admin.get(DATABASES + "/name/" + service + ".db")).get("id").asText()).isEqualTo(db.get("id").asText());
    assertThat(admin.get(DATABASES + "/name/db").status()).as("a database's name is its FQN, service first").isEqualTo(404);
    assertThat(ok(admin.get(SERVICES + "/name/" + service)).get("version").asDouble())
        .as("children do not change their parent's version").isEqualTo(0.1);
  }

  @Test
  void dottedNamesAreQuotedInTheFqnsBelowThem() {
    Api admin = server.admin();
    String service = Fixtures.uniqueName("dotted") + ".prod";
    created(admin.post(SERVICES, Fixtures.minimal(service).toString()));
    JsonNode db = created(admin.post(DATABASES, "{\"name\":\"sales.eu\",\"service\":\"\\\"" + service + "\\\"\"}"));
    assertThat(db.get("fullyQualifiedName").asText()).isEqualTo("\"" + service + "\".\"sales.eu\"");
    assertThat(db.get("name").asText()).isEqualTo("sales.eu");
    String encoded = URLEncoder.encode(db.get("fullyQualifiedName").asText(), StandardCharsets.UTF_8);
    assertThat(ok(admin.get(DATABASES + "/name/" + encoded)).get("id")).isEqualTo(db.get("id"));
    JsonNode schema = created(admin.post(SCHEMAS, "{\"name\":\"s\",\"database\":" + Api.JSON.valueToTree(db.get("fullyQualifiedName").asText())
        + "}"));
    JsonNode t = created(admin.post(TABLES, table(schema.get("fullyQualifiedName").asText(), "t", column("col.umn", "INT")).toString()));
    assertThat(t.at("/columns/0/name").asText()).isEqualTo("col.umn");
    assertThat(t.at("/columns/0/fullyQualifiedName").asText()).isEqualTo("\"" + service + "\".\"sales.eu\".s.t.\"col.umn\"");
  }

  @Test
  void aMissingOrUnknownParentIsOmsMessage() {
    Api admin = server.admin();
    assertThat(refused(admin.post(DATABASES, "{\"name\":\"db\"}"), 400)).isEqualTo("[query param service must not be null]");
    assertThat(refused(admin.post(SCHEMAS, "{\"name\":\"s\"}"), 400)).isEqualTo("[query param database must not be null]");
    assertThat(refused(admin.post(TABLES, "{\"name\":\"t\",\"columns\":[]}"), 400))
        .isEqualTo("[query param databaseSchema must not be null]");
    assertThat(refused(admin.post(DATABASES, "{\"name\":\"db\",\"service\":\"nope\"}"), 404))
        .isEqualTo("databaseService instance for nope not found");
    assertThat(refused(admin.post(SCHEMAS, "{\"name\":\"s\",\"database\":\"nope.db\"}"), 404))
        .isEqualTo("database instance for nope.db not found");
    assertThat(refused(admin.post(TABLES, "{\"name\":\"t\",\"databaseSchema\":\"nonExistentSchema\",\"columns\":[]}"), 404))
        .isEqualTo("databaseSchema instance for nonExistentSchema not found");
    JsonNode schema = Tree.schema(admin, "noparent");
    String fqn = schema.get("fullyQualifiedName").asText();
    assertThat(refused(admin.post(TABLES, "{\"name\":\"t\",\"databaseSchema\":\"" + fqn + "\"}"), 400))
        .isEqualTo("[query param columns must not be null]");
    assertThat(refused(admin.post(TABLES, "{\"name\":\"t\",\"databaseSchema\":\"" + fqn + "\",\"service\":\"x\",\"columns\":[]}"), 400))
        .contains("\"service\" is not allowed");
    created(admin.post(TABLES, table(fqn, "twice").toString()));
    assertThat(refused(admin.post(TABLES, table(fqn, "twice").toString()), 409)).isEqualTo("Entity already exists");
    // Soft-deleted parents take no children (docs/decisions.md): the same 404.
    ok(admin.delete(SCHEMAS + "/" + schema.get("id").asText() + "?recursive=true"));
    assertThat(refused(admin.post(TABLES, table(fqn, "late").toString()), 404)).isEqualTo("databaseSchema instance for " + fqn + " not found");
  }

  @Test
  void theSameNameMayLiveUnderTwoParents() {
    Api admin = server.admin();
    List<String> services = new ArrayList<>();
    for (String type : new String[] {"Snowflake", "Redshift", "BigQuery", "Mysql"}) {
      String service = Fixtures.uniqueName(type.toLowerCase());
      services.add(service);
      created(admin.post(SERVICES, "{\"name\":\"" + service + "\",\"serviceType\":\"" + type + "\"}"));
      created(admin.post(DATABASES, "{\"name\":\"shared\",\"service\":\"" + service + "\"}"));
    }
    JsonNode list = ok(admin.get(DATABASES + "?service=" + services.get(1)));
    assertThat(list.at("/paging/total").asInt()).isEqualTo(1);
    assertThat(list.at("/data/0/service/name").asText()).isEqualTo(services.get(1));
    assertThat(list.at("/data/0/serviceType").asText()).isEqualTo("Redshift");
    assertThat(ok(admin.get(DATABASES + "?service=nope")).at("/paging/total").asInt()).as("an unknown service: an empty list").isZero();
  }

  @Test
  void listsNarrowedToAParentOrAnAncestorPageInNameOrderWithTheirTotals() {
    Api admin = server.admin();
    JsonNode schema = Tree.schema(admin, "lists");
    String db = schema.at("/database/fullyQualifiedName").asText();
    JsonNode other = created(admin.post(SCHEMAS, "{\"name\":\"other\",\"database\":\"" + db + "\"}"));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      String name = String.format("t%02d", i);
      String parent = i % 3 == 0 ? other.get("fullyQualifiedName").asText() : schema.get("fullyQualifiedName").asText();
      created(admin.post(TABLES, table(parent, name).toString()));
      expected.add(name);
    }
    // A table of another database, which no filter here may show.
    JsonNode elsewhere = Tree.schema(admin, "elsewhere");
    created(admin.post(TABLES, table(elsewhere.get("fullyQualifiedName").asText(), "t00").toString()));

    List<String> names = new ArrayList<>();
    JsonNode page = null;
    do {
      String after = page == null ? "" : "&after=" + page.at("/paging/after").asText();
      page = ok(admin.get(TABLES + "?database=" + db + "&limit=5" + after));
      assertThat(page.at("/paging/total").asInt()).isEqualTo(23);
      page.get("data").forEach(t -> names.add(t.get("name").asText()));
    } while (page.at("/paging/after").isTextual());
    assertThat(names).isEqualTo(expected);
    JsonNode back = ok(admin.get(TABLES + "?database=" + db + "&limit=5&before=" + page.at("/paging/before").asText()));
    assertThat(back.get("data")).hasSize(5);
    assertThat(back.at("/data/0/name").asText()).isEqualTo("t15");

    JsonNode direct = ok(admin.get(TABLES + "?databaseSchema=" + other.get("fullyQualifiedName").asText() + "&limit=100"));
    assertThat(direct.at("/paging/total").asInt()).isEqualTo(8);
    direct.get("data").forEach(t -> assertThat(t.at("/databaseSchema/name").asText()).isEqualTo("other"));
    assertThat(ok(admin.get(SCHEMAS + "?database=" + db)).at("/paging/total").asInt()).isEqualTo(2);

    ok(admin.delete(TABLES + "/name/" + other.get("fullyQualifiedName").asText() + ".t00"));
    String otherFqn = other.get("fullyQualifiedName").asText();
    assertThat(ok(admin.get(TABLES + "?databaseSchema=" + otherFqn)).at("/paging/total").asInt()).isEqualTo(7);
    assertThat(ok(admin.get(TABLES + "?databaseSchema=" + otherFqn + "&include=deleted")).at("/paging/total").asInt()).isEqualTo(1);
    JsonNode all = ok(admin.get(TABLES + "?databaseSchema=" + otherFqn + "&include=all&limit=3"));
    assertThat(all.at("/paging/total").asInt()).isEqualTo(8);
    assertThat(all.at("/data/0/name").asText()).as("live and deleted merged in name order").isEqualTo("t00");
    assertThat(refused(admin.get(TABLES + "?database=" + db + "&databaseSchema=" + otherFqn), 400)).contains("Only one of");
  }

  /** A database of more schemas than one query per parent is worth: the page and its total are the same. */
  @Test
  void aListUnderManyParentsPagesBothWaysWithItsTotal() {
    Api admin = server.admin();
    JsonNode first = Tree.schema(admin, "many");
    String db = first.at("/database/fullyQualifiedName").asText();
    List<String> schemas = new ArrayList<>(List.of(first.get("fullyQualifiedName").asText()));
    for (int i = 1; i < 24; i++) {
      schemas.add(created(admin.post(SCHEMAS, "{\"name\":\"s" + i + "\",\"database\":\"" + db + "\"}")).get("fullyQualifiedName").asText());
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String name = String.format("t%02d", i);
      created(admin.post(TABLES, table(schemas.get(i % schemas.size()), name).toString()));
      expected.add(name);
    }
    JsonNode gone = ok(admin.get(TABLES + "/name/" + schemas.get(7) + ".t07"));
    ok(admin.delete(TABLES + "/" + gone.get("id").asText()));
    assertThat(ok(admin.get(TABLES + "?database=" + db)).at("/paging/total").asInt()).isEqualTo(29);
    assertThat(ok(admin.get(TABLES + "?database=" + db + "&include=deleted")).at("/paging/total").asInt()).isEqualTo(1);

    List<String> names = new ArrayList<>();
    List<JsonNode> pages = new ArrayList<>();
    JsonNode page = null;
    do {
      String after = page == null ? "" : "&after=" + page.at("/paging/after").asText();
      page = ok(admin.get(TABLES + "?database=" + db + "&include=all&limit=4" + after));
      assertThat(page.at("/paging/total").asInt()).isEqualTo(30);
      page.get("data").forEach(t -> names.add(t.get("name").asText()));
      pages.add(page);
    } while (page.at("/paging/after").isTextual());
    assertThat(names).as("live and deleted, in name order, each once").isEqualTo(expected);
    for (int i = pages.size() - 1; i > 0; i--) {
      JsonNode back = ok(admin.get(TABLES + "?database=" + db + "&include=all&limit=4&before=" + pages.get(i).at("/paging/before").asText()));
      assertThat(back.get("data").toString()).as("page %d seen again from the one after it", i).isEqualTo(pages.get(i - 1).get("data").toString());
    }
  }

  @Test
  void aParentListsItsLiveChildrenWhenAsked() {
    Api admin = server.admin();
    JsonNode schema = Tree.schema(admin, "children");
    String fqn = schema.get("fullyQualifiedName").asText();
    created(admin.post(TABLES, table(fqn, "a").toString()));
    JsonNode b = created(admin.post(TABLES, table(fqn, "b").toString()));
    ok(admin.delete(TABLES + "/" + b.get("id").asText()));
    assertThat(ok(admin.get(SCHEMAS + "/" + schema.get("id").asText())).has("tables")).isFalse();
    JsonNode withTables = ok(admin.get(SCHEMAS + "/" + schema.get("id").asText() + "?fields=tables"));
    assertThat(withTables.get("tables")).hasSize(1);
    assertThat(withTables.at("/tables/0/fullyQualifiedName").asText()).isEqualTo(fqn + ".a");
    assertThat(withTables.at("/tables/0/type").asText()).isEqualTo("table");
    JsonNode db = ok(admin.get(DATABASES + "/name/" + schema.at("/database/fullyQualifiedName").asText() + "?fields=databaseSchemas"));
    assertThat(db.at("/databaseSchemas/0/name").asText()).isEqualTo("sch");
    assertThat(refused(admin.get(TABLES + "/name/" + fqn + ".a?fields=bogus"), 400)).isEqualTo("Invalid field name bogus");
  }

  @Test
  void aPatchCantMoveOrRenameAnEntity() {
    Api admin = server.admin();
    JsonNode schema = Tree.schema(admin, "nomove");
    JsonNode other = Tree.schema(admin, "nomove2");
    JsonNode t = created(admin.post(TABLES, table(schema.get("fullyQualifiedName").asText(), "stay", column("id", "INT")).toString()));
    JsonNode patched = ok(admin.patch(TABLES + "/" + t.get("id").asText(), "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"moved\"},"
        + "{\"op\":\"replace\",\"path\":\"/databaseSchema/fullyQualifiedName\",\"value\":\"" + other.get("fullyQualifiedName").asText()
        + "\"},{\"op\":\"replace\",\"path\":\"/serviceType\",\"value\":\"Oracle\"},{\"op\":\"add\",\"path\":\"/description\",\"value\":\"d\"}]"));
    assertThat(patched.get("name").asText()).isEqualTo("stay");
    assertThat(patched.get("fullyQualifiedName").asText()).isEqualTo(t.get("fullyQualifiedName").asText());
    assertThat(patched.at("/databaseSchema/id")).isEqualTo(schema.get("id"));
    assertThat(patched.get("serviceType").asText()).isEqualTo("Mysql");
    assertThat(patched.at("/columns/0/fullyQualifiedName").asText()).as("OM #33623 is not replicated")
        .isEqualTo(t.get("fullyQualifiedName").asText() + ".id");
    assertThat(patched.get("version").asDouble()).isEqualTo(0.2);
  }
}
