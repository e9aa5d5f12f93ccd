package meridian.tests.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import meridian.tests.Api;
import meridian.tests.MainProcess;
import meridian.tests.ServerIT;
import meridian.tests.connections.Configs;
import meridian.tests.connections.RealDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metadata runs by the server itself (issue 16), against real PostgreSQL and MariaDB databases this
 * test seeds and drops: OM's shapes for tables, views, columns, comments and keys; a second run that
 * changes nothing writes no version; after ALTERs exactly the changes are recorded, a description
 * a user curated is kept, a dropped table is soft-deleted and a re-created one restored; filters
 * leave alone what they exclude; a wrong password ends the run failed, saying why, with no secret.
 */
class IngestionRunIT extends ServerIT {
  static final String PIPELINES = IngestionPipelineIT.PIPELINES;
  static final String SERVICES = IngestionPipelineIT.SERVICES;
  static final String PG_ADMIN = "jdbc:postgresql://" + RealDatabases.PG_HOST_PORT + "/";
  static final String MARIA_ADMIN = "jdbc:mariadb://" + RealDatabases.MARIADB_HOST_PORT + "/";

  static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  static final String PG_DB = "meridian_ing_" + SUFFIX;
  static final String MARIA_DB = "meridian_ing_" + SUFFIX;
  static final String MARIA_USER = "meridian_ing_" + SUFFIX;
  static final String MARIA_PASSWORD = "Pw-" + UUID.randomUUID();

  @BeforeAll
  static void seed() throws SQLException {
    sql(PG_ADMIN + "postgres", "postgres", "CREATE DATABASE " + PG_DB);
    sql(PG_ADMIN + PG_DB, "postgres",
        "CREATE SCHEMA sales",
        "COMMENT ON SCHEMA sales IS 'What we sold'",
        "CREATE TABLE sales.customers (id BIGINT PRIMARY KEY, email VARCHAR(120) NOT NULL, region CHAR(2), UNIQUE (email, region))",
        "CREATE TABLE sales.orders (id INTEGER PRIMARY KEY, customer_id BIGINT REFERENCES sales.customers (id),"
            + " amount NUMERIC(10, 2), placed_at TIMESTAMP WITH TIME ZONE, labels TEXT[], note TEXT)",
        "COMMENT ON TABLE sales.orders IS 'One row per order'",
        "COMMENT ON COLUMN sales.orders.amount IS 'In euros'",
        "CREATE TABLE sales.scratch (id INTEGER)",
        "CREATE VIEW sales.big_orders AS SELECT id, amount FROM sales.orders WHERE amount > 100",
        "CREATE SCHEMA hr",
        "CREATE TABLE hr.people (id INTEGER)");
    sql(MARIA_ADMIN, "root",
        "CREATE DATABASE " + MARIA_DB,
        "CREATE TABLE " + MARIA_DB + ".items (id INT UNSIGNED PRIMARY KEY, kind ENUM('a','b') NOT NULL, price DECIMAL(8,2)"
            + " COMMENT 'Before tax') COMMENT 'Things we sell'",
        "CREATE TABLE " + MARIA_DB + ".lines (item_id INT UNSIGNED, qty SMALLINT, FOREIGN KEY (item_id) REFERENCES " + MARIA_DB
            + ".items (id))",
        "CREATE USER '" + MARIA_USER + "'@'%' IDENTIFIED BY '" + MARIA_PASSWORD + "'",
        "GRANT SELECT, SHOW VIEW ON " + MARIA_DB + ".* TO '" + MARIA_USER + "'@'%'");
  }

  @AfterAll
  static void drop() {
    try {
      sql(PG_ADMIN + "postgres", "postgres", "DROP DATABASE IF EXISTS " + PG_DB + " WITH (FORCE)");
      sql(MARIA_ADMIN, "root", "DROP DATABASE IF EXISTS " + MARIA_DB, "DROP USER IF EXISTS '" + MARIA_USER + "'@'%'");
    } catch (SQLException e) {
      System.err.println("could not drop the ingestion test's databases: " + e.getMessage());
    }
  }

