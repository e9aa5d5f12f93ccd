package meridian.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * The build's class-data-sharing training run ({@code mvn package} runs it once, right after the
 * jar is made, under {@code -XX:ArchiveClassesAtExit}): starts a server on a throw-away embedded
 * store, sends it the requests a user's first minute would, and stops. The classes it loaded go
 * into {@code meridian.jsa} beside the jar, which the launcher maps on every start, the first one
 * after a build included. Hidden: it is for the build, not for users.
 */
@Command(name = "train-startup", hidden = true, description = "Build step: exercise a throw-away server for the class-data archive.")
final class StartupTraining implements Callable<Integer> {
  private static final String SERVICE = "{\"name\":\"training\",\"serviceType\":\"Mysql\",\"connection\":{\"config\":"
      + "{\"type\":\"Mysql\",\"hostPort\":\"localhost:3306\",\"username\":\"reader\",\"authType\":{\"password\":\"secret\"}}}}";

  private String base;
  private String token;
  private final StringBuilder statuses = new StringBuilder();

  @Override
  public Integer call() throws IOException {
    Path dir = Files.createTempDirectory("meridian-training");
    try {
      MeridianConfig config = new MeridianConfig("127.0.0.1", 0, dir, null, null, null, null);
      try (ServerContext server = ServerContext.start(config, Clock.systemUTC())) {
        base = "http://127.0.0.1:" + server.port();
        token = server.catalog().tokens().issue("admin", false, Duration.ofMinutes(5));
        exercise();
      }
      System.out.println("meridian: startup training answered" + statuses);
      return 0;
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void exercise() {
    call("GET", "/healthz", null, false);
    call("GET", "/api/v1/system/version", null, false);
    call("GET", "/api/v1/services/databaseServices/name/training", null, true); // 404
    call("POST", "/api/v1/services/databaseServices", SERVICE, true);
    call("PUT", "/api/v1/services/databaseServices", SERVICE, true);
    call("GET", "/api/v1/services/databaseServices/name/training?fields=owners,tags,domains", null, true);
    call("GET", "/api/v1/services/databaseServices?limit=10", null, true);
    call("POST", "/api/v1/databases", "{\"name\":\"db\",\"service\":\"training\"}", true);
    call("POST", "/api/v1/databaseSchemas", "{\"name\":\"s\",\"database\":\"training.db\"}", true);
    call("POST", "/api/v1/tables", "{\"name\":\"t\",\"databaseSchema\":\"training.db.s\",\"columns\":"
        + "[{\"name\":\"id\",\"dataType\":\"INT\"},{\"name\":\"label\",\"dataType\":\"VARCHAR\",\"dataLength\":20}]}", true);
    call("GET", "/api/v1/tables/name/training.db.s.t?fields=columns,owners,tags", null, true);
    call("PUT", "/api/v1/services/databaseServices/bulk", "[" + SERVICE.replace("\"training\"", "\"training2\"") + "]", true);
    call("POST", "/api/v1/services/databaseServices", "{\"name\":\"\"}", true); // 400
    call("GET", "/api/v1/tables?limit=10", null, false); // 401
    call("DELETE", "/api/v1/services/databaseServices/name/training?recursive=true&hardDelete=true", null, true);
  }

  private void call(String method, String path, String body, boolean authenticated) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
      connection.setRequestMethod(method);
      if (authenticated) {
        connection.setRequestProperty("Authorization", "Bearer " + token);
      }
      if (body != null) {
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body.getBytes(StandardCharsets.UTF_8));
        }
      }
      int status = connection.getResponseCode();
      try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        if (in != null) {
          in.readAllBytes();
        }
      }
      if (status >= 500) {
        throw new IllegalStateException(method + " " + path + " answered " + status);
      }
      statuses.append(' ').append(status);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
