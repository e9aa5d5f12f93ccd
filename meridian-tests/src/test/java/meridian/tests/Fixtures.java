package meridian.tests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** Builders of valid requests with unique random names (ARCHITECTURE rule 10). */
public final class Fixtures {
  private Fixtures() {}

  public static String uniqueName(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** A Snowflake service with a password in its connection. */
  public static ObjectNode snowflake(String name) {
    ObjectNode request = Api.JSON.createObjectNode();
    request.put("name", name);
    request.put("serviceType", "Snowflake");
    ObjectNode config = request.putObject("connection").putObject("config");
    config.put("type", "Snowflake");
    config.put("username", "etl");
    config.put("password", "s3cret-" + name);
    config.put("account", "acme");
    config.put("warehouse", "wh");
    return request;
  }

  /** A Postgres service whose password is nested in {@code authType} (basicAuth). */
  public static ObjectNode postgres(String name) {
    ObjectNode request = Api.JSON.createObjectNode();
    request.put("name", name);
    request.put("serviceType", "Postgres");
    ObjectNode config = request.putObject("connection").putObject("config");
    config.put("type", "Postgres");
    config.put("hostPort", "localhost:5432");
    config.put("username", "reader");
    config.putObject("authType").put("password", "pg-" + name);
    config.put("database", "analytics");
    return request;
  }

  /** The smallest valid request: a name and a service type. */
  public static ObjectNode minimal(String name) {
    ObjectNode request = Api.JSON.createObjectNode();
    request.put("name", name);
    request.put("serviceType", "Mysql");
    return request;
  }
}
