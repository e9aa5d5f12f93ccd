package meridian.tests.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.TestServer;

/** Makes the governance entities a test needs, through the API, with unique names. */
final class Governance {
  static final String SERVICES = "/api/v1/services/databaseServices";
  static final String TEAMS = "/api/v1/teams";
  static final String DOMAINS = "/api/v1/domains";
  static final String DATA_PRODUCTS = "/api/v1/dataProducts";
  static final String CLASSIFICATIONS = "/api/v1/classifications";
  static final String TAGS = "/api/v1/tags";
  static final String USERS = "/api/v1/users";

  private final TestServer server;

  Governance(TestServer server) {
    this.server = server;
  }

  static JsonNode created(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  JsonNode team(String type, String... parentIds) {
    ObjectNode request = Api.JSON.createObjectNode().put("name", Fixtures.uniqueName(type.toLowerCase())).put("teamType", type);
    if (parentIds.length > 0) {
      ArrayNode parents = request.putArray("parents");
      for (String id : parentIds) {
        parents.add(id);
      }
    }
    return created(server.admin().post(TEAMS, request.toString()));
  }

  /** A Group team with these users as members. */
  JsonNode group(String... userIds) {
    ObjectNode request = Api.JSON.createObjectNode().put("name", Fixtures.uniqueName("group")).put("teamType", "Group");
    ArrayNode users = request.putArray("users");
    for (String id : userIds) {
      users.add(id);
    }
    return created(server.admin().post(TEAMS, request.toString()));
  }

  JsonNode domain(String parentFqn) {
    ObjectNode request = Api.JSON.createObjectNode().put("name", Fixtures.uniqueName("domain")).put("domainType", "Aggregate")
        .put("description", "a domain");
    if (parentFqn != null) {
      request.put("parent", parentFqn);
    }
    return created(server.admin().post(DOMAINS, request.toString()));
  }

  JsonNode dataProduct(String... domainFqns) {
    ObjectNode request = Api.JSON.createObjectNode().put("name", Fixtures.uniqueName("product")).put("description", "a product");
    ArrayNode domains = request.putArray("domains");
    for (String fqn : domainFqns) {
      domains.add(fqn);
    }
    return created(server.admin().post(DATA_PRODUCTS, request.toString()));
  }

  JsonNode classification(boolean mutuallyExclusive) {
    return created(server.admin().post(CLASSIFICATIONS, Api.JSON.createObjectNode().put("name", Fixtures.uniqueName("Class"))
        .put("description", "a classification").put("mutuallyExclusive", mutuallyExclusive).toString()));
  }

  JsonNode tag(String classification, String parentFqn) {
    ObjectNode request = Api.JSON.createObjectNode().put("name", Fixtures.uniqueName("Tag")).put("description", "a tag")
        .put("classification", classification);
    if (parentFqn != null) {
      request.put("parent", parentFqn);
    }
    return created(server.admin().post(TAGS, request.toString()));
  }

  /** A minimal service request with these tags. */
  static ObjectNode tagged(String name, String... tagFqns) {
    ObjectNode request = Fixtures.minimal(name);
    ArrayNode tags = request.putArray("tags");
    for (String fqn : tagFqns) {
      tags.addObject().put("tagFQN", fqn);
    }
    return request;
  }

  static ObjectNode ref(String id, String type) {
    return Api.JSON.createObjectNode().put("id", id).put("type", type);
  }

  static List<String> values(JsonNode array, String member) {
    java.util.List<String> out = new java.util.ArrayList<>();
    array.forEach(item -> out.add(item.get(member).asText()));
    return out;
  }
}
