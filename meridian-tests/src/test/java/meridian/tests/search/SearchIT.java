package meridian.tests.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import meridian.store.DatabaseConfig;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import meridian.tests.TestStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/search/query} on every store (issue 17): the same words find the same
 * entities in the same order on SQLite, PostgreSQL and MariaDB; a write is found as soon as it is
 * answered, on this replica and another; deleted entities only with {@code deleted=true}; OM's
 * aggregations; the query_filter forms Meridian reads and the 400 for the rest; and the index of a
 * store written before search existed is built at start while the server answers.
 */
class SearchIT extends ServerIT {
  private static final String SERVICES = "/api/v1/services/databaseServices";
  private static String service;
  private static String schema;

  /** One service with a database, a schema and tables whose names, display names, columns and descriptions the queries tell apart. */
  @BeforeAll
  static void catalog() {
    Api admin = server.admin();
    service = Fixtures.uniqueName("search");
    created(admin.post(SERVICES, Fixtures.minimal(service).toString()));
    created(admin.post("/api/v1/databases", "{\"name\":\"sales\",\"service\":\"" + service + "\"}"));
    schema = service + ".sales.public";
    created(admin.post("/api/v1/databaseSchemas", "{\"name\":\"public\",\"database\":\"" + service + ".sales\"}"));
    table("customer_orders", null, null, "id");
    table("CustomerOrdersArchive", null, null, "id");
    table("daily_totals", "Orders per day", null, "id");
    table("events", null, null, "orders_ref");
    table("misc", null, "Nothing but all the orders of a shop", "id");
    table("Café_Crème", null, null, "id");
    table("a_the_of", null, null, "id");
  }

  private static JsonNode table(String name, String displayName, String description, String column) {
    ObjectNode request = Api.JSON.createObjectNode().put("name", name).put("databaseSchema", schema);
    if (displayName != null) {
      request.put("displayName", displayName);
    }
    if (description != null) {
      request.put("description", description);
    }
    request.putArray("columns").addObject().put("name", column).put("dataType", "INT");
    return created(server.admin().post("/api/v1/tables", request.toString()));
  }

  @Test
  void wordsMatchAsOneTokenizerSaysAndNamesRankFirst() {
    assertThat(names(search("orders"))).as("name, name, display name, column, description")
        .containsExactly("customer_orders", "CustomerOrdersArchive", "daily_totals", "events", "misc");
    assertThat(names(search("ORD"))).as("the last word is a prefix; case does not matter")
        .containsExactly("customer_orders", "CustomerOrdersArchive", "daily_totals", "events", "misc");
    assertThat(names(search("orders customer"))).containsExactly("customer_orders", "CustomerOrdersArchive");
    assertThat(names(search("customerorders"))).as("a word split at case changes is kept whole too").containsExactly("CustomerOrdersArchive");
    assertThat(names(search("creme"))).as("accents do not matter").containsExactly("Café_Crème");
    assertThat(names(search("CAFÉ crè"))).containsExactly("Café_Crème");
    assertThat(names(search("the"))).as("no stop words, no minimum length").containsExactly("a_the_of", "misc");
    assertThat(names(search("a of"))).containsExactly("a_the_of", "misc");
    JsonNode events = search("events");
    assertThat(names(events).get(0)).isEqualTo("events");
    assertThat(events.at("/hits/hits/0/_score").asDouble()).as("the whole name scores above a word of it")
        .isGreaterThan(search("orders").at("/hits/hits/0/_score").asDouble());
    assertThat(names(search("nothing_here_at_all"))).isEmpty();
    assertThat(total(search("!!! _ ;"))).as("no letter or digit: nothing, not everything").isZero();
    assertThat(total(search("*"))).isEqualTo(9);
  }

  @Test
  void theAnswerHasElasticsearchsShapeWithOmsSearchDocument() {
    JsonNode body = search("customer_orders");
    assertThat(body.get("timed_out").asBoolean()).isFalse();
    assertThat(body.at("/_shards/failed").asInt()).isZero();
    assertThat(body.at("/hits/total/value").asLong()).isEqualTo(2);
    assertThat(body.at("/hits/total/relation").asText()).isEqualTo("eq");
    JsonNode hit = body.at("/hits/hits/0");
    assertThat(hit.get("_index").asText()).isEqualTo("table_search_index");
    JsonNode source = hit.get("_source");
    assertThat(hit.get("_id").asText()).isEqualTo(source.get("id").asText());
    assertThat(source.get("fullyQualifiedName").asText()).isEqualTo(schema + ".customer_orders");
    assertThat(source.get("entityType").asText()).isEqualTo("table");
    assertThat(source.get("displayName").asText()).as("the name when there is none").isEqualTo("customer_orders");
    assertThat(source.at("/service/name").asText()).isEqualTo(service);
    assertThat(source.at("/columnNames/0").asText()).isEqualTo("id");
    assertThat(source.get("deleted").asBoolean()).isFalse();
    assertThat(source.has("changeDescription")).isFalse();
    assertThat(source.get("tags").isArray()).isTrue();
    JsonNode trimmed = get("/api/v1/search/query?q=customer_orders&index=table_search_index&exclude_source_fields=columns,columnNames"
        + filter(serviceFilter()));
    assertThat(trimmed.at("/hits/hits/0/_source").has("columns")).isFalse();
    assertThat(trimmed.at("/hits/hits/0/_source").has("name")).isTrue();
  }

