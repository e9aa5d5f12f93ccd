package meridian.tests.csv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.JobWait;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OM's CSV export and import (catalog spec §7) on every store: round trips at each level give the
 * same bytes and change nothing, an import creates, updates and clears as OM's does (versioned),
 * every import error kind with OM's message and counts, a dry run writes nothing, ten thousand
 * rows in one import, who may import, the jobs of the asynchronous routes, and a whole service
 * moved into another one through one recursive file.
 */
class CsvIT extends ServerIT {
  private static final String SERVICES = "/api/v1/services/databaseServices";
  private static final String ENTITY_HEADER =
      "name*,displayName,description,owner,tags,glossaryTerms,tiers,certification,retentionPeriod,sourceUrl,domains,extension";
  private static final String TABLE_HEADER = "column.name*,column.displayName,column.description,column.dataTypeDisplay,"
      + "column.dataType*,column.arrayDataType,column.dataLength,column.tags,column.glossaryTerms";
  private static final Map<String, String> TEXT = Map.of("Content-Type", "text/plain; charset=UTF-8");

  private static String service;
  private static String domain;
  private static TestServer.User owner;

  /** A service with a database, two schemas and tables whose fields use every CSV field format. */
  @BeforeAll
  static void catalog() {
    Api admin = server.admin();
    owner = server.newUser();
    domain = Fixtures.uniqueName("dom");
    created(admin.post("/api/v1/domains", "{\"name\":\"" + domain + "\",\"domainType\":\"Aggregate\",\"description\":\"d\"}"));
    service = tree(Fixtures.uniqueName("csv"));
  }

  /** A populated tree under a new service; the service's name. */
  private static String tree(String name) {
    Api admin = server.admin();
    created(admin.post(SERVICES, Fixtures.minimal(name).toString()));
    ObjectNode db = Api.JSON.createObjectNode().put("name", "sales").put("service", name).put("description", "Sales, \"all\" of it")
        .put("retentionPeriod", "P30D").put("sourceUrl", "http://example.com/sales");
    db.putArray("owners").addObject().put("id", owner.id()).put("type", "user");
    db.putArray("tags").addObject().put("tagFQN", "Tier.Tier2");
    db.putArray("domains").add(domain);
    db.putObject("extension").put("team", "growth").put("note", "a;b");
    created(admin.post("/api/v1/databases", db.toString()));
    for (String schema : List.of("public", "staging")) {
      ObjectNode s = Api.JSON.createObjectNode().put("name", schema).put("database", name + ".sales").put("displayName", schema.toUpperCase());
      s.putArray("tags").addObject().put("tagFQN", "PII.Sensitive");
      created(admin.post("/api/v1/databaseSchemas", s.toString()));
      for (String table : List.of("orders", "customers")) {
        ObjectNode t = Api.JSON.createObjectNode().put("name", table).put("databaseSchema", name + ".sales." + schema)
            .put("description", "The " + table + "\nof the shop");
        var columns = t.putArray("columns");
        ObjectNode address = columns.addObject().put("name", "address").put("dataType", "STRUCT").put("description", "where");
        address.putArray("children").addObject().put("name", "street").put("dataType", "VARCHAR").put("dataLength", 100)
            .putArray("tags").addObject().put("tagFQN", "PII.Sensitive");
        columns.addObject().put("name", "id").put("dataType", "BIGINT").put("displayName", "Id");
        columns.addObject().put("name", "codes").put("dataType", "ARRAY").put("arrayDataType", "INT").put("dataTypeDisplay", "array<int>");
        created(admin.post("/api/v1/tables", t.toString()));
      }
    }
    return name;
  }

