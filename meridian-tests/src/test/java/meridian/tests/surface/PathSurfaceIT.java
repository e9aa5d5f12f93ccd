package meridian.tests.surface;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.RawHttp;
import meridian.tests.ServerIT;
import meridian.tests.property.Gen;
import meridian.tests.property.Property;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Path segments of every route with names and ids in every spelling: percent-encoding good and
 * bad, dots and quotes, unicode, {@code %2F}, {@code ..}, very long: never a 5xx, always OM's error
 * body, and a refused write changes nothing.
 */
class PathSurfaceIT extends ServerIT {
  static final String SERVICES = "/api/v1/services/databaseServices";
  static String token;
  static String dottedName;
  static String dottedId;

  @BeforeAll
  static void seed() {
    token = server.token("admin", java.time.Duration.ofHours(1));
    dottedName = Fixtures.uniqueName("dotted") + ".prod";
    dottedId = server.admin().post(SERVICES, Fixtures.minimal(dottedName).toString()).json().get("id").asText();
  }

  record Request(String method, String target, String body) {}

  @Test
  void pathSegmentsNeverReachA5xx() {
    Property.forAll("path segments of every route", 500, this::request, request -> {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Authorization", "Bearer " + token);
      byte[] body = null;
      if (request.body() != null) {
        headers.put("Content-Type", request.method().equals("PATCH") ? "application/json-patch+json" : "application/json");
        body = request.body().getBytes(StandardCharsets.UTF_8);
      }
      byte[] sent = body;
      Api.Response response = Surface.write(server, () -> RawHttp.send(server.port(), request.method(), request.target(), headers, sent));
      if (request.method().equals("GET") && response.status() == 200 && request.target().contains("/name/")) {
        assertThat(response.json().get("fullyQualifiedName").asText()).isNotBlank();
      }
    });
  }

  private Request request(Gen gen) {
    String segment = Targets.segment(gen, dottedName, dottedId);
    String patch = "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"" + gen.identifier(1, 8) + "\"}]";
    String base = gen.pick(SERVICES, "/v1/services/databaseServices", "/api/v1/users", "/api/v1/teams", "/api/v1/domains",
        "/api/v1/dataProducts", "/api/v1/classifications", "/api/v1/tags");
    return gen.oneOf(
        () -> new Request("GET", base + "/name/" + segment, null),
        () -> new Request("GET", base + "/" + segment, null),
        () -> new Request("GET", base + "/" + segment + "/versions", null),
        () -> new Request("GET", base + "/" + dottedId + "/versions/" + segment, null),
        () -> new Request("GET", SERVICES + "/bulk/" + segment, null),
        () -> new Request("GET", base + "/" + segment + "/" + segment, null),
        () -> new Request("PATCH", base + "/name/" + segment, patch),
        () -> new Request("PATCH", base + "/" + segment, patch),
        () -> new Request("DELETE", base + "/" + segment, null),
        () -> new Request("DELETE", base + "/name/" + segment + "?hardDelete=" + gen.bool(), null),
        () -> new Request("PUT", base + "/" + segment, "{}"),
        () -> new Request(gen.pick("GET", "POST", "OPTIONS", "TRACE", "FOO"), "/api/v1/" + segment, null));
  }

  @Test
  void aDottedNameIsFoundQuotedOrBareAndTraversalFindsNothing() {
    String name = Fixtures.uniqueName("dots") + ".a.b";
    assertThat(server.admin().post(SERVICES, Fixtures.minimal(name).toString()).status()).isEqualTo(201);
    assertThat(server.admin().get(SERVICES + "/name/" + name).status()).isEqualTo(200);
    assertThat(server.admin().get(SERVICES + "/name/" + Targets.encode("\"" + name + "\"")).status()).isEqualTo(200);
    for (String target : new String[] {SERVICES + "/name/..%2F..%2Fusers", SERVICES + "/../users/name/admin", SERVICES + "/name/%2e%2e"}) {
      Api.Response response = RawHttp.send(server.port(), "GET", target, Map.of("Authorization", "Bearer " + token), null);
      Surface.assertWellFormed(response);
      assertThat(response.body()).as(target).doesNotContain("admin@meridian.local");
    }
  }
}