  @Test
  void indexesAndAliasesCoverOmsEntityTypes() {
    Map<String, Long> byType = buckets(get("/api/v1/search/query?q=*&index=dataAsset&size=0" + filter(serviceFilter())), "entityType");
    assertThat(byType).containsEntry("database", 1L).containsEntry("databaseSchema", 1L).containsEntry("table", 7L)
        .doesNotContainKey("databaseService");
    assertThat(total(get("/api/v1/search/query?q=*&index=all&size=0" + filter(serviceFilter())))).isEqualTo(10);
    assertThat(total(get("/api/v1/search/query?q=*&index=database_search_index&size=0" + filter(serviceFilter())))).isEqualTo(1);
    assertThat(total(get("/api/v1/search/query?q=*&index=database&size=0" + filter(serviceFilter())))).as("an alias covers the kinds below it")
        .isEqualTo(9);
    JsonNode services = get("/api/v1/search/query?q=" + service + "&index=database_service_search_index");
    assertThat(services.at("/hits/hits/0/_source/name").asText()).isEqualTo(service);
    assertThat(services.at("/hits/hits/0/_source").has("connection")).as("never the connection").isFalse();
  }

  @Test
  void aggregationsCountTheHitsAsOmsUiAsksForThem() {
    Api admin = server.admin();
    String tagged = schema + ".events";
    ok(admin.patch("/api/v1/tables/name/" + tagged, "[{\"op\":\"add\",\"path\":\"/tags\",\"value\":[{\"tagFQN\":\"PII.Sensitive\"}]}]"));
    JsonNode body = get("/api/v1/search/query?q=orders&index=table_search_index&size=0" + filter(serviceFilter()));
    assertThat(body.at("/hits/hits")).isEmpty();
    assertThat(buckets(body, "entityType")).containsExactly(Map.entry("table", 5L));
    assertThat(buckets(body, "serviceType")).containsExactly(Map.entry("mysql", 5L));
    assertThat(buckets(body, "service.displayName.keyword")).containsExactly(Map.entry(service.toLowerCase(java.util.Locale.ROOT), 5L));
    assertThat(buckets(body, "database.name.keyword")).containsExactly(Map.entry("sales", 5L));
    assertThat(buckets(body, "tags.tagFQN")).containsExactly(Map.entry("PII.Sensitive", 1L));
    // The services' index counts too (the UI's service filters are its buckets).
    JsonNode services = get("/api/v1/search/query?q=" + service + "&index=database_service_search_index&size=0");
    assertThat(buckets(services, "serviceType")).containsExactly(Map.entry("mysql", 1L));
    JsonNode byTag = get("/api/v1/search/query?q=*&index=dataAsset" + filter(
        "{\"query\":{\"bool\":{\"must\":[" + term("service.name.keyword", service) + ",{\"bool\":{\"should\":[" + term("tags.tagFQN", "PII.Sensitive")
            + "]}}]}}}"));
    assertThat(names(byTag)).containsExactly("events");

    // Owners (a user, a team) and a domain on two tables: filters and buckets by their names, in lower case.
    TestServer.User owner = server.newUser();
    String team = Fixtures.uniqueName("Team");
    created(admin.post("/api/v1/teams", "{\"name\":\"" + team + "\",\"teamType\":\"Group\",\"displayName\":\"Data Crew\"}"));
    String domain = Fixtures.uniqueName("Dom");
    created(admin.post("/api/v1/domains", "{\"name\":\"" + domain + "\",\"domainType\":\"Aggregate\",\"description\":\"d\"}"));
    ok(admin.patch("/api/v1/tables/name/" + schema + ".misc", "[{\"op\":\"add\",\"path\":\"/owners\",\"value\":[{\"id\":\"" + owner.id()
        + "\",\"type\":\"user\"},{\"name\":\"" + team + "\",\"type\":\"team\"}]},{\"op\":\"add\",\"path\":\"/domains\",\"value\":[\"" + domain + "\"]}]"));
    ok(admin.patch("/api/v1/tables/name/" + schema + ".events", "[{\"op\":\"add\",\"path\":\"/owners\",\"value\":[{\"name\":\"" + team
        + "\",\"type\":\"team\"}]}]"));
    JsonNode owned = get("/api/v1/search/query?q=orders&index=table_search_index&size=0" + filter(serviceFilter()));
    assertThat(buckets(owned, "owners.displayName.keyword")).as("owners and domains as written")
        .containsExactly(Map.entry("Data Crew", 2L), Map.entry(owner.name(), 1L));
    assertThat(buckets(owned, "domains.displayName.keyword")).containsExactly(Map.entry(domain, 1L));
    assertThat(buckets(owned, "domain.displayName.keyword")).isEqualTo(buckets(owned, "domains.displayName.keyword"));
    assertThat(names(get("/api/v1/search/query?q=orders&index=table_search_index" + filter("{\"query\":{\"bool\":{\"must\":["
        + term("service.name.keyword", service) + "," + term("owners.displayName.keyword", "Data Crew") + "]}}}"))))
        .containsExactly("events", "misc");
    assertThat(names(get("/api/v1/search/query?q=orders&index=table_search_index" + filter("{\"query\":{\"bool\":{\"must\":["
        + term("service.name.keyword", service) + "," + term("domains.displayName.keyword", domain) + "," + term("owners.name", owner.name())
        + "]}}}")))).containsExactly("misc");
  }

