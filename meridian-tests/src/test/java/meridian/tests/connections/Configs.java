package meridian.tests.connections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import meridian.tests.Api;

/** Create-requests for services on the machine's real databases (see {@link RealDatabases}). */
public final class Configs {
  private Configs() {}

  /** A Postgres service on {@code database}; PostgreSQL here trusts local logins, so any password works. */
  public static ObjectNode postgres(String name, String database) {
    ObjectNode request = service(name, "Postgres");
    ObjectNode config = (ObjectNode) request.at("/connection/config");
    config.put("hostPort", RealDatabases.PG_HOST_PORT);
    config.put("username", "postgres");
    config.putObject("authType").put("password", "pg-any-" + name);
    config.put("database", database);
    return request;
  }

  /** A MariaDB service (its password is a top-level member of the config). */
  public static ObjectNode mariaDb(String name, String user, String password) {
    ObjectNode request = service(name, "MariaDB");
    ObjectNode config = (ObjectNode) request.at("/connection/config");
    config.put("hostPort", RealDatabases.MARIADB_HOST_PORT);
    config.put("username", user);
    config.put("password", password);
    return request;
  }

  /** A Mysql service on the MariaDB server (its password is in {@code authType}). */
  static ObjectNode mysql(String name, String user, String password, String schema) {
    ObjectNode request = service(name, "Mysql");
    ObjectNode config = (ObjectNode) request.at("/connection/config");
    config.put("hostPort", RealDatabases.MARIADB_HOST_PORT);
    config.put("username", user);
    config.putObject("authType").put("password", password);
    if (schema != null) {
      config.put("databaseSchema", schema);
    }
    return request;
  }

  public static ObjectNode service(String name, String type) {
    ObjectNode request = Api.JSON.createObjectNode();
    request.put("name", name);
    request.put("serviceType", type);
    request.putObject("connection").putObject("config").put("type", type);
    return request;
  }

  /** OM's CreateWorkflow for a test of {@code service} (a create-request), as OM's UI sends it. */
  public static ObjectNode workflow(String name, ObjectNode service) {
    ObjectNode workflow = Api.JSON.createObjectNode();
    workflow.put("name", name);
    workflow.put("workflowType", "TEST_CONNECTION");
    ObjectNode request = workflow.putObject("request");
    request.set("connection", service.get("connection").deepCopy());
    request.put("serviceType", "Database");
    request.put("connectionType", service.get("serviceType").asText());
    request.put("serviceName", service.get("name").asText());
    return workflow;
  }
}