  static void sql(String url, String user, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  static JsonNode ok(Api.Response response, int status) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    return response.json();
  }

  /** Triggers a run and waits for its end; its final status. */
  static JsonNode runOnce(Api api, JsonNode pipeline) throws InterruptedException {
    String id = pipeline.get("id").asText();
    JsonNode triggered = ok(api.post(PIPELINES + "/trigger/" + id, ""), 200);
    assertThat(triggered.get("code").asInt()).isEqualTo(200);
    String run = triggered.get("reason").asText().replaceAll(".*run ", "");
    String fqn = pipeline.get("fullyQualifiedName").asText();
    for (int i = 0; i < 600; i++) {
      Api.Response status = api.get(PIPELINES + "/" + fqn + "/pipelineStatus/" + run);
      // The run is a job too (at /api/v1/jobs): over when both say so.
      if (status.status() == 200 && !status.json().path("pipelineState").asText().equals("running")
          && !ok(api.get("/api/v1/jobs/" + run), 200).get("state").asText().equals("running")) {
        return status.json();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the run " + run + " did not end in a minute");
  }

  static JsonNode pipeline(Api api, JsonNode service, ObjectNode config) {
    ObjectNode body = IngestionPipelineIT.pipeline(service, "metadata");
    body.putObject("sourceConfig").set("config", config);
    body.putObject("airflowConfig");
    return ok(api.post(PIPELINES, body.toString()), 201);
  }

  static JsonNode table(Api api, String fqn) {
    return ok(api.get("/api/v1/tables/name/" + fqn + "?fields=columns,tableConstraints&include=all"), 200);
  }

  static JsonNode column(JsonNode table, String name) {
    for (JsonNode c : table.get("columns")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no column " + name + " in " + table);
  }

  @Test
  void aPostgresDatabaseIsCataloguedInOmsShapesAndKeptInStepWithItsSource() throws Exception {
    Api admin = server.admin();
    String name = "pg_" + SUFFIX;
    JsonNode service = ok(admin.post(SERVICES, Configs.postgres(name, PG_DB).toString()), 201);
    ObjectNode config = Api.JSON.createObjectNode();
    config.putObject("schemaFilterPattern").putArray("includes").add("^sales$");
    config.putObject("tableFilterPattern").putArray("excludes").add("scratch");
    JsonNode pipeline = pipeline(admin, service, config);

    JsonNode first = runOnce(admin, pipeline);
    assertThat(first.get("pipelineState").asText()).as(first.toString()).isEqualTo("success");
    assertThat(first.at("/status/0/name").asText()).isEqualTo("Postgres");
    assertThat(first.at("/status/0/records").asInt()).isEqualTo(5); // the database, the schema, three tables and views
    assertThat(first.at("/status/0/filtered").asInt()).isGreaterThanOrEqualTo(2); // hr, public, information_schema; scratch

    String sales = name + "." + PG_DB + ".sales";
    assertThat(ok(admin.get("/api/v1/databaseSchemas/name/" + sales), 200).get("description").asText()).isEqualTo("What we sold");
    JsonNode orders = table(admin, sales + ".orders");
    assertThat(orders.get("tableType").asText()).isEqualTo("Regular");
    assertThat(orders.get("description").asText()).isEqualTo("One row per order");
    assertThat(column(orders, "id").get("dataType").asText()).isEqualTo("INT");
    assertThat(column(orders, "id").get("constraint").asText()).isEqualTo("PRIMARY_KEY");
    assertThat(column(orders, "amount").get("dataType").asText()).isEqualTo("NUMERIC");
    assertThat(column(orders, "amount").get("precision").asInt()).isEqualTo(10);
    assertThat(column(orders, "amount").get("scale").asInt()).isEqualTo(2);
    assertThat(column(orders, "amount").get("description").asText()).isEqualTo("In euros");
    assertThat(column(orders, "placed_at").get("dataType").asText()).isEqualTo("TIMESTAMP");
    assertThat(column(orders, "placed_at").get("dataTypeDisplay").asText()).isEqualTo("timestamp with time zone");
    assertThat(column(orders, "labels").get("dataType").asText()).isEqualTo("ARRAY");
    assertThat(column(orders, "labels").get("arrayDataType").asText()).isEqualTo("TEXT");
    assertThat(column(orders, "note").get("constraint").asText()).isEqualTo("NULL");
    assertThat(orders.at("/tableConstraints/0/constraintType").asText()).isEqualTo("FOREIGN_KEY");
    assertThat(orders.at("/tableConstraints/0/referredColumns/0").asText()).isEqualTo(sales + ".customers.id");
    JsonNode customers = table(admin, sales + ".customers");
    assertThat(column(customers, "email").get("dataLength").asInt()).isEqualTo(120);
    assertThat(column(customers, "email").has("constraint")).as("a member of a composite key has none").isFalse();
    assertThat(customers.at("/tableConstraints/0/constraintType").asText()).isEqualTo("UNIQUE");
    JsonNode view = table(admin, sales + ".big_orders");
    assertThat(view.get("tableType").asText()).isEqualTo("View");
    assertThat(ok(admin.get("/api/v1/tables/name/" + sales + ".big_orders?fields=schemaDefinition"), 200)
        .get("schemaDefinition").asText()).startsWith("create view sales.big_orders as ");
    assertThat(admin.get("/api/v1/tables/name/" + sales + ".scratch").status()).as("filtered out").isEqualTo(404);
    assertThat(admin.get("/api/v1/databaseSchemas/name/" + name + "." + PG_DB + ".hr").status()).isEqualTo(404);
    // What a run writes is searchable at once, as every write is (issue 17).
    JsonNode found = ok(admin.get("/api/v1/search/query?index=table_search_index&q=big+ord&query_filter="
        + java.net.URLEncoder.encode("{\"query\":{\"term\":{\"service.name.keyword\":\"" + name + "\"}}}", java.nio.charset.StandardCharsets.UTF_8)), 200);
    assertThat(found.at("/hits/hits/0/_source/fullyQualifiedName").asText()).isEqualTo(sales + ".big_orders");

    // Nothing changed: no new version anywhere.
    JsonNode second = runOnce(admin, pipeline);
    assertThat(second.get("pipelineState").asText()).isEqualTo("success");
    assertThat(second.at("/status/0/updated_records").asInt()).isZero();
    assertThat(table(admin, sales + ".orders").get("version").asDouble()).isEqualTo(0.1);
    assertThat(table(admin, sales + ".customers").get("version").asDouble()).isEqualTo(0.1);

    // A user curates a description; the source changes a column, a comment, drops a table.
    ok(admin.patch("/api/v1/tables/name/" + sales + ".customers",
        "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"Curated by a person\"},"
            + "{\"op\":\"add\",\"path\":\"/tags\",\"value\":[{\"tagFQN\":\"PII.Sensitive\",\"source\":\"Classification\","
            + "\"labelType\":\"Manual\",\"state\":\"Confirmed\"}]},"
            + "{\"op\":\"add\",\"path\":\"/owners\",\"value\":[{\"id\":\"" + ok(admin.get("/api/v1/users/name/admin"), 200).get("id").asText()
            + "\",\"type\":\"user\"}]}]"), 200);
    sql(PG_ADMIN + PG_DB, "postgres",
        "ALTER TABLE sales.orders ADD COLUMN channel VARCHAR(16)",
        "COMMENT ON TABLE sales.customers IS 'From the source'",
        "COMMENT ON TABLE sales.orders IS 'One row per order, now with its channel'",
        "COMMENT ON COLUMN sales.orders.amount IS 'In euros, tax included'",
        "DROP VIEW sales.big_orders");
    JsonNode third = runOnce(admin, pipeline);
    assertThat(third.get("pipelineState").asText()).as(third.toString()).isEqualTo("success");
    JsonNode changed = table(admin, sales + ".orders");
    assertThat(changed.get("version").asDouble()).isEqualTo(0.2);
    assertThat(column(changed, "channel").get("dataLength").asInt()).isEqualTo(16);
    assertThat(changed.at("/changeDescription/fieldsAdded/0/name").asText()).contains("columns");
    // Descriptions that came from the source follow it; the one a person wrote stays.
    assertThat(changed.get("description").asText()).isEqualTo("One row per order, now with its channel");
    assertThat(column(changed, "amount").get("description").asText()).isEqualTo("In euros, tax included");
    JsonNode curated = ok(admin.get("/api/v1/tables/name/" + sales + ".customers?fields=tags,owners"), 200);
    assertThat(curated.get("description").asText()).isEqualTo("Curated by a person");
    assertThat(curated.at("/tags/0/tagFQN").asText()).as("a tag people set stays").isEqualTo("PII.Sensitive");
    assertThat(curated.at("/owners/0/name").asText()).as("an owner people set stays").isEqualTo("admin");
    JsonNode gone = table(admin, sales + ".big_orders");
    assertThat(gone.get("deleted").asBoolean()).isTrue();

    // It comes back: restored, with its history.
    sql(PG_ADMIN + PG_DB, "postgres", "CREATE VIEW sales.big_orders AS SELECT id, amount FROM sales.orders WHERE amount > 100");
    assertThat(runOnce(admin, pipeline).get("pipelineState").asText()).isEqualTo("success");
    JsonNode back = table(admin, sales + ".big_orders");
    assertThat(back.get("deleted").asBoolean()).isFalse();
    assertThat(back.get("id").asText()).isEqualTo(view.get("id").asText());

    JsonNode logs = ok(admin.get(PIPELINES + "/logs/" + pipeline.get("id").asText() + "/last"), 200);
    assertThat(logs.get("ingestion_task").asText()).contains("run ended success");

    // A person edits a column the source describes; with overrideMetadata the source wins, even
    // over descriptions people wrote, and even where nothing changed at the source.
    ok(admin.patch("/api/v1/tables/name/" + sales + ".orders",
        "[{\"op\":\"replace\",\"path\":\"/columns/2/description\",\"value\":\"Edited by a person\"}]"), 200);
    assertThat(runOnce(admin, pipeline).get("pipelineState").asText()).isEqualTo("success");
    assertThat(column(table(admin, sales + ".orders"), "amount").get("description").asText()).isEqualTo("Edited by a person");
    config.put("overrideMetadata", true);
    ObjectNode body = IngestionPipelineIT.pipeline(service, "metadata");
    body.putObject("sourceConfig").set("config", config);
    body.putObject("airflowConfig");
    ok(admin.put(PIPELINES, body.toString()), 200);
    assertThat(runOnce(admin, pipeline).get("pipelineState").asText()).isEqualTo("success");
    assertThat(table(admin, sales + ".customers").get("description").asText()).isEqualTo("From the source");
    JsonNode overridden = table(admin, sales + ".orders");
    assertThat(column(overridden, "amount").get("description").asText()).isEqualTo("In euros, tax included");
    assertThat(overridden.at("/changeDescription/fieldsUpdated/0/name").asText()).isEqualTo("columns.amount.description");

    // Prometheus: per pipeline, never per run.
    String pipelineFqn = pipeline.get("fullyQualifiedName").asText();
    List<String> metrics = server.anonymous().get("/metrics").body().lines().filter(l -> l.startsWith("meridian_ingestion_")).toList();
    assertThat(metrics).anyMatch(l -> l.matches("meridian_ingestion_runs_total\\{pipeline=\"" + java.util.regex.Pattern.quote(pipelineFqn)
        + "\",state=\"success\"} 6\\.0"));
    assertThat(metrics).anyMatch(l -> l.startsWith("meridian_ingestion_records_total{pipeline=\"" + pipelineFqn + "\"}"));
    assertThat(metrics).anyMatch(l -> l.startsWith("meridian_ingestion_run_duration_seconds_count{pipeline=\"" + pipelineFqn + "\"}"));
    assertThat(metrics).anyMatch(l -> l.equals("meridian_ingestion_running{pipeline=\"" + pipelineFqn + "\"} 0.0"));
    assertThat(metrics).noneMatch(l -> l.contains(second.get("runId").asText()));

    // What the bot sent is kept for this rule only: no read shows it.
    String id = overridden.get("id").asText();
    for (String read : List.of("/api/v1/tables/" + id + "?fields=*", "/api/v1/tables/" + id + "/versions",
        "/api/v1/tables/" + id + "/versions/0.1", "/api/v1/tables?databaseSchema=" + sales + "&fields=*")) {
      assertThat(ok(admin.get(read), 200).toString()).as(read).doesNotContain("botDescriptions");
    }
  }

  @Test
  void markDeletedSchemasGoesWithTheSourceAndATableTheFilterExcludesIsLeftAlone() throws Exception {
    String db = PG_DB + "_b";
    sql(PG_ADMIN + "postgres", "postgres", "CREATE DATABASE " + db);
    try {
      sql(PG_ADMIN + db, "postgres", "CREATE SCHEMA a", "CREATE TABLE a.t1 (id INTEGER)", "CREATE TABLE a.t2 (id INTEGER)",
          "CREATE SCHEMA b", "CREATE TABLE b.t3 (id INTEGER)");
      Api admin = server.admin();
      String name = "del_" + SUFFIX;
      JsonNode service = ok(admin.post(SERVICES, Configs.postgres(name, db).toString()), 201);
      ObjectNode config = Api.JSON.createObjectNode();
      config.putObject("schemaFilterPattern").putArray("excludes").add("^information_schema$").add("^public$");
      config.put("markDeletedSchemas", true);
      ObjectNode body = IngestionPipelineIT.pipeline(service, "metadata");
      body.putObject("sourceConfig").set("config", config);
      body.putObject("airflowConfig");
      JsonNode pipeline = ok(admin.post(PIPELINES, body.toString()), 201);
      assertThat(runOnce(admin, pipeline).get("pipelineState").asText()).isEqualTo("success");
      String prefix = name + "." + db;
      assertThat(table(admin, prefix + ".a.t2").get("deleted").asBoolean()).isFalse();
      assertThat(table(admin, prefix + ".b.t3").get("deleted").asBoolean()).isFalse();

      // The source drops schema b; the pipeline now excludes t2 by its table filter.
      sql(PG_ADMIN + db, "postgres", "DROP SCHEMA b CASCADE");
      config.putObject("tableFilterPattern").putArray("excludes").add("^t2$");
      body.putObject("sourceConfig").set("config", config);
      ok(admin.put(PIPELINES, body.toString()), 200);
      JsonNode status = runOnce(admin, pipeline);
      assertThat(status.get("pipelineState").asText()).isEqualTo("success");
      assertThat(ok(admin.get("/api/v1/databaseSchemas/name/" + prefix + ".b?include=all"), 200).get("deleted").asBoolean()).isTrue();
      assertThat(table(admin, prefix + ".b.t3").get("deleted").asBoolean()).as("with its schema").isTrue();
      assertThat(table(admin, prefix + ".a.t2").get("deleted").asBoolean()).as("excluded by the filter: left alone").isFalse();
      assertThat(table(admin, prefix + ".a.t1").get("deleted").asBoolean()).isFalse();
    } finally {
      sql(PG_ADMIN + "postgres", "postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }
  }

  /**
   * OM's #18187, the other way: a schema whose table listing fails (here a view its catalog query
   * must read is locked past the statement timeout) has none of its tables marked deleted; once
   * the listing works again, the table the source dropped goes. With markDeletedDatabases, a
   * database the source no longer has goes with everything in it. The server keeps the statuses
   * of the newest runs only, as many as it is told.
   */
  @Test
  void aListingThatFailsDeletesNothingAndStatusesKeepTheNewestRuns() throws Exception {
    String db = PG_DB + "_l1";
    String other = PG_DB + "_l2";
    sql(PG_ADMIN + "postgres", "postgres", "CREATE DATABASE " + db, "CREATE DATABASE " + other);
    try (meridian.tests.TestServer server = meridian.tests.TestServer.start(c -> c.withIngestion(
        new meridian.core.features.ingestion.IngestionSettings(2, java.time.Duration.ofSeconds(2))))) {
      sql(PG_ADMIN + db, "postgres", "CREATE SCHEMA a", "CREATE TABLE a.t1 (id INTEGER)", "CREATE TABLE a.t2 (id INTEGER)",
          "CREATE VIEW a.v AS SELECT id FROM a.t1");
      sql(PG_ADMIN + other, "postgres", "CREATE SCHEMA z", "CREATE TABLE z.t9 (id INTEGER)");
      Api admin = server.admin();
      String name = "lock_" + SUFFIX;
      ObjectNode request = Configs.postgres(name, db);
      ((ObjectNode) request.at("/connection/config")).put("ingestAllDatabases", true);
      JsonNode service = ok(admin.post(SERVICES, request.toString()), 201);
      ObjectNode config = Api.JSON.createObjectNode();
      config.putObject("databaseFilterPattern").putArray("includes").add("^" + PG_DB + "_l[12]$");
      config.putObject("schemaFilterPattern").putArray("includes").add("^[az]$");
      config.put("markDeletedDatabases", true);
      JsonNode pipeline = pipeline(admin, service, config);
      assertThat(runOnce(admin, pipeline).get("pipelineState").asText()).isEqualTo("success");
      String prefix = name + "." + db + ".a";
      assertThat(table(admin, prefix + ".t2").get("deleted").asBoolean()).isFalse();
      assertThat(table(admin, name + "." + other + ".z.t9").get("deleted").asBoolean()).isFalse();

      // The source drops t2 while a migration holds a lock on the view the listing must read.
      sql(PG_ADMIN + db, "postgres", "DROP TABLE a.t2");
      JsonNode failed;
      try (Connection locker = DriverManager.getConnection(PG_ADMIN + db, "postgres", ""); Statement s = locker.createStatement()) {
        locker.setAutoCommit(false);
        s.execute("LOCK TABLE a.v IN ACCESS EXCLUSIVE MODE");
        failed = runOnce(admin, pipeline);
        locker.rollback();
      }
      assertThat(failed.get("pipelineState").asText()).as(failed.toString()).isNotEqualTo("success");
      assertThat(failed.at("/status/0/failures/0/error").asText()).contains("cannot list the tables of " + prefix);
      assertThat(table(admin, prefix + ".t2").get("deleted").asBoolean()).as("a failed listing deletes nothing").isFalse();
      String logs = ok(admin.get(PIPELINES + "/logs/" + pipeline.get("id").asText() + "/last"), 200).get("ingestion_task").asText();
      assertThat(logs).contains("none of its tables is marked deleted");

      // The listing works again, and the other database is gone from the source.
      sql(PG_ADMIN + "postgres", "postgres", "DROP DATABASE " + other + " WITH (FORCE)");
      JsonNode third = runOnce(admin, pipeline);
      assertThat(third.get("pipelineState").asText()).as(third.toString()).isEqualTo("success");
      assertThat(table(admin, prefix + ".t2").get("deleted").asBoolean()).isTrue();
      assertThat(table(admin, prefix + ".t1").get("deleted").asBoolean()).isFalse();
      assertThat(ok(admin.get("/api/v1/databases/name/" + name + "." + other + "?include=all"), 200).get("deleted").asBoolean()).isTrue();
      assertThat(table(admin, name + "." + other + ".z.t9").get("deleted").asBoolean()).as("with its database").isTrue();
      assertThat(ok(admin.get("/api/v1/databases/name/" + name + "." + db), 200).get("deleted").asBoolean()).isFalse();

      // Three runs, two kept: the newest.
      JsonNode kept = ok(admin.get(PIPELINES + "/" + pipeline.get("fullyQualifiedName").asText() + "/pipelineStatus?startTs=0&endTs="
          + (System.currentTimeMillis() + 1000)), 200).get("data");
      assertThat(kept).hasSize(2);
      assertThat(kept.findValuesAsText("runId")).containsExactlyInAnyOrder(failed.get("runId").asText(), third.get("runId").asText());
    } finally {
      sql(PG_ADMIN + "postgres", "postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)", "DROP DATABASE IF EXISTS " + other + " WITH (FORCE)");
    }
  }

  @Test
  void aDeployedScheduleStartsRunsByItselfAndAPausedOneDoesNot() throws Exception {
    Api admin = server.admin();
    String name = "sched_" + SUFFIX;
    JsonNode service = ok(admin.post(SERVICES, Configs.postgres(name, PG_DB).toString()), 201);
    ObjectNode config = Api.JSON.createObjectNode();
    config.putObject("schemaFilterPattern").putArray("includes").add("^sales$");
    ObjectNode body = IngestionPipelineIT.pipeline(service, "every_minute");
    body.putObject("sourceConfig").set("config", config);
    body.putObject("airflowConfig").put("scheduleInterval", "* * * * *");
    JsonNode pipeline = ok(admin.post(PIPELINES, body.toString()), 201);
    ObjectNode paused = IngestionPipelineIT.pipeline(service, "paused");
    paused.putObject("sourceConfig").set("config", config);
    paused.putObject("airflowConfig").put("scheduleInterval", "* * * * *").put("pausePipeline", true);
    JsonNode quiet = ok(admin.post(PIPELINES, paused.toString()), 201);
    ok(admin.post(PIPELINES + "/deploy/" + pipeline.get("id").asText(), ""), 200);
    ok(admin.post(PIPELINES + "/deploy/" + quiet.get("id").asText(), ""), 200);
    long deployed = System.currentTimeMillis();
    JsonNode status = null;
    for (int i = 0; i < 900 && status == null; i++) {
      JsonNode runs = ok(admin.get(PIPELINES + "/" + pipeline.get("fullyQualifiedName").asText() + "/pipelineStatus?startTs=" + deployed
          + "&endTs=" + (System.currentTimeMillis() + 1000)), 200).get("data");
      if (!runs.isEmpty() && runs.get(0).get("pipelineState").asText().equals("success")) {
        status = runs.get(0);
      }
      Thread.sleep(100);
    }
    assertThat(status).as("a run of the every-minute schedule within 90 s").isNotNull();
    assertThat(ok(admin.get("/api/v1/tables/name/" + name + "." + PG_DB + ".sales.orders"), 200).get("name").asText()).isEqualTo("orders");
    assertThat(ok(admin.get(PIPELINES + "/" + quiet.get("fullyQualifiedName").asText() + "/pipelineStatus?startTs=0&endTs="
        + (System.currentTimeMillis() + 1000)), 200).get("data")).as("a paused schedule starts nothing").isEmpty();
  }

  @Test
  void theIngestCommandRunsAServiceAndSaysHowItEnded() throws Exception {
    Api admin = server.admin();
    String name = "cli_" + SUFFIX;
    ok(admin.post(SERVICES, Configs.postgres(name, PG_DB).toString()), 201);
    java.util.Map<String, String> env = java.util.Map.of("MERIDIAN_TOKEN", server.token("ingestion-bot", java.time.Duration.ofMinutes(10)));
    MainProcess.Result run = MainProcess.run(env, "ingest", "--service", name, "--follow", "--server", server.baseUrl());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("made the metadata pipeline " + name + "_metadata").contains("ended success");
    assertThat(ok(admin.get("/api/v1/tables/name/" + name + "." + PG_DB + ".sales.orders"), 200).get("name").asText()).isEqualTo("orders");

    // A failing run ends the command with 1; a service it can't find with 2, saying so.
    ok(admin.put(SERVICES, Configs.postgres(name, "no_such_database_" + SUFFIX).toString()), 200);
    MainProcess.Result failed = MainProcess.run(env, "ingest", "--service", name, "--follow", "--server", server.baseUrl());
    assertThat(failed.exit()).as(failed.out() + failed.err()).isEqualTo(1);
    assertThat(failed.out()).contains("ended failed").contains("no_such_database_" + SUFFIX);
    MainProcess.Result missing = MainProcess.run(env, "ingest", "--service", "nope_" + SUFFIX, "--server", server.baseUrl());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).startsWith("meridian: ").contains("404");
  }

  @Test
  void aMariaDbSchemaKeepsUnsignedAndEnumTypesAndAWrongPasswordFailsTheRunWithoutTheSecret() throws Exception {
    Api admin = server.admin();
    String name = "maria_" + SUFFIX;
    JsonNode service = ok(admin.post(SERVICES, Configs.mariaDb(name, MARIA_USER, MARIA_PASSWORD).toString()), 201);
    ObjectNode config = Api.JSON.createObjectNode();
    config.putObject("schemaFilterPattern").putArray("includes").add("^" + MARIA_DB + "$");
    JsonNode pipeline = pipeline(admin, service, config);
    JsonNode status = runOnce(admin, pipeline);
    assertThat(status.get("pipelineState").asText()).as(status.toString()).isEqualTo("success");
    assertThat(status.at("/status/0/name").asText()).isEqualTo("MariaDB");
    String schema = name + ".default." + MARIA_DB;
    JsonNode items = table(admin, schema + ".items");
    assertThat(items.get("description").asText()).isEqualTo("Things we sell");
    assertThat(column(items, "id").get("dataType").asText()).isEqualTo("INT");
    assertThat(column(items, "id").get("dataTypeDisplay").asText()).contains("unsigned");
    assertThat(column(items, "id").get("constraint").asText()).isEqualTo("PRIMARY_KEY");
    assertThat(column(items, "kind").get("dataType").asText()).isEqualTo("ENUM");
    assertThat(column(items, "kind").get("constraint").asText()).isEqualTo("NOT_NULL");
    assertThat(column(items, "price").get("description").asText()).isEqualTo("Before tax");
    JsonNode lines = table(admin, schema + ".lines");
    assertThat(lines.at("/tableConstraints/0/referredColumns/0").asText()).isEqualTo(schema + ".items.id");

    // A wrong password: the run fails, says why, and the password is nowhere in what it reports.
    String wrong = "Wrong-" + UUID.randomUUID();
    ObjectNode patched = Configs.mariaDb(name, MARIA_USER, wrong);
    ok(admin.put(SERVICES, patched.toString()), 200);
    JsonNode failed = runOnce(admin, pipeline);
    assertThat(failed.get("pipelineState").asText()).isEqualTo("failed");
    assertThat(failed.at("/status/0/failures/0/error").asText()).containsIgnoringCase("denied");
    List<String> bodies = new ArrayList<>(List.of(failed.toString(),
        ok(admin.get(PIPELINES + "/logs/" + pipeline.get("id").asText() + "/last"), 200).toString()));
    assertThat(String.join("\n", bodies)).doesNotContain(wrong).doesNotContain(MARIA_PASSWORD);
    assertThat(table(admin, schema + ".items").get("deleted").asBoolean()).as("a failed run deletes nothing").isFalse();
  }
}