  /**
   * Past a thousand matches (and without words) the tag, owner and domain buckets are counted from
   * the usages and relationships rather than from the matches: the same counts either way.
   */
  @Test
  void broadSearchesCountTagsOwnersAndDomainsFromTheirEdges() {
    Api admin = server.admin();
    String broad = Fixtures.uniqueName("broad");
    created(admin.post(SERVICES, Fixtures.minimal(broad).toString()));
    created(admin.post("/api/v1/databases", "{\"name\":\"db\",\"service\":\"" + broad + "\"}"));
    created(admin.post("/api/v1/databaseSchemas", "{\"name\":\"s\",\"database\":\"" + broad + ".db\"}"));
    ArrayNode tables = Api.JSON.createArrayNode();
    for (int i = 0; i < 1_100; i++) {
      ObjectNode t = tables.addObject().put("name", "wide_" + i).put("databaseSchema", broad + ".db.s");
      t.putArray("columns").addObject().put("name", "id").put("dataType", "INT");
    }
    Api.Response bulk = admin.put("/api/v1/tables/bulk", tables.toString());
    assertThat(bulk.json().get("numberOfRowsFailed").asInt()).as(bulk.body()).isZero();
    String domain = Fixtures.uniqueName("Wide");
    created(admin.post("/api/v1/domains", "{\"name\":\"" + domain + "\",\"domainType\":\"Aggregate\",\"description\":\"d\"}"));
    TestServer.User owner = server.newUser();
    for (int i = 0; i < 3; i++) {
      String patch = "[{\"op\":\"add\",\"path\":\"/tags\",\"value\":[{\"tagFQN\":\"PII.Sensitive\"}]}"
          + (i < 2 ? ",{\"op\":\"add\",\"path\":\"/owners\",\"value\":[{\"id\":\"" + owner.id() + "\",\"type\":\"user\"}]}" : "")
          + (i < 1 ? ",{\"op\":\"add\",\"path\":\"/domains\",\"value\":[\"" + domain + "\"]}" : "") + "]";
      ok(admin.patch("/api/v1/tables/name/" + broad + ".db.s.wide_" + i, patch));
    }
    for (String q : List.of("wide", "*")) {
      JsonNode body = get("/api/v1/search/query?q=" + q + "&index=table_search_index&size=0" + filter("{\"query\":{\"bool\":{\"must\":["
          + term("service.name.keyword", broad) + "]}}}"));
      assertThat(body.at("/hits/total/value").asLong()).as(q).isEqualTo(1_100);
      assertThat(buckets(body, "tags.tagFQN")).as(q).containsExactly(Map.entry("PII.Sensitive", 3L));
      assertThat(buckets(body, "owners.displayName.keyword")).as(q).containsExactly(Map.entry(owner.name(), 2L));
      assertThat(buckets(body, "domains.displayName.keyword")).as(q).containsExactly(Map.entry(domain, 1L));
    }
  }

