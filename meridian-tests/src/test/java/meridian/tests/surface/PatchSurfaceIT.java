package meridian.tests.surface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.property.Gen;
import meridian.tests.property.Property;
import org.junit.jupiter.api.Test;

/**
 * JSON Patch documents of every operation, with pointers good and bad and {@code test} operations
 * that fail, on a fresh service or user each time: never a 5xx, OM's error body, and a refused
 * patch leaves the store exactly as it was (RFC 6902: a patch applies whole or not at all).
 */
class PatchSurfaceIT extends ServerIT {
  static final List<String> OPS = List.of("add", "remove", "replace", "move", "copy", "test");
  static final List<String> SERVICE_PATHS =
      List.of("/description", "/displayName", "/name", "/id", "/version", "/deleted", "/serviceType", "/connection",
          "/connection/config", "/connection/config/password", "/connection/config/type", "/connection/config/account",
          "/owners", "/owners/0", "/owners/-", "/owners/1", "/owners/x", "/owners/0/id", "/owners/0/type", "/tags", "/tags/-",
          "/domains/-", "/followers/-", "/href", "/changeDescription", "/updatedAt", "", "/", "/~1", "/a~2b", "/description/x",
          "/nope", "/nope/deeper", "description", "/owners/00", "/owners/-1", "/owners/99999999999");
  static final List<String> USER_PATHS =
      List.of("/description", "/displayName", "/email", "/isAdmin", "/isBot", "/timezone", "/teams/-", "/roles/-", "/name",
          "/deleted", "/nope", "", "/email/x");

  record Patch(boolean user, String body) {
    @Override
    public String toString() {
      return (user ? "user " : "service ") + body;
    }
  }

  @Test
  void patchesNeverReachA5xxAndARefusalChangesNothing() {
    Property.forAll("JSON Patch documents", 500, this::patch, patch -> {
      String path = patch.user() ? "/api/v1/users" : "/api/v1/services/databaseServices";
      String name = Fixtures.uniqueName("patched");
      ObjectNode create =
          patch.user() ? Api.JSON.createObjectNode().put("name", name).put("email", name + "@example.com") : Fixtures.snowflake(name);
      if (!patch.user()) {
        create.putArray("owners").add(Api.JSON.createObjectNode().put("name", "admin").put("type", "user"));
      }
      JsonNode entity = server.admin().post(path, create.toString()).json();
      String target = path + (patch.body().length() % 2 == 0 ? "/" + entity.get("id").asText() : "/name/" + name);
      Api.Response response =
          Surface.write(server, () -> server.admin().send("PATCH", target, patch.body(), Map.of("Content-Type", "application/json-patch+json")));
      if (response.status() == 200) {
        Api.Response read = server.admin().get(path + "/" + entity.get("id").asText());
        assertThat(read.json().get("version").asDouble()).isGreaterThanOrEqualTo(entity.get("version").asDouble());
        assertThat(read.json().get("name").asText()).isEqualTo(name);
      }
    });
  }

  private Patch patch(Gen gen) {
    boolean user = gen.chance(0.25);
    if (gen.chance(0.05)) {
      return new Patch(user, gen.pick("{}", "\"x\"", "[1]", "[]", "[null]", "[[]]", "null", "[{}]"));
    }
    ArrayNode ops = Api.JSON.createArrayNode();
    for (int i = gen.between(1, 4); i > 0; i--) {
      ObjectNode op = ops.addObject();
      if (!gen.chance(0.05)) {
        op.set("op", gen.chance(0.05) ? gen.json(1) : Api.JSON.getNodeFactory().textNode(gen.chance(0.05) ? gen.text(6) : gen.pick(OPS)));
      }
      if (!gen.chance(0.05)) {
        op.set("path", gen.chance(0.05) ? gen.json(1) : Api.JSON.getNodeFactory().textNode(pointer(gen, user)));
      }
      if (gen.chance(0.8)) {
        op.set("value", value(gen));
      }
      if (gen.chance(0.4)) {
        op.put("from", pointer(gen, user));
      }
    }
    return new Patch(user, ops.toString());
  }

  private static String pointer(Gen gen, boolean user) {
    return gen.chance(0.05) ? gen.text(10) : gen.pick(user ? USER_PATHS : SERVICE_PATHS);
  }

  private static JsonNode value(Gen gen) {
    return gen.oneOf(
        () -> gen.json(3),
        () -> Api.JSON.getNodeFactory().textNode(gen.text(20)),
        () -> Api.JSON.getNodeFactory().textNode("*********"),
        () -> Api.JSON.getNodeFactory().textNode(gen.pick("Mysql", "Snowflake", "admin", "etl")),
        () -> Api.JSON.createObjectNode().put("type", "user").put("name", gen.pick("admin", "ingestion-bot", "nobody")),
        () -> Api.JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("type", gen.pick("user", "team", "table")),
        () -> Api.JSON.createObjectNode().put("tagFQN", "PII.Sensitive"),
        () -> Api.JSON.getNodeFactory().booleanNode(gen.bool()),
        () -> Api.JSON.createObjectNode().set("config", Api.JSON.createObjectNode().put("type", "Snowflake").put("password", "*********")));
  }
}