  private static JsonNode created(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  private static String export(String path, boolean recursive) {
    Api.Response response = server.admin().get(path + "/export" + (recursive ? "?recursive=true" : ""));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("text/plain");
    return response.body();
  }

  private static JsonNode importCsv(Api api, String path, String csv, boolean dryRun, boolean recursive) {
    Api.Response response = api.send("PUT", path + "/import?dryRun=" + dryRun + (recursive ? "&recursive=true" : ""), csv, TEXT);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  /** How many records a CSV holds (a quoted field may hold line breaks). */
  private static int records(String csv) {
    return parse(csv).size();
  }

  private static List<CSVRecord> parse(String csv) {
    try {
      return CSVFormat.DEFAULT.parse(new java.io.StringReader(csv)).getRecords();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<CSVRecord> results(JsonNode result) {
    return parse(result.get("importResultsCsv").asText());
  }

  private static void summary(JsonNode result, String status, int processed, int passed, int failed) {
    assertThat(result.get("status").asText()).as(result.toString()).isEqualTo(status);
    assertThat(result.get("numberOfRowsProcessed").asInt()).as(result.toString()).isEqualTo(processed);
    assertThat(result.get("numberOfRowsPassed").asInt()).isEqualTo(passed);
    assertThat(result.get("numberOfRowsFailed").asInt()).isEqualTo(failed);
  }

  private static String version(String path) {
    return server.admin().get(path).json().get("version").asText();
  }

  @Test
  void exportImportExportGivesTheSameBytesAtEveryLevelAndChangesNothing() {
    String own = tree(Fixtures.uniqueName("trip"));
    String db = "/api/v1/databases/name/" + own + ".sales";
    String schema = "/api/v1/databaseSchemas/name/" + own + ".sales.public";
    String table = "/api/v1/tables/name/" + own + ".sales.public.orders";
    String databaseVersion = version(db);
    String tableVersion = version(table);
    for (String path : List.of(SERVICES + "/name/" + own, db, schema, table)) {
      for (boolean recursive : path.equals(table) ? List.of(false) : List.of(false, true)) {
        String exported = export(path, recursive);
        JsonNode result = importCsv(server.admin(), path, exported, false, recursive);
        int rows = records(exported);
        summary(result, "success", rows, rows, 0);
        assertThat(results(result).subList(1, rows)).allSatisfy(r -> assertThat(r.get(1)).isEqualTo("Entity updated"));
        assertThat(export(path, recursive)).as(path + " recursive=" + recursive).isEqualTo(exported);
      }
    }
    assertThat(version(db)).as("an unchanged entity gets no new version").isEqualTo(databaseVersion);
    assertThat(version(table)).isEqualTo(tableVersion);

    String database = export(SERVICES + "/name/" + own, false);
    assertThat(database).isEqualTo("name*,displayName,description,owner,tags,glossaryTerms,tiers,certification,domains,extension\r\n"
        + "sales,,\"Sales, \"\"all\"\" of it\",user:" + owner.name() + ",,,Tier.Tier2,," + domain + ",\"team:growth;\"\"note:a;b\"\"\"\r\n");
    assertThat(export(table, false)).isEqualTo(TABLE_HEADER + "\r\n"
        + "address,,where,struct,STRUCT,,,,\r\n"
        + "address.street,,,varchar,VARCHAR,,100,PII.Sensitive,\r\n"
        + "id,Id,,bigint,BIGINT,,,,\r\n"
        + "codes,,,array<int>,ARRAY,INT,,,\r\n");
    List<CSVRecord> recursive = parse(export(db, true));
    assertThat(recursive).hasSize(1 + 2 * (1 + 2 * 5));
    assertThat(recursive.get(1).toList()).as("an inherited retentionPeriod is the parent's, not exported")
        .isEqualTo(List.of("public", "PUBLIC", "", "", "PII.Sensitive", "", "", "", "", "", "", "", "databaseSchema", own + ".sales.public",
            "", "", "", "", "", ""));
    assertThat(recursive.get(2).get(2)).isEqualTo("The customers\nof the shop");
    assertThat(recursive.get(2).get(13)).isEqualTo(own + ".sales.public.customers");
    assertThat(recursive.get(4).toList()).isEqualTo(List.of("address.street", "", "", "", "PII.Sensitive", "", "", "", "", "", "", "",
        "column", own + ".sales.public.customers.address.street", "varchar", "VARCHAR", "", "100", "", ""));
  }

  @Test
  void importCreatesUpdatesAndClearsAsOmDoes() {
    String db = "/api/v1/databases/name/" + service + ".sales";
    String row = "s1,dsp1,new-dsc1,user:" + owner.name() + ",,,Tier.Tier1,,P23DT23H,http://test.com," + domain + ",";
    JsonNode result = importCsv(server.admin(), db, ENTITY_HEADER + "\r\n" + row + "\r\n", false, false);
    summary(result, "success", 2, 2, 0);
    assertThat(results(result).get(1).get(1)).isEqualTo("Entity created");
    JsonNode s1 = server.admin().get("/api/v1/databaseSchemas/name/" + service + ".sales.s1?fields=owners,tags,domains").json();
    assertThat(s1.get("displayName").asText()).isEqualTo("dsp1");
    assertThat(s1.get("description").asText()).isEqualTo("new-dsc1");
    assertThat(values(s1.get("owners"), "name")).containsExactly(owner.name());
    assertThat(values(s1.get("tags"), "tagFQN")).containsExactly("Tier.Tier1");
    assertThat(values(s1.get("domains"), "fullyQualifiedName")).containsExactly(domain);
    assertThat(s1.get("retentionPeriod").asText()).isEqualTo("P23DT23H");
    assertThat(s1.get("sourceUrl").asText()).isEqualTo("http://test.com");
    assertThat(export(db, false)).contains("\r\n" + row + "\r\n");

    result = importCsv(server.admin(), db, ENTITY_HEADER + "\r\ns1,,,,,,,,,,,\r\n", false, false);
    summary(result, "success", 2, 2, 0);
    assertThat(results(result).get(1).get(1)).isEqualTo("Entity updated");
    s1 = server.admin().get("/api/v1/databaseSchemas/name/" + service + ".sales.s1?fields=owners,tags,domains").json();
    assertThat(s1.has("displayName")).isFalse();
    assertThat(s1.has("description")).isFalse();
    assertThat(s1.has("sourceUrl")).isFalse();
    assertThat(s1.get("owners")).allSatisfy(o -> assertThat(o.path("inherited").asBoolean()).as("only the database's, inherited").isTrue());
    assertThat(s1.get("tags")).isEmpty();
    assertThat(s1.get("version").asText()).as("the clearing is one versioned change").isEqualTo("0.2");
    assertThat(values(s1.path("changeDescription").path("fieldsDeleted"), "name")).contains("description", "tags");
  }

  private static List<String> values(JsonNode array, String member) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.path(member).asText()));
    return out;
  }

  @Test
  void everyImportErrorKindFailsItsRowWithOmsMessage() {
    String db = "/api/v1/databases/name/" + service + ".sales";
    JsonNode aborted = importCsv(server.admin(), db, "name,displayName\r\nx,y\r\n", false, false);
    summary(aborted, "aborted", 1, 0, 1);
    assertThat(aborted.get("abortReason").asText()).isEqualTo("#INVALID_HEADER: Headers [name,displayName] doesn't match [" + ENTITY_HEADER + "]");
    assertThat(aborted.has("importResultsCsv")).isFalse();
    JsonNode broken = importCsv(server.admin(), db, ENTITY_HEADER + "\r\ngood,,,,,,,,,,,\r\n\"bad,,,\r\n", false, false);
    assertThat(broken.get("status").asText()).isEqualTo("aborted");
    assertThat(broken.get("abortReason").asText()).startsWith("#PARSER_FAILURE: Failed to parse the CSV filed - reason ");
    assertThat(server.admin().get("/api/v1/databaseSchemas/name/" + service + ".sales.good").status())
        .as("an import that aborts writes nothing, not even the rows before the broken one").isEqualTo(404);

    String csv = ENTITY_HEADER + "\r\n"
        + "e1,too,few\r\n"
        + ",,,,,,,,,,,\r\n"
        + "e2,,,,Tag.invalidTag,,,,,,,\r\n"
        + "e3,,,bob,,,,,,,,\r\n"
        + "e4,,,user:nobody_here,,,,,,,,\r\n"
        + "e5,,,,,,,,,,,novalue\r\n"
        + "e6,,,,,,,Certification.Gold,,,,\r\n"
        + "e7,,,,,Glossary.Term,,,,,,\r\n"
        + "e8,,,,,,,,,,no.such.domain,\r\n"
        + "e9,,,,,,,,P1D,,,\r\n";
    JsonNode result = importCsv(server.admin(), db, csv, false, false);
    summary(result, "partialSuccess", 11, 2, 9);
    List<CSVRecord> rows = results(result);
    assertThat(rows.get(0).toList().subList(0, 3)).containsExactly("status", "details", "name*");
    assertThat(rows.subList(1, 11).stream().map(r -> r.get(1)).toList()).containsExactly(
        "#INVALID_FIELD_COUNT: Field count 3 does not match the expected field count of 12",
        "#FIELD_REQUIRED: Field 1 is required",
        "#INVALID_FIELD: Field 5 error - Entity Tag.invalidTag of type tag not found",
        "#INVALID_FIELD: Field 4 error - Owner should be of format user:userName or team:teamName",
        "#INVALID_FIELD: Field 4 error - Entity nobody_here of type user not found",
        "#INVALID_FIELD: Field 12 error - Invalid key-value pair in extension string: Key = novalue, Value =  . Extensions should be of"
            + " format customPropertyName:customPropertyValue",
        "#INVALID_FIELD: Field 8 error - certification is not kept by Meridian: leave the field empty (docs/decisions.md)",
        "#INVALID_FIELD: Field 6 error - Entity Glossary.Term of type glossaryTerm not found",
        "#INVALID_FIELD: Field 11 error - Entity no.such.domain of type domain not found",
        "Entity created");
    assertThat(rows.get(3).get(0)).isEqualTo("failure");
    assertThat(rows.get(10).get(0)).isEqualTo("success");
    assertThat(server.admin().get("/api/v1/databaseSchemas/name/" + service + ".sales.e2").status()).isEqualTo(404);

    JsonNode onlyBad = importCsv(server.admin(), db, ENTITY_HEADER + "\r\nf1,,,,Tag.invalidTag,,,,,,,\r\n", false, false);
    summary(onlyBad, "partialSuccess", 2, 1, 1);

    String table = "/api/v1/tables/name/" + service + ".sales.staging.orders";
    JsonNode columns = importCsv(server.admin(), table, TABLE_HEADER + "\r\n"
        + "id,,,,BIGINT,,,Tag.invalidTag,\r\n"
        + "extra,,,,INT,,,,\r\n"
        + "ghost.child,,,,INT,,,,\r\n"
        + "odd,,,,NOT_A_TYPE,,,,\r\n"
        + "name,,,,VARCHAR,,,,\r\n", false, false);
    summary(columns, "partialSuccess", 6, 2, 4);
    assertThat(results(columns).subList(1, 6).stream().map(r -> r.get(1)).toList()).containsExactly(
        "#INVALID_FIELD: Field 8 error - Entity Tag.invalidTag of type tag not found",
        "Entity updated",
        "Parent Column not found. Check the order of the columns in the CSV file.",
        "#INVALID_FIELD: Field 5 error - Invalid dataType 'NOT_A_TYPE' for column: odd",
        "Data length is mandatory for VARCHAR columns: name");
    assertThat(export(table, false)).as("the good row added its column, the rest nothing")
        .contains("\r\nextra,,,int,INT,,,,\r\n").doesNotContain("ghost").doesNotContain("odd");

    String recursive = ENTITY_HEADER + ",entityType*,fullyQualifiedName,column.dataTypeDisplay,column.dataType,column.arrayDataType,"
        + "column.dataLength,storedProcedure.code,storedProcedure.language\r\n";
    JsonNode deep = importCsv(server.admin(), db, recursive
        + "t9,,,,,,,,,,,,table,,,,,,,\r\n"
        + "c,,,,,,,,,,,,column,,,,,,,\r\n"
        + "x,,,,,,,,,,,\r\n"
        + "p,,,,,,,,,,,,storedProcedure," + service + ".sales.public.p,,,,,select 1,SQL\r\n"
        + "c,,,,,,,,,,,,column," + service + ".sales.public.orders.c,,,,,,\r\n"
        + "t,,,,,,,,,,,,table,other.db.public.t,,,,,,\r\n", false, true);
    assertThat(results(deep).subList(1, 7).stream().map(r -> r.get(1)).toList()).containsExactly(
        "Table import requires fullyQualifiedName to determine the schema it belongs to",
        "Column import requires fullyQualifiedName to determine the table it belongs to",
        "#FIELD_REQUIRED: Field 13 is required",
        "#INVALID_FIELD: Field 13 error - stored procedures are not kept by Meridian (docs/decisions.md)",
        "Column dataType is mandatory for column: c",
        "#INVALID_FIELD: Field 14 error - other.db.public.t is not inside database " + service + ".sales");
  }

  @Test
  void aDryRunChecksEverythingAndWritesNothing() {
    String db = "/api/v1/databases/name/" + service + ".sales";
    String before = export(SERVICES + "/name/" + service, true);
    String csv = ENTITY_HEADER + ",entityType*,fullyQualifiedName,column.dataTypeDisplay,column.dataType,column.arrayDataType,"
        + "column.dataLength,storedProcedure.code,storedProcedure.language\r\n"
        + "dry,,,,,,,,,,,,databaseSchema," + service + ".sales.dry,,,,,,\r\n"
        + "t,,new,,,,,,,,,,table," + service + ".sales.dry.t,,,,,,\r\n"
        + "c,,,,,,,,,,,,column," + service + ".sales.dry.t.c,,INT,,,,\r\n"
        + "orders,,changed,,,,,,,,,,table," + service + ".sales.public.orders,,,,,,\r\n"
        + "bad,,,,Tag.invalidTag,,,,,,,,table," + service + ".sales.public.bad,,,,,,\r\n";
    JsonNode result = importCsv(server.admin(), db, csv, true, true);
    assertThat(result.get("dryRun").asBoolean()).isTrue();
    summary(result, "partialSuccess", 6, 5, 1);
    assertThat(results(result).subList(1, 6).stream().map(r -> r.get(1)).toList())
        .containsExactly("Entity created", "Entity created", "Entity updated", "Entity updated",
            "#INVALID_FIELD: Field 5 error - Entity Tag.invalidTag of type tag not found");
    Api.Response defaulted = server.admin().send("PUT", db + "/import", csv, TEXT);
    assertThat(defaulted.json().get("dryRun").asBoolean()).as("dryRun defaults to true").isTrue();
    assertThat(export(SERVICES + "/name/" + service, true)).isEqualTo(before);
    assertThat(server.admin().get("/api/v1/databaseSchemas/name/" + service + ".sales.dry").status()).isEqualTo(404);
  }

  @Test
  void tenThousandRowsInOneImportAreWrittenVersionedAndSearchable() {
    String name = Fixtures.uniqueName("bulkcsv");
    created(server.admin().post(SERVICES, Fixtures.minimal(name).toString()));
    created(server.admin().post("/api/v1/databases", "{\"name\":\"db\",\"service\":\"" + name + "\"}"));
    created(server.admin().post("/api/v1/databaseSchemas", "{\"name\":\"s\",\"database\":\"" + name + ".db\"}"));
    StringBuilder csv = new StringBuilder(ENTITY_HEADER).append("\r\n");
    for (int i = 0; i < 10_000; i++) {
      csv.append("tbl_").append(i).append(",,row ").append(i).append(",,,,,,,,,\r\n");
    }
    String schema = "/api/v1/databaseSchemas/name/" + name + ".db.s";
    JsonNode result = importCsv(server.admin(), schema, csv.toString(), false, false);
    summary(result, "success", 10_001, 10_001, 0);
    JsonNode list = server.admin().get("/api/v1/tables?databaseSchema=" + name + ".db.s&limit=1").json();
    assertThat(list.get("paging").get("total").asInt()).isEqualTo(10_000);
    JsonNode table = server.admin().get("/api/v1/tables/name/" + name + ".db.s.tbl_9999").json();
    assertThat(table.get("description").asText()).isEqualTo("row 9999");
    assertThat(table.get("columns")).isEmpty();
    assertThat(table.get("version").asText()).isEqualTo("0.1");
    JsonNode found = server.admin().get("/api/v1/search/query?q=tbl_9999&index=table_search_index").json();
    assertThat(found.get("hits").get("hits").get(0).get("_source").get("fullyQualifiedName").asText()).isEqualTo(name + ".db.s.tbl_9999");
  }

  @Test
  void whoMayExportAndImport() {
    String db = "/api/v1/databases/name/" + service + ".sales";
    String csv = ENTITY_HEADER + "\r\nby_owner,,,,,,,,,,,\r\n";
    Api stranger = server.newPlainUser();
    assertThat(stranger.get(db + "/export").status()).as("an export is a read").isEqualTo(200);
    Api.Response denied = stranger.send("PUT", db + "/import?dryRun=false", csv, TEXT);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("message").asText()).contains("EditAll");
    assertThat(stranger.send("PUT", db + "/importAsync?dryRun=false", csv, TEXT).status()).isEqualTo(403);
    summary(importCsv(owner.api(), db, csv, false, false), "success", 2, 2, 0);
    assertThat(server.admin().get("/api/v1/databaseSchemas/name/" + service + ".sales.by_owner").status())
        .as("the database's owner may import into it").isEqualTo(200);
    assertThat(server.admin().get(db + "/../nope/export").status()).isEqualTo(404);
    assertThat(server.admin().get("/api/v1/databases/name/" + service + ".nope/export").status()).isEqualTo(404);
    assertThat(server.admin().send("PUT", "/api/v1/databases/name/" + service + ".nope/import", csv, TEXT).status()).isEqualTo(404);
    assertThat(server.admin().send("PUT", db + "/import", csv, Map.of("Content-Type", "application/xml")).status()).isEqualTo(415);
  }