  /**
   * A search with more than 2,000 matches is answered on the embedded store from its full-text index
   * (tiers of score, counts per combination of facets: docs/performance.md); a filter on owners sends
   * the same search to the statement that reads every match's row. Both must give the same hits in
   * the same order, the same scores, totals and aggregations, at the tiers' edges, deep in a tier, by
   * score either way and by name; on the other stores both are that statement.
   */
  @Test
  void aBroadSearchAnswersAsReadingEveryMatchWould() {
    Api admin = server.admin();
    String tiers = Fixtures.uniqueName("tiers");
    java.util.Random random = new java.util.Random();
    StringBuilder letters = new StringBuilder("tq");
    for (int i = 0; i < 6; i++) {
      letters.append((char) ('a' + random.nextInt(26)));
    }
    String w = letters.toString();
    String v = "tv" + w.substring(2);
    created(admin.post(SERVICES, Fixtures.minimal(tiers).toString()));
    created(admin.post("/api/v1/databases", "{\"name\":\"db\",\"service\":\"" + tiers + "\"}"));
    for (String s : List.of("s1", "s2")) {
      created(admin.post("/api/v1/databaseSchemas", "{\"name\":\"" + s + "\",\"database\":\"" + tiers + ".db\"}"));
    }
    ArrayNode tables = Api.JSON.createArrayNode();
    for (int i = 0; i < 2_460; i++) {
      // 2,200 with the word in the name (interleaved in name order with the rest), 100 in the display name, 100 in a column,
      // 50 in the description, 10 without it; nine in ten have the second word in a column, a few in the name.
      String name = i < 2_200 ? String.format("n%04d_%s", i, w) : String.format("n%04d_plain", i);
      ObjectNode t = tables.addObject().put("name", i % 300 == 7 ? name + "_" + v : name)
          .put("databaseSchema", tiers + ".db." + (i % 3 == 0 ? "s2" : "s1"));
      if (i >= 2_200 && i < 2_300) {
        t.put("displayName", "The " + w.toUpperCase(java.util.Locale.ROOT) + " of " + i);
      }
      if (i >= 2_400 && i < 2_450) {
        t.put("description", "Mentions " + w + " once");
      }
      ArrayNode columns = t.putArray("columns");
      columns.addObject().put("name", i >= 2_300 && i < 2_400 ? w + "_id" : "id").put("dataType", "INT");
      if (i % 10 != 9) {
        columns.addObject().put("name", v + "_code").put("dataType", "INT");
      }
    }
    for (String s : List.of("s1", "s2")) {
      tables.addObject().put("name", w).put("databaseSchema", tiers + ".db." + s).putArray("columns");
    }
    Api.Response bulk = admin.put("/api/v1/tables/bulk", tables.toString());
    assertThat(bulk.json().get("numberOfRowsFailed").asInt()).as(bulk.body()).isZero();
    String gone = tiers + ".db.s1.n0001_" + w;
    ok(admin.delete("/api/v1/tables/name/" + gone));
    String inService = term("service.name.keyword", tiers);
    String rows = "{\"query\":{\"bool\":{\"must\":[%s],\"must_not\":[" + term("owners.name", "nobody-owns-this") + "]}}}";
    String index = "{\"query\":{\"bool\":{\"must\":[%s]}}}";
    String prefix = w.substring(0, 5);
    List<String> asked = List.of(
        "q=" + w + "&size=10",
        "q=" + prefix + "&size=10",
        "q=" + w + "&from=2195&size=10",
        "q=" + w + "&from=2290&size=20",
        "q=" + w + "&from=2395&size=60",
        "q=" + w + "&from=100&size=60",
        "q=" + w + "&from=1500&size=100",
        "q=" + w + "&size=10&sort_field=_score&sort_order=asc",
        "q=" + w + "&from=5&size=20&sort_field=_score&sort_order=asc",
        "q=" + w + "&from=2440&size=30&sort_field=_score&sort_order=asc",
        "q=" + w + "&from=1000&size=50&sort_field=name.keyword&sort_order=asc",
        "q=" + w + "&from=7&size=50&sort_field=name.keyword&sort_order=desc",
        "q=" + w + "%20" + v.substring(0, 4) + "&size=20",
        "q=" + v + "%20" + w + "&from=1200&size=20",
        "q=" + w + "&size=10&deleted=true",
        // A word no display name or description holds (those tiers are skipped), and a prefix of many terms in every field.
        "q=" + v + "&from=1995&size=20",
        "q=t&size=10",
        "q=t&from=2430&size=20",
        "q=" + w + "&size=0");
    for (String q : asked) {
      for (String where : List.of(inService, inService + "," + term("databaseSchema.name.keyword", "s2"))) {
        for (String alias : List.of("table_search_index", "all")) {
          String path = "/api/v1/search/query?index=" + alias + "&" + q;
          JsonNode fromIndex = get(path + filter(String.format(index, where)));
          JsonNode fromRows = get(path + filter(String.format(rows, where)));
          String as = q + " in " + where + " of " + alias;
          assertThat(ids(fromIndex)).as(as).isEqualTo(ids(fromRows));
          assertThat(fromIndex.at("/hits/hits").findValuesAsText("_score")).as(as).isEqualTo(fromRows.at("/hits/hits").findValuesAsText("_score"));
          assertThat(total(fromIndex)).as(as).isEqualTo(total(fromRows));
          for (String aggregation : List.of("entityType", "databaseSchema.name.keyword", "service.displayName.keyword", "serviceType")) {
            assertThat(buckets(fromIndex, aggregation)).as(as + ": " + aggregation).isEqualTo(buckets(fromRows, aggregation));
          }
        }
      }
    }
    JsonNode top = get("/api/v1/search/query?index=table_search_index&q=" + w + "&size=3" + filter(String.format(index, inService)));
    assertThat(total(top)).as("every table with the word, but the deleted one").isEqualTo(2_200 + 100 + 100 + 50 + 2 - 1);
    assertThat(names(top)).as("the whole name first, then the names in order").containsExactly(w, w, "n0000_" + w);
    assertThat(top.at("/hits/hits/0/_score").asDouble()).isEqualTo(24.0);
    JsonNode columnTier = get("/api/v1/search/query?index=table_search_index&q=" + w + "&from=2301&size=1" + filter(String.format(index, inService)));
    assertThat(names(columnTier)).as("after the whole names, the names and the display names").containsExactly("n2300_plain");
    assertThat(columnTier.at("/hits/hits/0/_score").asDouble()).isEqualTo(2.0);
    assertThat(names(get("/api/v1/search/query?index=table_search_index&q=" + w + "&deleted=true" + filter(String.format(index, inService)))))
        .containsExactly("n0001_" + w);
  }

