package meridian.tests.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import meridian.tests.Api;
import meridian.tests.Fixtures;

/** Builds catalog trees through the API for the catalog suites: a service, its databases, schemas and tables. */
final class Tree {
  static final String SERVICES = "/api/v1/services/databaseServices";
  static final String DATABASES = "/api/v1/databases";
  static final String SCHEMAS = "/api/v1/databaseSchemas";
  static final String TABLES = "/api/v1/tables";

  private Tree() {}

  /** A new service with one database and one schema; returns the schema (its FQN names the rest). */
  static JsonNode schema(Api api, String prefix) {
    String service = Fixtures.uniqueName(prefix);
    created(api.post(SERVICES, Fixtures.minimal(service).toString()));
    created(api.post(DATABASES, "{\"name\":\"db\",\"service\":\"" + service + "\"}"));
    return created(api.post(SCHEMAS, "{\"name\":\"sch\",\"database\":\"" + service + ".db\"}"));
  }

  /** A table request under {@code schemaFqn} with the given columns. */
  static ObjectNode table(String schemaFqn, String name, ObjectNode... columns) {
    ObjectNode request = Api.JSON.createObjectNode().put("name", name).put("databaseSchema", schemaFqn);
    ArrayNode list = request.putArray("columns");
    for (ObjectNode column : columns) {
      list.add(column);
    }
    return request;
  }

  static ObjectNode column(String name, String type) {
    return Api.JSON.createObjectNode().put("name", name).put("dataType", type);
  }

  static ObjectNode varchar(String name, int length) {
    return column(name, "VARCHAR").put("dataLength", length);
  }

  static JsonNode created(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  static JsonNode ok(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  /** The message of a 4xx with the given status. */
  static String refused(Api.Response response, int status) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    return response.json().get("message").asText();
  }
}
