package meridian.tests.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The web UI end to end (issue 18): meridian-ui/e2e/run.mjs drives Debian's Chromium through
 * playwright-core against this real server, seeded here through the API, and a throw-away
 * PostgreSQL database the new service ingests. It signs in (after a wrong password), adds a
 * Postgres service through the connection form (a name the server refuses, shown by the name
 * field; test connection step by step), sets up its ingestion and runs it to success, edits and
 * tests its connection with the password kept, imports 100 databases from CSV after the dry run,
 * deletes the service recursively and restores it; finds tables from the header's search, edits a
 * column's tags and description and sees the diff, loses a write to another user with a 412,
 * sets an owner and a domain inline, walks the tree and the trail, opens the API reference; runs
 * axe-core on each page at 1280 px and at a phone's width, and signs out. Afterwards the store is
 * checked for what the browser did. Screenshots go to target/ui-screenshots (docs/ui holds the
 * committed ones). The UI is the same on every store: it runs once, on the embedded one.
 */
class UiIT extends ServerIT {
  static final String PASSWORD = "Browser#2026";

  @Test
  void aUserSignsInBrowsesSearchesAndSignsOutInARealBrowser() throws IOException, InterruptedException {
    Assumptions.assumeTrue(server.config().databaseUrl() == null, "the UI runs once, on the embedded store");
    Path ui = Path.of("..", "meridian-ui").toAbsolutePath().normalize();
    assertThat(ui.resolve("node_modules/playwright-core")).as("meridian-ui's npm packages (mvn package installs them)").exists();
    assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")))
        .as("Debian's chromium (apt-get install chromium; .ci/run installs it)").exists();

    // The source the browser's new service ingests: a throw-away database on the machine's PostgreSQL.
    String source = Fixtures.uniqueName("meridian_ui").toLowerCase(java.util.Locale.ROOT);
    sql("postgres", "CREATE DATABASE " + source);
    try {
      sql(source,
          "CREATE SCHEMA shop",
          "CREATE TABLE shop.customers (id BIGINT PRIMARY KEY, email VARCHAR(120) NOT NULL)",
          "CREATE TABLE shop.invoices (id BIGINT PRIMARY KEY, customer_id BIGINT REFERENCES shop.customers (id), amount NUMERIC(10, 2))",
          "COMMENT ON TABLE shop.invoices IS 'Money owed by customers'",
          "CREATE TABLE public.ignored (id INTEGER)");
      run(ui, source);
    } finally {
      sql("postgres", "DROP DATABASE IF EXISTS " + source + " WITH (FORCE)");
    }
  }