  @Test
  void asyncExportAndImportAreJobs() {
    String schema = "/api/v1/databaseSchemas/name/" + service + ".sales.public";
    Api.Response started = server.admin().get(schema + "/exportAsync?recursive=true");
    assertThat(started.status()).isEqualTo(202);
    assertThat(started.json().get("message").asText()).isEqualTo("Export initiated successfully.");
    JsonNode job = JobWait.await(server.admin(), started.json().get("jobId").asText(), Duration.ofSeconds(30));
    assertThat(job.get("state").asText()).isEqualTo("completed");
    assertThat(job.get("result").get("status").asText()).isEqualTo("COMPLETED");
    String csv = job.get("result").get("data").asText();
    assertThat(csv).isEqualTo(export(schema, true));

    Api.Response importing = server.admin().send("PUT", schema + "/importAsync?recursive=true&dryRun=false", csv, TEXT);
    assertThat(importing.status()).isEqualTo(200);
    assertThat(importing.json().get("message").asText()).isEqualTo("Import is in progress.");
    job = JobWait.await(server.admin(), importing.json().get("jobId").asText(), Duration.ofSeconds(30));
    assertThat(job.get("state").asText()).isEqualTo("completed");
    JsonNode result = job.get("result").get("result");
    int rows = records(csv);
    summary(result, "success", rows, rows, 0);
    assertThat(result.get("dryRun").asBoolean()).isFalse();

    String tooLarge = "x".repeat(4 * 1024 * 1024 + 1);
    assertThat(server.admin().send("PUT", schema + "/importAsync", tooLarge, TEXT).status()).isEqualTo(413);
  }