  private static List<String> ids(JsonNode body) {
    List<String> ids = new ArrayList<>();
    body.at("/hits/hits").forEach(hit -> ids.add(hit.get("_id").asText()));
    return ids;
  }

  @Test
  void queryFiltersReadOmsFormsAndRefuseTheRestByName() {
    JsonNode notTables = get("/api/v1/search/query?q=*&index=all" + filter("{\"query\":{\"bool\":{\"must\":[" + term("service.displayName.keyword",
        service.toUpperCase(java.util.Locale.ROOT)) + "],\"must_not\":[{\"terms\":{\"entityType\":[\"table\"]}}]}}}"));
    assertThat(names(notTables)).as("keyword values compare as OM's lower-case normaliser does").containsExactly("public", "sales", service);
    assertThat(names(get("/api/v1/search/query?q=*&index=all" + filter("{\"query\":{\"bool\":{\"must\":[" + term("service.name.keyword", service)
        + "],\"filter\":[{\"terms\":{\"entityType\":[\"database\",\"databaseSchema\"]}}]}}}")))).containsExactly("public", "sales");

    assertThat(refused("q=*&query_filter=" + enc("{\"query\":{\"match\":{\"name\":\"x\"}}}")))
        .isEqualTo("query_filter: the query form 'match' is not supported; Meridian reads bool (must, filter, should, must_not), term, terms and match_all");
    assertThat(refused("q=*&query_filter=" + enc("{\"query\":{\"term\":{\"columns.name.keyword\":\"x\"}}}")))
        .startsWith("query_filter: Meridian cannot filter on columns.name.keyword; it filters on entityType");
    assertThat(refused("q=*&query_filter=" + enc("{not json"))).startsWith("query_filter is not valid JSON");
    assertThat(refused("q=*&index=topic_search_index")).startsWith("Failed to find index topic_search_index");
    assertThat(refused("q=*&from=9995&size=10")).isEqualTo("Result window is too large, from + size must be less than or equal to: [10000] but was [10005]");
    assertThat(refused("q=*&size=-1")).isEqualTo("query param size must be 0 or more, not -1");
    assertThat(refused("q=*&sort_order=up")).isEqualTo("query param sort_order must be asc or desc, not up");
    assertThat(refused("q=*&sort_field=columns.name")).startsWith("query param sort_field columns.name is not one Meridian sorts by");
    assertThat(refused("q=*&deleted=maybe")).isEqualTo("query param deleted must be true or false, not maybe");
    assertThat(refused("q=*&query_filter=" + enc("{\"query\":{\"bool\":[]}}"))).startsWith("query_filter: bool must be an object");
    assertThat(refused("q=*&query_filter=" + enc("{\"query\":{\"term\":{\"entityType\":null}}}"))).startsWith("query_filter: term.entityType needs a value");
    assertThat(refused("q=*&query_filter=" + enc("{\"query\":{\"term\":{\"entityType\":{\"valu\":\"table\"}}}}"))).startsWith("query_filter: term.entityType needs a value");
    // must_not keeps what has no such field: the service, the database and the schema itself have no schema reference.
    assertThat(names(get("/api/v1/search/query?q=*&index=all" + filter("{\"query\":{\"bool\":{\"must\":[" + term("service.name.keyword", service)
        + "],\"must_not\":[" + term("databaseSchema.name.keyword", "public") + "]}}}")))).containsExactly("public", "sales", service);
    assertThat(server.anonymous().get("/api/v1/search/query?q=*").status()).as("as every read, for a signed-in caller").isEqualTo(401);
  }

  @Test
  void pagesAndSortsAreStable() {
    String base = "/api/v1/search/query?q=*&index=table_search_index" + filter(serviceFilter());
    List<String> byName = names(get(base + "&size=20&sort_field=name.keyword&sort_order=asc"));
    assertThat(byName).as("names compared in lower case without accents, as OM's normalised keyword")
        .containsExactly("a_the_of", "Café_Crème", "customer_orders", "CustomerOrdersArchive", "daily_totals", "events", "misc");
    List<String> paged = new ArrayList<>();
    for (int from = 0; from < 7; from += 3) {
      paged.addAll(names(get(base + "&from=" + from + "&size=3&sort_field=name.keyword&sort_order=asc")));
    }
    assertThat(paged).isEqualTo(byName);
    List<String> newest = names(get(base + "&size=20&sort_field=updatedAt&sort_order=desc"));
    assertThat(newest.get(0)).as("the last one written in catalog(), or events, tagged since").isIn("a_the_of", "events");
    assertThat(newest).hasSize(7);
  }

