package meridian.tests.surface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.property.Gen;
import meridian.tests.property.Property;
import org.junit.jupiter.api.Test;

/**
 * Every route that reads a body takes only its JSON media types, in UTF-8: anything else is a 415
 * that names what to send, and nothing changes.
 */
class MediaTypeSurfaceIT extends ServerIT {
  static final String SERVICES = "/api/v1/services/databaseServices";
  static final List<String> JSON = List.of("application/json");
  static final List<String> PATCH = List.of("application/json-patch+json", "application/json");

  /** One body route: method, path, a body it would take, and the media types it accepts. */
  record Route(String method, String path, String body, List<String> accepts) {}

  @Test
  void aPatchSentAsTextPlainIs415AndChangesNothing() {
    JsonNode service = server.admin().post(SERVICES, Fixtures.minimal(Fixtures.uniqueName("plain")).toString()).json();
    Api.Response response =
        Surface.write(server, () -> server.admin().send("PATCH", SERVICES + "/" + service.get("id").asText(),
            "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"x\"}]", Map.of("Content-Type", "text/plain")));
    assertThat(response.status()).isEqualTo(415);
    assertThat(response.json().get("message").asText())
        .isEqualTo("Unsupported Media Type: Content-Type text/plain is not accepted here; send the body as"
            + " application/json-patch+json or application/json");
    assertThat(server.admin().get(SERVICES + "/" + service.get("id").asText()).json().has("description")).isFalse();
  }

  @Test
  void aBodyWithoutContentTypeOrInAnotherCharsetIs415() {
    String body = Fixtures.minimal(Fixtures.uniqueName("untyped")).toString();
    Api.Response untyped = Surface.write(server, () -> server.admin().send("POST", SERVICES, body, Map.of("Content-Type", Api.OMIT)));
    assertThat(untyped.status()).isEqualTo(415);
    assertThat(untyped.json().get("message").asText()).contains("no Content-Type").contains("application/json");
    Api.Response latin1 =
        Surface.write(server, () -> server.admin().send("POST", SERVICES, body, Map.of("Content-Type", "application/json; charset=ISO-8859-1")));
    assertThat(latin1.status()).isEqualTo(415);
    assertThat(latin1.json().get("message").asText()).containsIgnoringCase("ISO-8859-1").contains("in UTF-8");
    Api.Response utf8 = server.admin().send("POST", SERVICES, body, Map.of("Content-Type", "Application/JSON;Charset=\"utf-8\""));
    assertThat(utf8.status()).isEqualTo(201);
  }

  @Test
  void everyBodyRouteTakesOnlyItsMediaTypes() {
    Property.forAll("media types of body routes", 400, this::request, request -> {
      Route route = request.route();
      Map<String, String> headers = Map.of("Content-Type", request.contentType() == null ? Api.OMIT : request.contentType());
      Api.Response response = Surface.write(server, () -> server.admin().send(route.method(), route.path(), route.body(), headers));
      if (accepted(request.contentType(), route.accepts())) {
        assertThat(response.status()).as(response.toString()).isNotEqualTo(415);
      } else {
        assertThat(response.status()).as(response.toString()).isEqualTo(415);
        assertThat(response.json().get("message").asText()).contains(route.accepts().get(0));
      }
    });
  }

  record Request(Route route, String contentType) {}

  private Request request(Gen gen) {
    return new Request(route(gen), contentType(gen));
  }

  private Route route(Gen gen) {
    String name = Fixtures.uniqueName("media");
    String service = Fixtures.minimal(name).toString();
    String user = "{\"name\":\"" + name + "\",\"email\":\"" + name + "@example.com\"}";
    String patch = "[{\"op\":\"add\",\"path\":\"/description\",\"value\":\"" + gen.identifier(1, 10) + "\"}]";
    return gen.oneOf(
        () -> new Route("POST", SERVICES, service, JSON),
        () -> new Route("PUT", SERVICES, service, JSON),
        () -> new Route("PUT", SERVICES + "/bulk", "[" + service + "]", JSON),
        () -> new Route("PUT", SERVICES + "/restore", "{\"id\":\"" + existing(SERVICES, service) + "\"}", JSON),
        () -> new Route("PATCH", SERVICES + "/" + existing(SERVICES, service), patch, PATCH),
        () -> new Route("PATCH", SERVICES + "/name/" + name, patch, PATCH),
        () -> new Route("POST", "/api/v1/users", user, JSON),
        () -> new Route("PUT", "/v1/users", user, JSON),
        () -> new Route("PATCH", "/api/v1/users/" + existing("/api/v1/users", user), patch, PATCH));
  }

  /** Creates the entity when the route needs one to exist; its id. */
  private static String existing(String path, String body) {
    Api.Response created = server.admin().post(path, body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  private static String contentType(Gen gen) {
    if (gen.chance(0.05)) {
      return null;
    }
    String type =
        gen.pick("application/json", "application/json", "application/json-patch+json", "APPLICATION/JSON",
            " application/json ", "text/plain", "text/json", "application/x-www-form-urlencoded", "multipart/form-data",
            "application/xml", "application/merge-patch+json", "application/vnd.api+json", "*/*", "application/*",
            "application/octet-stream", "application", "json", "", "application/json-patch", "application/jsonx",
            gen.text(10));
    String charset =
        gen.pick("", "", "; charset=utf-8", "; charset=UTF-8", ";charset=\"utf-8\"", "; charset=utf8", "; charset=iso-8859-1",
            "; charset=utf-16", "; charset=us-ascii", "; charset=", "; charset", "; charset=" + gen.identifier(1, 8));
    String extra = gen.pick("", "", "; q=0.5", "; boundary=x", ";", "; version=2");
    String header = gen.bool() ? type + charset + extra : type + extra + charset;
    // The JDK client refuses control characters in a header; the server never sees those.
    return header.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? header : "text/plain";
  }

  /** The rule under test, written out on its own: one of the route's types, and no charset but UTF-8. */
  private static boolean accepted(String header, List<String> accepts) {
    if (header == null) {
      return false;
    }
    String[] parts = header.split(";", -1);
    if (!accepts.contains(parts[0].trim().toLowerCase(Locale.ROOT))) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      if (kv[0].trim().equalsIgnoreCase("charset")) {
        String value = kv.length < 2 ? "" : kv[1].trim().replace("\"", "");
        if (!value.equalsIgnoreCase("utf-8") && !value.equalsIgnoreCase("utf8")) {
          return false;
        }
      }
    }
    return true;
  }
}
