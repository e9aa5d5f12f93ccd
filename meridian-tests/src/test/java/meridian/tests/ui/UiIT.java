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
 * playwright-core against this real server, seeded here through the API. It signs in (after a
 * wrong password), lists and filters services, finds a table from the header's search, walks up to
 * its schema and service, checks that the connection's secret is not on the page, runs axe-core on
 * each page at 1280 px and at a phone's width, and signs out. Screenshots go to
 * target/ui-screenshots (docs/ui holds the committed ones). The UI is the same on every store: it
 * runs once, on the embedded one.
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
    assertThat(admin.put("/api/v1/users/changePassword", "{\"requestType\":\"USER\",\"username\":\"admin\",\"newPassword\":\"" + PASSWORD
        + "\",\"confirmPassword\":\"" + PASSWORD + "\"}").status()).isEqualTo(200);

    Path shots = Path.of("target", "ui-screenshots").toAbsolutePath();
    Path log = Files.createTempFile("e2e", ".log");
    ProcessBuilder builder = new ProcessBuilder("node", "e2e/run.mjs").directory(ui.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("BASE_URL", server.baseUrl());
    builder.environment().put("EMAIL", "admin@meridian.local");
    builder.environment().put("PASSWORD", PASSWORD);
    builder.environment().put("SERVICE", service);
    builder.environment().put("TABLE", table);
    builder.environment().put("SECRET", secret);
    builder.environment().put("SHOTS", shots.toString());
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
  }
}