  @Test
  void aWholeServiceMovesIntoAnotherThroughOneRecursiveFile() {
    String source = tree(Fixtures.uniqueName("from"));
    String target = Fixtures.uniqueName("into");
    created(server.admin().post(SERVICES, Fixtures.minimal(target).toString()));
    String csv = export(SERVICES + "/name/" + source, true);
    String moved = csv.replace("," + source + ".", "," + target + ".");
    JsonNode result = importCsv(server.admin(), SERVICES + "/name/" + target, moved, false, true);
    int rows = records(csv);
    summary(result, "success", rows, rows, 0);
    assertThat(results(result).get(1).get(1)).isEqualTo("Entity created");
    assertThat(export(SERVICES + "/name/" + target, true)).isEqualTo(moved);
    JsonNode table = server.admin().get("/api/v1/tables/name/" + target + ".sales.staging.orders?fields=columns,tags").json();
    assertThat(table.get("columns").get(0).get("children").get(0).get("tags").get(0).get("tagFQN").asText()).isEqualTo("PII.Sensitive");
    assertThat(table.get("serviceType").asText()).isEqualTo(server.admin().get(SERVICES + "/name/" + target).json().get("serviceType").asText());
  }

  /**
   * {@code ./meridian export} and {@code import} on a stopped embedded store: the file the API
   * would give, a dry run by default, {@code --apply} to write, exit 1 and the failed rows shown
   * when a row fails.
   */
  @Test
  void theCommandLineExportsAndImportsAStoppedEmbeddedStore() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(meridian.tests.TestStore.current().external(), "the embedded store's commands");
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("meridian-csv-cli-");
    try {
      String name = "cli_shop";
      String api;
      try (TestServer first = TestServer.on(dir, null)) {
        created(first.admin().post(SERVICES, Fixtures.minimal(name).toString()));
        created(first.admin().post("/api/v1/databases", "{\"name\":\"d\",\"service\":\"" + name + "\"}"));
        created(first.admin().post("/api/v1/databaseSchemas", "{\"name\":\"s\",\"database\":\"" + name + ".d\"}"));
        created(first.admin().post("/api/v1/tables", "{\"name\":\"t\",\"databaseSchema\":\"" + name + ".d.s\",\"columns\":"
            + "[{\"name\":\"id\",\"dataType\":\"INT\"}]}"));
        api = first.admin().get(SERVICES + "/name/" + name + "/export?recursive=true").body();
      }
      java.nio.file.Path file = dir.resolve("shop.csv");
      var exported = meridian.tests.MainProcess.run("export", "service", name, "--recursive", "-o", file.toString(), "--data-dir", dir.toString());
      assertThat(exported.exit()).as(exported.toString()).isZero();
      assertThat(java.nio.file.Files.readString(file)).as("the file the API gives").isEqualTo(api);
      var toStdout = meridian.tests.MainProcess.run("export", "table", name + ".d.s.t", "--data-dir", dir.toString());
      assertThat(toStdout.out()).isEqualTo(TABLE_HEADER + "\r\nid,,,int,INT,,,,\r\n");

      java.nio.file.Files.writeString(file, api.replace("t,,,", "t,,described by a file,"));
      var dry = meridian.tests.MainProcess.run("import", "service", name, file.toString(), "--recursive", "--data-dir", dir.toString());
      assertThat(dry.exit()).as(dry.toString()).isZero();
      assertThat(dry.err()).contains("dry run of").contains("success, 5 rows processed, 5 passed, 0 failed").contains("nothing written");
      var applied = meridian.tests.MainProcess.run("import", "service", name, file.toString(), "--recursive", "--apply", "--data-dir",
          dir.toString());
      assertThat(applied.exit()).as(applied.toString()).isZero();
      java.nio.file.Files.writeString(file, ENTITY_HEADER + "\r\nu,,,,Tag.invalidTag,,,,,,,\r\n");
      var failed = meridian.tests.MainProcess.run("import", "schema", name + ".d.s", file.toString(), "--apply", "--data-dir", dir.toString());
      assertThat(failed.exit()).isEqualTo(1);
      assertThat(failed.err()).contains("partialSuccess").contains("row 2: #INVALID_FIELD: Field 5 error - Entity Tag.invalidTag of type tag not found");
      var unknown = meridian.tests.MainProcess.run("export", "view", name, "--data-dir", dir.toString());
      assertThat(unknown.exit()).isEqualTo(2);
      assertThat(unknown.err()).contains("name one of service, database, schema, table");
      try (TestServer again = TestServer.on(dir, null)) {
        JsonNode table = again.admin().get("/api/v1/tables/name/" + name + ".d.s.t").json();
        assertThat(table.get("description").asText()).isEqualTo("described by a file");
        assertThat(table.get("version").asText()).isEqualTo("0.2");
        assertThat(again.admin().get("/api/v1/tables/name/" + name + ".d.s.u").status()).isEqualTo(404);
      }
    } finally {
      try (var files = java.nio.file.Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