  private static void sql(String database, String... statements) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
        java.sql.Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void run(Path ui, String source) throws IOException, InterruptedException {
    Api admin = server.admin();
    String service = Fixtures.uniqueName("ui_pg");
    ObjectNode body = Fixtures.postgres(service);
    String secret = body.at("/connection/config/authType/password").asText();
    assertThat(admin.post("/api/v1/services/databaseServices", body.toString()).status()).isEqualTo(201);
    assertThat(admin.post("/api/v1/databases", "{\"name\":\"shop\",\"service\":\"" + service + "\"}").status()).isEqualTo(201);
    assertThat(admin.post("/api/v1/databaseSchemas", "{\"name\":\"sales\",\"database\":\"" + service + ".shop\"}").status()).isEqualTo(201);
    String table = Fixtures.uniqueName("orders");
    assertThat(admin.post("/api/v1/tables", "{\"name\":\"" + table + "\",\"databaseSchema\":\"" + service + ".shop.sales\","
        + "\"description\":\"Every **order** a customer placed.\",\"columns\":[{\"name\":\"order_id\",\"dataType\":\"BIGINT\",\"constraint\":\"PRIMARY_KEY\"},"
        + "{\"name\":\"customer_id\",\"dataType\":\"BIGINT\",\"description\":\"who ordered\"},{\"name\":\"placed_at\",\"dataType\":\"TIMESTAMP\"}]}")
        .status()).isEqualTo(201);
    // The first pages the issue times: 10,000 services (named to sort after the ones above) and a schema of 10,000 tables.
    StringBuilder services = new StringBuilder("[");
    for (int i = 0; i < 10_000; i++) {
      services.append(i == 0 ? "" : ",").append("{\"name\":\"zz_bulk_").append(String.format("%05d", i)).append("\",\"serviceType\":\"Mysql\"}");
    }
    Api.Response bulk = admin.put("/api/v1/services/databaseServices/bulk", services.append(']').toString());
    assertThat(bulk.json().get("numberOfRowsPassed").asInt()).as(bulk.body().substring(0, Math.min(300, bulk.body().length()))).isEqualTo(10_000);
    assertThat(admin.post("/api/v1/databaseSchemas", "{\"name\":\"wide\",\"database\":\"" + service + ".shop\"}").status()).isEqualTo(201);
    for (int part = 0; part < 2; part++) {
      StringBuilder tables = new StringBuilder("[");
      for (int i = part * 5_000; i < (part + 1) * 5_000; i++) {
        tables.append(i == part * 5_000 ? "" : ",").append("{\"name\":\"t_").append(String.format("%05d", i)).append("\",\"databaseSchema\":\"")
            .append(service).append(".shop.wide\",\"columns\":[{\"name\":\"id\",\"dataType\":\"BIGINT\"}]}");
      }
      Api.Response loaded = admin.put("/api/v1/tables/bulk", tables.append(']').toString());
      assertThat(loaded.status()).as(loaded.body().substring(0, Math.min(300, loaded.body().length()))).isEqualTo(200);
    }
    assertThat(admin.put("/api/v1/users/changePassword", "{\"requestType\":\"USER\",\"username\":\"admin\",\"newPassword\":\"" + PASSWORD
        + "\",\"confirmPassword\":\"" + PASSWORD + "\"}").status()).isEqualTo(200);

    // Another admin, who changes a table behind the browser's back (the page's If-Match must then fail).
    String editor = Fixtures.uniqueName("editor");
    assertThat(admin.post("/api/v1/users", "{\"name\":\"" + editor + "\",\"email\":\"" + editor + "@example.com\",\"isAdmin\":true}")
        .status()).isEqualTo(201);
    assertThat(admin.put("/api/v1/users/changePassword", "{\"requestType\":\"USER\",\"username\":\"" + editor + "\",\"newPassword\":\""
        + PASSWORD + "\",\"confirmPassword\":\"" + PASSWORD + "\"}").status()).isEqualTo(200);

    Path shots = Path.of("target", "ui-screenshots").toAbsolutePath();
    Path log = Files.createTempFile("e2e", ".log");
    ProcessBuilder builder = new ProcessBuilder("node", "e2e/run.mjs").directory(ui.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("BASE_URL", server.baseUrl());
    builder.environment().put("EMAIL", "admin@meridian.local");
    builder.environment().put("PASSWORD", PASSWORD);
    builder.environment().put("EDITOR", editor);
    builder.environment().put("SERVICE", service);
    builder.environment().put("TABLE", table);
    builder.environment().put("TABLE_FQN", service + ".shop.sales." + table);
    builder.environment().put("WIDE_SCHEMA", service + ".shop.wide");
    builder.environment().put("SECRET", secret);
    builder.environment().put("SHOTS", shots.toString());
    String added = Fixtures.uniqueName("ui_added");
    builder.environment().put("NEW_SERVICE", added);
    builder.environment().put("PG_DATABASE", source);
    builder.environment().put("PG_HOST_PORT_ALIAS", "localhost:5432");
    String domain = Fixtures.uniqueName("Sales");
    assertThat(admin.post("/api/v1/domains", "{\"name\":\"" + domain + "\",\"domainType\":\"Aggregate\",\"description\":\"Sales\"}")
        .status()).isEqualTo(201);
    builder.environment().put("DOMAIN", domain);
    // The machine's PostgreSQL, which the form's test connection reaches (trust: any password).
    builder.environment().put("PG_HOST_PORT", "127.0.0.1:5432");
    Process process = builder.start();
    boolean finished = process.waitFor(180, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println(output);
    assertThat(finished).as("the browser test ended within 3 minutes:\n" + output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("every step passed");
    assertThat(shots.resolve("services-desktop.png")).exists();
    // What the browser did, as the store has it: the connection edited with its password kept
    // (the ingestion bot sees secrets), the ingested table, the owner and domain set inline.
    com.fasterxml.jackson.databind.JsonNode saved = server.bot().get("/api/v1/services/databaseServices/name/" + added).json();
    assertThat(saved.at("/connection/config/hostPort").asText()).isEqualTo("localhost:5432");
    assertThat(saved.at("/connection/config/authType/password").asText()).isEqualTo("any-password");
    assertThat(saved.get("deleted").asBoolean()).isFalse();
    assertThat(admin.get("/api/v1/tables/name/" + added + "." + source + ".shop.invoices?fields=columns").json()
        .at("/columns/2/description").asText()).isEqualTo("In euros, tax included");
    com.fasterxml.jackson.databind.JsonNode seeded = admin.get("/api/v1/services/databaseServices/name/" + service + "?fields=owners,domains").json();
    assertThat(seeded.at("/owners/0/name").asText()).isEqualTo(editor);
    assertThat(seeded.at("/domains/0/name").asText()).isEqualTo(domain);
  }
}
