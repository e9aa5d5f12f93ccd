package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line (contract §1), run as a separate process the way the launcher runs it. Every
 * command here works on an embedded store of its own (or a URL it names), whatever this run's
 * store is: it runs once, in the embedded store's run, not again in the PostgreSQL and MariaDB runs.
 */
class CliIT {
  @TempDir Path dir;

  @org.junit.jupiter.api.BeforeAll
  static void once() {
    org.junit.jupiter.api.Assumptions.assumeFalse(TestStore.current().external(), "store-independent: run in the embedded store's run");
  }

  private static MainProcess.Result run(Map<String, String> env, String... args) throws Exception {
    return MainProcess.run(env, args);
  }

  private static Process start(Map<String, String> env, String... args) throws IOException {
    return MainProcess.start(env, args);
  }

  @Test
  void helpListsTheCommandsAndOptions() throws Exception {
    MainProcess.Result help = run(Map.of(), "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("serve", "token", "migrate", "version", "MERIDIAN_");
    MainProcess.Result serveHelp = run(Map.of(), "serve", "--help");
    assertThat(serveHelp.out()).contains("--port", "--host", "--data-dir", "--database-url", "--secret-key-file");
    assertThat(run(Map.of(), "version").out()).startsWith("Meridian ");
  }

  @Test
  void badConfigurationExitsWith2AndOneLine() throws Exception {
    MainProcess.Result unknownOption = run(Map.of(), "serve", "--bogus");
    assertThat(unknownOption.exit()).isEqualTo(2);
    assertThat(unknownOption.err()).contains("--bogus");

    Path key = dir.resolve("key");
    Files.writeString(key, "k".repeat(40));
    MainProcess.Result unreachable = run(Map.of(), "migrate", "--database-url", "jdbc:postgresql://127.0.0.1:1/x", "--secret-key-file", key.toString());
    assertThat(unreachable.exit()).isEqualTo(2);
    assertThat(unreachable.err().strip().lines()).hasSize(1);
    assertThat(unreachable.err()).startsWith("meridian: ").contains("database");

    MainProcess.Result noKey = run(Map.of(), "migrate", "--database-url", "jdbc:postgresql://127.0.0.1:1/x");
    assertThat(noKey.exit()).isEqualTo(2);
    assertThat(noKey.err()).contains("--secret-key-file");

    Path shortKey = dir.resolve("short");
    Files.writeString(shortKey, "k".repeat(31) + "\n");
    MainProcess.Result tooShort = run(Map.of(), "migrate", "--data-dir", dir.resolve("d1").toString(), "--secret-key-file", shortKey.toString());
    assertThat(tooShort.exit()).isEqualTo(2);
    assertThat(tooShort.err()).contains("at least 32");

    MainProcess.Result unknownEnv = run(Map.of("MERIDIAN_BOGUS", "1"), "version");
    assertThat(unknownEnv.exit()).isEqualTo(2);
    assertThat(unknownEnv.err()).contains("MERIDIAN_BOGUS");
  }

  @Test
  void tokenPrintsOnlyATokenAndNeedsAnExistingUser() throws Exception {
    String data = dir.resolve("data").toString();
    MainProcess.Result token = run(Map.of(), "token", "--data-dir", data, "--user", "admin");
    assertThat(token.exit()).isZero();
    assertThat(token.out().strip()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(token.out().strip().lines()).hasSize(1);

    MainProcess.Result nobody = run(Map.of(), "token", "--data-dir", data, "--user", "nobody");
    assertThat(nobody.exit()).isEqualTo(2);
    assertThat(nobody.err()).contains("nobody");

    Path otherKey = dir.resolve("other.key");
    Files.writeString(otherKey, "z".repeat(44) + "\n");
    MainProcess.Result wrongKey = run(Map.of(), "token", "--data-dir", data, "--secret-key-file", otherKey.toString(), "--user", "admin");
    assertThat(wrongKey.exit()).isEqualTo(2);
    assertThat(wrongKey.err()).contains("secret key file");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data").resolve("secret.key")))).isEqualTo("rw-------");
  }

  @Test
  void serveWithAWrongOrMissingKeyOrABadTimeoutExitsWith2AndOneLineAndNeverListens() throws Exception {
    String data = dir.resolve("keyed").toString();
    assertThat(run(Map.of(), "migrate", "--data-dir", data).exit()).isZero();
    Path otherKey = dir.resolve("wrong.key");
    Files.writeString(otherKey, "w".repeat(44) + "\n");
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    for (List<String> args : List.of(
        List.of("--secret-key-file", otherKey.toString()),
        List.of("--secret-key-file", dir.resolve("no-such.key").toString()),
        List.of("--test-connection-timeout", "soon"),
        List.of("--test-connection-timeout", "11m"))) {
      List<String> command = new ArrayList<>(List.of("serve", "--data-dir", data, "--port", Integer.toString(port)));
      command.addAll(args);
      MainProcess.Result result = run(Map.of(), command.toArray(String[]::new));
      assertThat(result.exit()).as(args.toString()).isEqualTo(2);
      assertThat(result.err().strip().lines()).as(args + ": " + result.err()).hasSize(1);
      assertThat(result.err()).as(args.toString()).startsWith("meridian: ").doesNotContain("Exception");
      assertThat(result.out()).as(args.toString()).doesNotContain("listening");
    }
  }

  @Test
  void aStoreMadeReadableByOthersIsMadePrivateAgain() throws Exception {
    Path data = dir.resolve("loose");
    assertThat(run(Map.of(), "migrate", "--data-dir", data.toString()).exit()).isZero();
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(data.resolve("meridian.db"), PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(run(Map.of(), "migrate", "--data-dir", data.toString()).exit()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("meridian.db")))).isEqualTo("rw-------");
  }

  @Test
  void serveSaysWhenItIsReadyAndStopsOnSigterm() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process server = start(Map.of("MERIDIAN_PORT", Integer.toString(port), "MERIDIAN_HOST", "127.0.0.1"),
        "serve", "--data-dir", dir.resolve("served").toString());
    try {
      var reader = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line;
      String ready = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (ready == null && System.nanoTime() < deadline && (line = reader.readLine()) != null) {
        if (line.contains("listening on")) {
          ready = line;
        }
      }
      assertThat(ready).matches("Meridian \\S+ listening on http://127\\.0\\.0\\.1:" + port);
      HttpResponse<String> health =
          HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).isEqualTo("{\"status\":\"ok\",\"search\":\"ready\"}");
      // The store holds every service, user and sealed secret: only its owner may read it.
      Path served = dir.resolve("served");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(served))).isEqualTo("rwx------");
      for (String file : List.of("meridian.db", "meridian.db-wal", "meridian.db-shm", "secret.key")) {
        assertThat(served.resolve(file)).as(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(served.resolve(file)))).as(file).isEqualTo("rw-------");
      }
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    } finally {
      server.destroyForcibly();
    }
  }
}
