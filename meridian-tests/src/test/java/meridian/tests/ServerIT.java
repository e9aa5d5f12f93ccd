package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A black-box suite with one real server for the whole class, started on a free port. When the
 * class is done, the server's own metrics must show no 5xx at all: a 500 anywhere in a test run
 * is a bug, even one no assertion looked at.
 */
public abstract class ServerIT {
  private static final Pattern SERVER_ERROR = Pattern.compile("http_server_requests_seconds_count\\{[^}]*status=\"5\\d\\d\"");

  protected static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    try {
      String metrics = server.anonymous().get("/metrics").body();
      assertThat(metrics.lines().filter(line -> SERVER_ERROR.matcher(line).find()))
          .as("requests that ended in a 5xx during this class").isEmpty();
    } finally {
      server.close();
    }
  }
}
