package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Request log lines: method, path, status and duration; never a body, a header or a secret. */
class RequestLogIT extends ServerIT {
  static ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeAll
  static void start() {
    Logger requests = (Logger) LoggerFactory.getLogger("meridian.requests");
    requests.setLevel(Level.INFO);
    appender.start();
    requests.addAppender(appender);
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger("meridian.requests")).detachAppender(appender);
  }

  @Test
  void aWriteIsLoggedWithoutItsBodyOrToken() {
    String name = Fixtures.uniqueName("logged");
    var request = Fixtures.snowflake(name);
    String password = request.at("/connection/config/password").asText();
    Api.Response created = server.admin().post("/api/v1/services/databaseServices", request.toString());
    assertThat(created.status()).isEqualTo(201);
    server.anonymous().get("/api/v1/services/databaseServices/name/" + name);

    List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines).anySatisfy(line -> assertThat(line).matches("POST /api/v1/services/databaseServices 201 [0-9.]+ms"));
    assertThat(lines).anySatisfy(line ->
        assertThat(line).matches("GET /api/v1/services/databaseServices/name/" + name + " 401 [0-9.]+ms"));
    String token = server.token("admin", java.time.Duration.ofMinutes(5));
    for (String line : lines) {
      assertThat(line).doesNotContain(password).doesNotContain("Bearer").doesNotContain(token.substring(0, 20))
          .doesNotContain("\"serviceType\"");
    }
  }
}
