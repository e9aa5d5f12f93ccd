package meridian.tests.surface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
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
 * JSON bodies of every write route, made from a valid request by breaking it: a wrong type at any
 * field, nulls, missing and unknown fields, duplicate keys, deep nesting, huge strings and arrays.
 * Never a 5xx; a refusal is OM's error body and leaves the store exactly as it was; what is
 * accepted can be read back.
 */
class BodySurfaceIT extends ServerIT {
  static final String SERVICES = "/api/v1/services/databaseServices";
  static final String USERS = "/api/v1/users";
  /** Members of every kind's request, and some that are no kind's: each body breaks a few of them. */
  static final List<String> FIELDS =
      List.of("name", "displayName", "description", "serviceType", "connection", "owners", "tags", "domain", "domains",
          "dataProducts", "ingestionRunner", "id", "version", "href", "deleted", "email", "isAdmin", "isBot", "teams", "roles",
          "teamType", "users", "parents", "children", "defaultRoles", "policies", "isJoinable", "profile", "domainType",
          "parent", "experts", "style", "classification", "mutuallyExclusive", "provider", "disabled", "associatedTags");

  @BeforeAll
  static void prepare() {
    KindFixture.prepare(server);
  }

  /** A generated body and where it goes. */
  record Request(String method, String path, KindFixture kind, String body) {
    @Override
    public String toString() {
      return method + " " + path + " " + body;
    }
  }

  @Test
  void brokenBodiesAreRefusedCleanlyAndAcceptedOnesReadBack() {
    Property.forAll("request bodies of every write route", 600, this::request, request -> {
      Api.Response response = Surface.write(server, () -> server.admin().send(request.method(), request.path(), request.body(), java.util.Map.of()));
      if (response.status() < 300 && !request.path().endsWith("/bulk")) {
        String fqn = response.json().get("fullyQualifiedName").asText();
        Api.Response read = server.admin().get(request.path() + "/name/" + Targets.encode(fqn));
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().get("id")).isEqualTo(response.json().get("id"));
      }
      if (request.path().endsWith("/bulk") && response.status() == 200) {
        for (JsonNode item : response.json().get("failedRequest")) {
          assertThat(item.get("status").asInt()).as(item.toString()).isBetween(400, 499);
          assertThat(item.get("message").asText()).isNotBlank();
        }
      }
    });
  }

  private Request request(Gen gen) {
    KindFixture kind = gen.pick(KindFixture.all());
    boolean services = kind == KindFixture.DATABASE_SERVICES;
    int items = services && gen.chance(0.3) ? gen.between(1, 3) : 0;
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < Math.max(items, 1); i++) {
      bodies.add(body(gen, kind));
    }
    if (items > 0) {
      return new Request("PUT", kind.path() + "/bulk", null, "[" + String.join(",", bodies) + "]");
    }
    return new Request(gen.pick("POST", "PUT"), kind.path(), kind, bodies.get(0));
  }

  private String body(Gen gen, KindFixture kind) {
    String name = Fixtures.uniqueName("body");
    ObjectNode request =
        kind == KindFixture.DATABASE_SERVICES ? gen.pick(Fixtures.snowflake(name), Fixtures.postgres(name), Fixtures.minimal(name))
            : kind.newRequest(name);
    if (kind.hasOwners() && gen.bool()) {
      request.putArray("owners").add(Api.JSON.createObjectNode().put("name", "admin").put("type", "user"));
    }
    String deep = null;
    for (int m = gen.between(1, 3); m > 0; m--) {
      String field = gen.chance(0.1) ? gen.text(8) : gen.chance(0.5) ? gen.pick(List.copyOf(iterable(request))) : gen.pick(FIELDS);
      switch (gen.between(0, 8)) {
        case 0 -> request.set(field, gen.json(3));
        case 1 -> request.set(field, gen.otherType(request.path(field).isMissingNode() ? Api.JSON.nullNode() : request.get(field)));
        case 2 -> request.putNull(field);
        case 3 -> request.remove(field);
        case 4 -> request.put(field, "x".repeat(gen.pick(300, 10_000, 200_000, 1_000_000)));
        case 5 -> request.set(field, hugeArray(gen, field));
        case 6 -> {
          deep = field;
          request.put(field, "__DEEP__");
        }
        case 7 -> {
          // a config of the wrong shape, or with a mask where nothing is stored
          ObjectNode config = request.putObject("connection").putObject("config");
          config.put("type", gen.pick("Snowflake", "Mysql", "Postgres", "Redshift", gen.text(6)));
          config.set(gen.pick("password", "username", "hostPort", "authType"), gen.pick(Api.JSON.getNodeFactory().textNode("*********"), gen.json(2)));
        }
        default -> request.set(field, gen.pick(referenceLike(gen), Api.JSON.createObjectNode().set(gen.text(5), gen.json(2))));
      }
    }
    String text = request.toString();
    if (deep != null) {
      text = text.replace("\"__DEEP__\"", Gen.nested(gen.pick(50, 99, 100, 101, 500, 999, 1_001, 5_000), gen.bool()));
    }
    return switch (gen.between(0, 9)) {
      case 0 -> "{\"name\":\"" + gen.identifier(1, 10) + "\"," + text.substring(1); // duplicate key
      case 1 -> text + gen.pick("}", " x", "[]", "\u0000");
      case 2 -> "\ufeff" + text;
      default -> text;
    };
  }

  private static java.util.Set<String> iterable(ObjectNode request) {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    request.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** References and FQN lists of every shape a relation field takes, to existing and missing targets. */
  private static JsonNode referenceLike(Gen gen) {
    return gen.oneOf(
        () -> Api.JSON.createArrayNode().add(gen.pick("PII.Sensitive", "Tier.Tier1", KindFixture.DOMAIN, "Organization", "nope")),
        () -> Api.JSON.getNodeFactory().textNode(gen.pick(KindFixture.DOMAIN, KindFixture.CLASSIFICATION, "PII", "nope", "PII.Sensitive")),
        () -> Api.JSON.createArrayNode().add(UUID.randomUUID().toString()),
        () -> Api.JSON.createArrayNode().add(Api.JSON.createObjectNode().put("name", gen.pick("admin", "Organization", "nope"))
            .put("type", gen.pick("user", "team", "domain", "table"))),
        () -> Api.JSON.createArrayNode().add(Api.JSON.createObjectNode().put("tagFQN", gen.pick("PII.None", "Tier.Tier2", "x.y"))));
  }

  private static JsonNode hugeArray(Gen gen, String field) {
    ArrayNode array = Api.JSON.createArrayNode();
    int size = gen.pick(1_000, 5_000, 20_000);
    for (int i = 0; i < size; i++) {
      switch (field) {
        case "owners" -> array.add(Api.JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("type", "user"));
        case "tags" -> array.add(Api.JSON.createObjectNode().put("tagFQN", "PII.Sensitive" + i));
        default -> array.add("d" + i);
      }
    }
    return array;
  }
}