  @Test
  void aWriteIsFoundInItsAftermathDeletedOnesOnlyWhenAskedAndOnTheOtherReplica() {
    Api admin = server.admin();
    String word = "zq" + Fixtures.uniqueName("w").replaceAll("[^a-z0-9]", "").toLowerCase(java.util.Locale.ROOT);
    JsonNode t = table(word + "_facts", null, null, "id");
    String id = t.get("id").asText();
    assertThat(names(search(word))).containsExactly(word + "_facts");
    ok(admin.patch("/api/v1/tables/" + id, "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"mentions zebra" + word + "\"}]"));
    assertThat(names(search("zebra" + word))).as("a description change is searchable at once").containsExactly(word + "_facts");
    // A change of text alone, and one of tags alone, each set the update time that a sort by it reads.
    String newest = "/api/v1/search/query?q=*&index=table_search_index&size=1&sort_field=updatedAt&sort_order=desc" + filter(serviceFilter());
    assertThat(names(get(newest))).containsExactly(word + "_facts");
    String more = table(word + "_more", null, null, "id").get("id").asText();
    assertThat(names(get(newest))).containsExactly(word + "_more");
    ok(admin.patch("/api/v1/tables/" + id, "[{\"op\":\"add\",\"path\":\"/tags\",\"value\":[{\"tagFQN\":\"PII.Sensitive\"}]}]"));
    assertThat(names(get(newest))).containsExactly(word + "_facts");
    ok(admin.delete("/api/v1/tables/" + more + "?hardDelete=true"));
    // Replicas share an external store; on the embedded one, the one server answers for both.
    try (TestServer replica = TestStore.current().external() ? server.replica() : null) {
      Api other = replica == null ? admin : replica.admin();
      assertThat(names(searchOn(other, word))).containsExactly(word + "_facts");
      ok(admin.delete("/api/v1/tables/" + id));
      assertThat(names(searchOn(other, word))).as("soft-deleted: gone from a plain search").isEmpty();
      assertThat(names(get("/api/v1/search/query?q=" + word + "&deleted=true" + filter(serviceFilter())))).containsExactly(word + "_facts");
      ok(admin.put("/api/v1/tables/restore", "{\"id\":\"" + id + "\"}"));
      assertThat(names(searchOn(other, word))).as("restored").containsExactly(word + "_facts");
      ok(admin.delete("/api/v1/tables/" + id + "?hardDelete=true"));
      assertThat(names(get("/api/v1/search/query?q=" + word + "&deleted=true" + filter(serviceFilter())))).as("hard-deleted").isEmpty();
      assertThat(names(search(word))).isEmpty();
    }
  }

