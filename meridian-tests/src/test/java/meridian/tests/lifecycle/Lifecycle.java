package meridian.tests.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.TestServer;

/** Small helpers the lifecycle suites share. */
final class Lifecycle {
  static final String PATCH_TYPE = "application/json-patch+json";

  private Lifecycle() {}

  static JsonNode create(TestServer server, KindFixture kind, String prefix) {
    Api.Response created = server.admin().post(kind.path(), kind.newRequest(Fixtures.uniqueName(prefix)).toString());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  static Api.Response patch(Api api, KindFixture kind, String id, String patch) {
    return patch(api, kind, id, patch, Map.of());
  }

  static Api.Response patch(Api api, KindFixture kind, String id, String patch, Map<String, String> headers) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("Content-Type", PATCH_TYPE);
    return api.send("PATCH", kind.path() + "/" + id, patch, all);
  }

  static Api.Response delete(Api api, KindFixture kind, String idAndQuery) {
    return api.send("DELETE", kind.path() + "/" + idAndQuery, null, Map.of());
  }

  static double version(JsonNode entity) {
    return entity.get("version").asDouble();
  }
}
