package meridian.tests.surface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
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
 * Every query parameter of every route, with random strings, huge numbers, repeats, empty values
 * and broken encodings: a success or a 4xx with OM's body, and a refused write changes nothing.
 */
class QueryParamSurfaceIT extends ServerIT {
  static final String SERVICES = "/api/v1/services/databaseServices";
  static final List<String> READ_PARAMS = List.of("fields", "include");
  static final List<String> LIST_PARAMS = List.of("limit", "before", "after", "fields", "include", "domain");
  static final List<String> DELETE_PARAMS = List.of("hardDelete", "recursive");
  static String cursor;
  static String token;

  @BeforeAll
  static void seed() {
    for (int i = 0; i < 5; i++) {
      server.admin().post(SERVICES, Fixtures.minimal(Fixtures.uniqueName("query")).toString());
    }
    cursor = server.admin().get(SERVICES + "?limit=2").json().at("/paging/after").asText();
    token = server.token("admin", java.time.Duration.ofHours(1));
  }

  record Request(String method, String target, String body, boolean write) {}

  @Test
  void queryParametersNeverReachA5xx() {
    Property.forAll("query parameters of every route", 500, this::request, request -> {
      Map<String, String> headers = new java.util.LinkedHashMap<>();
      headers.put("Authorization", "Bearer " + token);
      if (request.body() != null) {
        headers.put("Content-Type", "application/json");
      }
      byte[] body = request.body() == null ? null : request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      java.util.function.Supplier<Api.Response> send = () -> RawHttp.send(server.port(), request.method(), request.target(), headers, body);
      Api.Response response = request.write() ? Surface.write(server, send) : send.get();
      Surface.assertWellFormed(response);
      if (response.status() == 202) {
        awaitJob(response.json().get("jobId").asText());
      }
    });
  }

  private Request request(Gen gen) {
    String name = Fixtures.uniqueName("q");
    return gen.oneOf(
        () -> new Request("GET", SERVICES + query(gen, LIST_PARAMS), null, false),
        () -> new Request("GET", gen.pick("/api/v1/users", "/api/v1/teams", "/api/v1/domains", "/api/v1/dataProducts",
            "/api/v1/classifications", "/api/v1/tags") + query(gen, LIST_PARAMS), null, false),
        () -> new Request("GET", "/api/v1/teams" + query(gen, List.of("parentTeam", "fields", "limit", "include")), null, false),
        () -> new Request("GET", "/api/v1/tags" + query(gen, List.of("parent", "fields", "limit", "after")), null, false),
        () -> new Request("GET", SERVICES + "/" + create(name) + query(gen, READ_PARAMS), null, false),
        () -> {
          create(name);
          return new Request("GET", SERVICES + "/name/" + name + query(gen, READ_PARAMS), null, false);
        },
        () -> new Request("GET", SERVICES + "/name/" + name + query(gen, READ_PARAMS), null, false),
        () -> new Request("GET", SERVICES + "/" + create(name) + "/versions" + query(gen, READ_PARAMS), null, false),
        () -> new Request("DELETE", SERVICES + "/" + create(name) + query(gen, DELETE_PARAMS), null, true),
        () -> new Request("DELETE", "/v1/services/databaseServices/name/" + name + query(gen, DELETE_PARAMS), null, true),
        () -> new Request("PUT", SERVICES + "/bulk" + query(gen, List.of("async")),
            "[" + Fixtures.minimal(name) + "," + Fixtures.minimal(name + "x") + "]", true),
        () -> new Request("PUT", SERVICES + query(gen, List.of("async", "hardDelete")), Fixtures.minimal(name).toString(), true));
  }

  /** A query string of 0 to 5 parameters from {@code params}, sometimes repeated, sometimes unknown. */
  private static String query(Gen gen, List<String> params) {
    List<String> pairs = new ArrayList<>();
    for (int i = gen.between(0, 5); i > 0; i--) {
      String param = gen.chance(0.1) ? gen.pick("bogus", "LIMIT", "", "a[b]", "%zz") : gen.pick(params);
      String value = Targets.queryValue(gen, cursor);
      pairs.add(gen.chance(0.05) ? param : param + "=" + value);
    }
    return pairs.isEmpty() && gen.bool() ? "" : "?" + String.join(gen.chance(0.1) ? "&&" : "&", pairs);
  }

  /** A fresh service the request works on; its id. */
  private static String create(String name) {
    Api.Response created = server.admin().post(SERVICES, Fixtures.minimal(name).toString());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  private static void awaitJob(String jobId) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      Api.Response job = server.admin().get(SERVICES + "/bulk/" + jobId);
      if (job.status() != 202) {
        assertThat(job.status()).as(job.toString()).isEqualTo(200);
        return;
      }
    }
    throw new AssertionError("bulk job " + jobId + " did not finish in 30 s");
  }

  @Test
  void aListOfAnEmptyCursorOrRepeatedParamsIsWellFormed() {
    for (String query : List.of("?after=", "?before=", "?limit=", "?limit=5&limit=500000000000", "?fields=", "?include=",
        "?limit=-0", "?limit=1e3")) {
      Api.Response response = server.admin().get(SERVICES + query);
      Surface.assertWellFormed(response);
      JsonNode body = response.json();
      assertThat(body.has("data") || body.has("code")).as(query).isTrue();
    }
  }
}