  /**
   * On the embedded store a small write notes what the full-text index must catch up on, and the
   * index catches up shortly after in the background, with no search to make it: then nothing is
   * noted, and FTS5's own check finds the index equal to the rows.
   */
  @Test
  void onTheEmbeddedStoreTheIndexCatchesUpInTheBackground() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(TestStore.current().external(), "the other stores write the index with the row");
    Api admin = server.admin();
    String word = "zb" + Fixtures.uniqueName("w").replaceAll("[^a-z]", "").toLowerCase(java.util.Locale.ROOT);
    // A service of its own: the other tests count the tables of theirs.
    created(admin.post(SERVICES, Fixtures.minimal(word).toString()));
    created(admin.post("/api/v1/databases", "{\"name\":\"db\",\"service\":\"" + word + "\"}"));
    created(admin.post("/api/v1/databaseSchemas", "{\"name\":\"s\",\"database\":\"" + word + ".db\"}"));
    String id = created(admin.post("/api/v1/tables", "{\"name\":\"events\",\"databaseSchema\":\"" + word + ".db.s\",\"columns\":[]}"))
        .get("id").asText();
    ok(admin.patch("/api/v1/tables/" + id, "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"late " + word + "x\"}]"));
    DatabaseConfig store = server.store();
    try (Connection db = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password()); Statement sql = db.createStatement()) {
      assertThat(eventually(sql, "SELECT COUNT(*) FROM search_pending", 0)).as("nothing left to catch up on").isTrue();
      // Fails (SQLITE_CORRUPT_VTAB) when the index and the rows differ: it holds the new rows, and the change.
      sql.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)");
    }
    assertThat(names(ok(admin.get("/api/v1/search/query?index=all&q=" + word + "x")))).containsExactly("events");
  }

  /**
   * On the embedded store each bulk write of many tables leaves FTS5 a segment of its own; once the
   * writes pause the server merges them into one, which is what a search then reads.
   */
  @Test
  void onTheEmbeddedStoreTheIndexIsMergedOnceTheWritesPause() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(TestStore.current().external(), "the other stores' indexes are their own");
    Path dir = Files.createTempDirectory("meridian-search-merge-");
    try (TestServer own = TestServer.on(dir, null)) {
      Api admin = own.admin();
      created(admin.post(SERVICES, Fixtures.minimal("bulk_shop").toString()));
      created(admin.post("/api/v1/databases", "{\"name\":\"d\",\"service\":\"bulk_shop\"}"));
      created(admin.post("/api/v1/databaseSchemas", "{\"name\":\"s\",\"database\":\"bulk_shop.d\"}"));
      for (int b = 0; b < 3; b++) {
        ArrayNode tables = Api.JSON.createArrayNode();
        for (int i = 0; i < 300; i++) {
          ObjectNode t = tables.addObject().put("name", "part" + b + "_" + i).put("databaseSchema", "bulk_shop.d.s")
              .put("description", "rows of batch " + b);
          t.putArray("columns").addObject().put("name", "amount_" + i).put("dataType", "INT");
        }
        Api.Response bulk = admin.put("/api/v1/tables/bulk", tables.toString());
        assertThat(bulk.json().get("numberOfRowsFailed").asInt()).as(bulk.body()).isZero();
      }
      DatabaseConfig store = own.store();
      try (Connection db = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password()); Statement sql = db.createStatement()) {
        assertThat(eventually(sql, "SELECT COUNT(DISTINCT segid) FROM search_fts_idx", 1)).as("one segment, where the bulk writes left one each")
            .isTrue();
        sql.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)");
      }
      assertThat(total(ok(admin.get("/api/v1/search/query?index=table_search_index&q=batch&size=0")))).isEqualTo(900);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void aRecursiveDeleteTakesTheSubtreeOutOfTheResults() {
    Api admin = server.admin();
    String other = Fixtures.uniqueName("searchdel");
    created(admin.post(SERVICES, Fixtures.minimal(other).toString()));
    created(admin.post("/api/v1/databases", "{\"name\":\"d\",\"service\":\"" + other + "\"}"));
    created(admin.post("/api/v1/databaseSchemas", "{\"name\":\"s\",\"database\":\"" + other + ".d\"}"));
    created(admin.post("/api/v1/tables", "{\"name\":\"gone_soon\",\"databaseSchema\":\"" + other + ".d.s\",\"columns\":[]}"));
    String only = filter("{\"query\":{\"term\":{\"service.name.keyword\":\"" + other + "\"}}}");
    assertThat(total(get("/api/v1/search/query?q=*&index=all" + only))).isEqualTo(4);
    assertCountsMatchTheRows(other);
    ok(admin.delete(SERVICES + "/name/" + other + "?recursive=true"));
    assertThat(total(get("/api/v1/search/query?q=*&index=all" + only))).isZero();
    assertThat(total(get("/api/v1/search/query?q=*&index=all&deleted=true" + only))).isEqualTo(4);
    assertCountsMatchTheRows(other);
    ok(admin.put(SERVICES + "/restore", "{\"id\":\"" + ok(admin.get(SERVICES + "/name/" + other + "?include=deleted")).get("id").asText() + "\"}"));
    assertThat(total(get("/api/v1/search/query?q=*&index=all" + only))).as("restored with the service").isEqualTo(4);
    assertCountsMatchTheRows(other);
    ok(admin.delete(SERVICES + "/name/" + other + "?recursive=true&hardDelete=true"));
    assertThat(total(get("/api/v1/search/query?q=*&index=all&deleted=true" + only))).isZero();
    assertCountsMatchTheRows(other);
  }

  /**
   * A search without words counts from the counts kept at write time; one filtered by an owner reads
   * the rows. Both must give the same totals and buckets, live and deleted.
   */
  private static void assertCountsMatchTheRows(String serviceName) {
    for (String deleted : List.of("false", "true")) {
      String kept = "/api/v1/search/query?q=*&index=all&size=0&deleted=" + deleted
          + filter("{\"query\":{\"term\":{\"service.name.keyword\":\"" + serviceName + "\"}}}");
      String rows = "/api/v1/search/query?q=*&index=all&size=0&deleted=" + deleted + filter("{\"query\":{\"bool\":{\"must\":["
          + term("service.name.keyword", serviceName) + "],\"must_not\":[" + term("owners.name", "nobody-owns-this") + "]}}}");
      JsonNode a = get(kept);
      JsonNode b = get(rows);
      assertThat(total(a)).as("deleted=" + deleted).isEqualTo(total(b));
      assertThat(buckets(a, "entityType")).isEqualTo(buckets(b, "entityType"));
      assertThat(buckets(a, "databaseSchema.name.keyword")).isEqualTo(buckets(b, "databaseSchema.name.keyword"));
    }
  }

  @Test
  void aStoreWrittenBeforeSearchHasItsIndexBuiltAtStart() throws Exception {
    // Its own store: what a store of the release before search looks like is made by emptying the
    // index and marking it unbuilt; then a server starts on it (a replica on a shared store, the
    // same data directory again on the embedded one).
    boolean external = TestStore.current().external();
    Path dir = Files.createTempDirectory("meridian-search-upgrade-");
    try {
      try (TestServer first = external ? TestServer.start() : TestServer.on(dir, null)) {
        Api admin = first.admin();
        created(admin.post(SERVICES, Fixtures.minimal("old_shop").toString()));
        created(admin.post("/api/v1/databases", "{\"name\":\"d\",\"service\":\"old_shop\"}"));
        created(admin.post("/api/v1/databaseSchemas", "{\"name\":\"s\",\"database\":\"old_shop.d\"}"));
        created(admin.post("/api/v1/tables", "{\"name\":\"legacy_orders\",\"databaseSchema\":\"old_shop.d.s\",\"columns\":[]}"));
        assertThat(names(ok(admin.get("/api/v1/search/query?q=legacy&index=all")))).containsExactly("legacy_orders");
        DatabaseConfig store = first.store();
        try (Connection db = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password()); Statement sql = db.createStatement()) {
          sql.executeUpdate("DELETE FROM search_entry");
          sql.executeUpdate("DELETE FROM search_count");
          sql.executeUpdate("UPDATE search_build SET state = 'pending'");
        }
        assertThat(names(ok(admin.get("/api/v1/search/query?q=legacy&index=all")))).isEmpty();
        if (external) {
          try (TestServer upgraded = first.replica()) {
            assertBuilt(upgraded);
          }
        }
      }
      if (!external) {
        try (TestServer upgraded = TestServer.on(dir, null)) {
          assertBuilt(upgraded);
        }
        // ./meridian reindex, the server stopped, rebuilds an index emptied by hand and drops a row of no entity.
        DatabaseConfig store = new meridian.server.MeridianConfig("127.0.0.1", 0, dir, null, null, null, null).database();
        try (Connection db = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password()); Statement sql = db.createStatement()) {
          sql.executeUpdate("DELETE FROM search_entry WHERE entity_type = 'table'");
          sql.executeUpdate("DELETE FROM search_count WHERE entity_type = 'table'");
          sql.executeUpdate("UPDATE search_entry SET id = '00000000-0000-0000-0000-000000000000' WHERE entity_type = 'database'");
        }
        meridian.tests.MainProcess.Result reindex = meridian.tests.MainProcess.run("reindex", "--data-dir", dir.toString());
        assertThat(reindex.exit()).as(reindex.toString()).isZero();
        assertThat(reindex.out()).contains("indexed 4 of 4 entities (100%)").contains("search index rebuilt: 4 entities");
        try (TestServer reindexed = TestServer.on(dir, null)) {
          assertBuilt(reindexed);
        }
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void assertBuilt(TestServer upgraded) {
    assertThat(meridian.tests.JobWait.until(Duration.ofSeconds(60),
        () -> upgraded.anonymous().get("/healthz").json().path("search").asText().equals("ready"))).as("/healthz says the build ended").isTrue();
    assertThat(names(ok(upgraded.admin().get("/api/v1/search/query?q=*&index=all&sort_field=name.keyword&sort_order=asc"))))
        .containsExactly("d", "legacy_orders", "old_shop", "s");
    assertThat(names(ok(upgraded.admin().get("/api/v1/search/query?q=orders&index=all")))).containsExactly("legacy_orders");
    JsonNode counted = ok(upgraded.admin().get("/api/v1/search/query?q=*&index=all&size=0"));
    assertThat(total(counted)).as("the kept counts are made again too").isEqualTo(4 + total(ok(upgraded.admin().get(
        "/api/v1/search/query?q=*&index=all&size=0&query_filter=" + enc("{\"query\":{\"bool\":{\"must_not\":[{\"term\":{\"service.name.keyword\":\"old_shop\"}}]}}}")))));
  }

  // ------------------------------------------------------------------ helpers

  /** Whether {@code count} (a query of one number, on the store) answers {@code expected} within 30 s: what the server does in the background. */
  private static boolean eventually(Statement sql, String count, long expected) {
    return meridian.tests.JobWait.until(Duration.ofSeconds(30), () -> {
      try (var rs = sql.executeQuery(count)) {
        return rs.next() && rs.getLong(1) == expected;
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static String serviceFilter() {
    return "{\"query\":{\"bool\":{\"must\":[{\"bool\":{\"should\":[" + term("service.displayName.keyword", service) + "]}}]}}}";
  }

  private static String term(String field, String value) {
    return "{\"term\":{\"" + field + "\":\"" + value + "\"}}";
  }

  private static String filter(String json) {
    return "&query_filter=" + enc(json);
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static JsonNode search(String q) {
    return searchOn(server.admin(), q);
  }

  private static JsonNode searchOn(Api api, String q) {
    return ok(api.get("/api/v1/search/query?q=" + enc(q) + "&index=dataAsset&size=50" + filter(serviceFilter())));
  }

  private static JsonNode get(String path) {
    return ok(server.admin().get(path));
  }

  private static String refused(String query) {
    Api.Response response = server.admin().get("/api/v1/search/query?" + query);
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    return response.json().get("message").asText();
  }

  private static List<String> names(JsonNode body) {
    List<String> names = new ArrayList<>();
    body.at("/hits/hits").forEach(hit -> names.add(hit.at("/_source/name").asText()));
    return names;
  }

  private static long total(JsonNode body) {
    return body.at("/hits/total/value").asLong();
  }

  private static Map<String, Long> buckets(JsonNode body, String aggregation) {
    Map<String, Long> out = new LinkedHashMap<>();
    JsonNode list = body.at("/aggregations/sterms#" + aggregation + "/buckets");
    assertThat(list).as(aggregation + " in " + body.get("aggregations")).isInstanceOf(ArrayNode.class);
    list.forEach(b -> out.put(b.get("key").asText(), b.get("doc_count").asLong()));
    return out;
  }

  private static JsonNode created(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  private static JsonNode ok(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }
}
