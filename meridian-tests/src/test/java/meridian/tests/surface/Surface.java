package meridian.tests.surface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;
import meridian.tests.Api;
import meridian.tests.StoreDump;
import meridian.tests.TestServer;

/** What every answer on the input surface must be, whatever the input. */
final class Surface {
  private Surface() {}

  /** A success or a 4xx, never a 5xx; an error carries OM's {@code {"code","message"}} body. */
  static void assertWellFormed(Api.Response response) {
    assertThat(response.status()).as("status of %s", response).isBetween(200, 499);
    if (response.status() >= 400) {
      JsonNode body = response.json();
      assertThat(body.isObject()).as("error body %s", response.body()).isTrue();
      assertThat(body.path("code").isInt()).as("code in %s", response.body()).isTrue();
      assertThat(body.get("code").asInt()).as("code in %s", response.body()).isEqualTo(response.status());
      assertThat(body.path("message").asText()).as("message in %s", response.body()).isNotBlank();
    }
  }

  /**
   * Sends a write and checks it as {@link #assertWellFormed} does; when it is refused (4xx), the
   * store must hold exactly what it held before: every row, history and edges included.
   */
  static Api.Response write(TestServer server, Supplier<Api.Response> send) {
    List<String> before = StoreDump.of(server);
    Api.Response response = send.get();
    assertWellFormed(response);
    if (response.status() >= 400) {
      assertThat(StoreDump.of(server)).as("the store after the refused %s", response).isEqualTo(before);
    }
    return response;
  }
}
