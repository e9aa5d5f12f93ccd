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
import meridian.tests.lifecycle.KindFixture;
import meridian.tests.property.Gen;
import meridian.tests.property.Property;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JSON Patch documents of every operation, with pointers good and bad and {@code test} operations
 * that fail, on a fresh entity of every kind each time: never a 5xx, OM's error body, and a refused
 * patch leaves the store exactly as it was (RFC 6902: a patch applies whole or not at all).
 */
class PatchSurfaceIT extends ServerIT {
  static final List<String> OPS = List.of("add", "remove", "replace", "move", "copy", "test");
  static final List<String> PATHS =
      List.of("/description", "/displayName", "/name", "/id", "/version", "/deleted", "/serviceType", "/connection",
          "/connection/config", "/connection/config/password", "/connection/config/type", "/connection/config/account",
          "/owners", "/owners/0", "/owners/-", "/owners/1", "/owners/x", "/owners/0/id", "/owners/0/type", "/tags", "/tags/-",
          "/domains/-", "/domains", "/domain", "/followers/-", "/href", "/changeDescription", "/updatedAt", "", "/", "/~1", "/a~2b",
          "/description/x", "/nope", "/nope/deeper", "description", "/owners/00", "/owners/-1", "/owners/99999999999", "/email",
          "/isAdmin", "/isBot", "/teams/-", "/roles/-", "/timezone", "/teamType", "/users/-", "/users", "/parents/0", "/parents",
          "/children/-", "/defaultRoles/-", "/isJoinable", "/profile", "/domainType", "/parent", "/children", "/experts/-",
          "/style", "/classification", "/mutuallyExclusive", "/provider", "/disabled", "/usageCount", "/userCount");

  @BeforeAll
  static void prepare() {
    KindFixture.prepare(server);
  }

  record Patch(KindFixture kind, String body) {
    @Override
    public String toString() {
      return kind + " " + body;
    }
  }

  @Test
  void patchesNeverReachA5xxAndARefusalChangesNothing() {
    Property.forAll("JSON Patch documents", 700, this::patch, patch -> {
      KindFixture kind = patch.kind();
      String path = kind.path();
      String name = Fixtures.uniqueName("patched");
      ObjectNode create = kind.newRequest(name);
      if (kind.hasOwners()) {
        create.putArray("owners").add(Api.JSON.createObjectNode().put("name", "admin").put("type", "user"));
      }
      Api.Response made = server.admin().post(path, create.toString());
      assertThat(made.status()).as(made.toString()).isEqualTo(201);
      JsonNode entity = made.json();
      String target = path + (patch.body().length() % 2 == 0 ? "/" + entity.get("id").asText() : "/name/" + kind.fqn(name));
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
    KindFixture kind = gen.pick(KindFixture.all());
    if (gen.chance(0.05)) {
      return new Patch(kind, gen.pick("{}", "\"x\"", "[1]", "[]", "[null]", "[[]]", "null", "[{}]"));
    }
    ArrayNode ops = Api.JSON.createArrayNode();
    for (int i = gen.between(1, 4); i > 0; i--) {
      ObjectNode op = ops.addObject();
      if (!gen.chance(0.05)) {
        op.set("op", gen.chance(0.05) ? gen.json(1) : Api.JSON.getNodeFactory().textNode(gen.chance(0.05) ? gen.text(6) : gen.pick(OPS)));
      }
      if (!gen.chance(0.05)) {
        op.set("path", gen.chance(0.05) ? gen.json(1) : Api.JSON.getNodeFactory().textNode(pointer(gen, kind)));
      }
      if (gen.chance(0.8)) {
        op.set("value", value(gen));
      }
      if (gen.chance(0.4)) {
        op.put("from", pointer(gen, kind));
      }
    }
    return new Patch(kind, ops.toString());
  }

  private static String pointer(Gen gen, KindFixture kind) {
    return gen.chance(0.05) ? gen.text(10) : gen.pick(PATHS);
  }

  private static JsonNode value(Gen gen) {
    return gen.oneOf(
        () -> gen.json(3),
        () -> Api.JSON.getNodeFactory().textNode(gen.text(20)),
        () -> Api.JSON.getNodeFactory().textNode("*********"),
        () -> Api.JSON.getNodeFactory().textNode(gen.pick("Mysql", "Snowflake", "admin", "etl")),
        () -> Api.JSON.createObjectNode().put("type", "user").put("name", gen.pick("admin", "ingestion-bot", "nobody")),
        () -> Api.JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("type", gen.pick("user", "team", "table")),
        () -> Api.JSON.createObjectNode().put("tagFQN", gen.pick("PII.Sensitive", "Tier.Tier1", "Tier.Tier2", "nope.nope")),
        () -> Api.JSON.getNodeFactory().textNode(gen.pick("Group", "Department", "Organization", KindFixture.DOMAIN, "Aggregate")),
        () -> Api.JSON.getNodeFactory().textNode(java.util.UUID.randomUUID().toString()),
        () -> Api.JSON.getNodeFactory().booleanNode(gen.bool()),
        () -> Api.JSON.createObjectNode().set("config", Api.JSON.createObjectNode().put("type", "Snowflake").put("password", "*********")));
  }
}
