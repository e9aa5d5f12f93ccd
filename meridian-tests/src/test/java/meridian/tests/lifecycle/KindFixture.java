package meridian.tests.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.TestServer;

/**
 * One entity kind as the generic lifecycle suite sees it: where it lives and how to make a valid
 * request for it (ARCHITECTURE rule 10). A new kind joins every lifecycle test by adding one here.
 */
public interface KindFixture {
  /** The domain data products of the suite belong to, and the classification its tags are in. */
  String DOMAIN = "lifecycle_domain";
  String CLASSIFICATION = "LifecycleTags";
  /** The service, database and schema the suite's databases, schemas and tables are created under. */
  String SERVICE = "lifecycle_service";
  String DATABASE = SERVICE + ".lifecycle_db";
  String SCHEMA = DATABASE + ".lifecycle_schema";

  String path();

  String entityType();

  ObjectNode newRequest(String name);

  /** Whether the kind has owners (users don't). */
  boolean hasOwners();

  /** The FQN of the entity {@link #newRequest} names {@code name}. */
  default String fqn(String name) {
    return name;
  }

  /** What the suite's servers need before any fixture's request can be made: the domain and the classification. */
  static void prepare(TestServer server) {
    Api.Response domain = server.admin().put("/api/v1/domains",
        "{\"name\":\"" + DOMAIN + "\",\"domainType\":\"Aggregate\",\"description\":\"for the lifecycle suite\"}");
    assertThat(domain.status()).as(domain.toString()).isIn(200, 201);
    Api.Response classification = server.admin().put("/api/v1/classifications",
        "{\"name\":\"" + CLASSIFICATION + "\",\"description\":\"for the lifecycle suite\"}");
    assertThat(classification.status()).as(classification.toString()).isIn(200, 201);
    for (String[] parent : new String[][] {
        {"/api/v1/services/databaseServices", "{\"name\":\"" + SERVICE + "\",\"serviceType\":\"Mysql\"}"},
        {"/api/v1/databases", "{\"name\":\"lifecycle_db\",\"service\":\"" + SERVICE + "\"}"},
        {"/api/v1/databaseSchemas", "{\"name\":\"lifecycle_schema\",\"database\":\"" + DATABASE + "\"}"}}) {
      Api.Response made = server.admin().put(parent[0], parent[1]);
      assertThat(made.status()).as(made.toString()).isIn(200, 201);
    }
  }

  KindFixture DATABASE_SERVICES =
      new Fixture("/api/v1/services/databaseServices", "databaseService", true) {
        @Override
        public ObjectNode newRequest(String name) {
          return Fixtures.snowflake(name);
        }
      };

  KindFixture DATABASES = new Contained("/api/v1/databases", "database", "service", SERVICE);

  KindFixture DATABASE_SCHEMAS = new Contained("/api/v1/databaseSchemas", "databaseSchema", "database", DATABASE);

  KindFixture TABLES =
      new Contained("/api/v1/tables", "table", "databaseSchema", SCHEMA) {
        @Override
        public ObjectNode newRequest(String name) {
          ObjectNode request = super.newRequest(name);
          request.putArray("columns").addObject().put("name", "id").put("dataType", "BIGINT");
          return request;
        }
      };

  KindFixture USERS =
      new Fixture("/api/v1/users", "user", false) {
        @Override
        public ObjectNode newRequest(String name) {
          return Api.JSON.createObjectNode().put("name", name).put("email", name + "@example.com");
        }
      };

  KindFixture TEAMS =
      new Fixture("/api/v1/teams", "team", true) {
        @Override
        public ObjectNode newRequest(String name) {
          return Api.JSON.createObjectNode().put("name", name).put("teamType", "Group");
        }
      };

  KindFixture DOMAINS =
      new Fixture("/api/v1/domains", "domain", true) {
        @Override
        public ObjectNode newRequest(String name) {
          return Api.JSON.createObjectNode().put("name", name).put("domainType", "Source-aligned").put("description", "");
        }
      };

  KindFixture DATA_PRODUCTS =
      new Fixture("/api/v1/dataProducts", "dataProduct", true) {
        @Override
        public ObjectNode newRequest(String name) {
          ObjectNode request = Api.JSON.createObjectNode().put("name", name).put("description", "");
          request.putArray("domains").add(DOMAIN);
          return request;
        }
      };

  KindFixture CLASSIFICATIONS =
      new Fixture("/api/v1/classifications", "classification", true) {
        @Override
        public ObjectNode newRequest(String name) {
          return Api.JSON.createObjectNode().put("name", name).put("description", "");
        }
      };

  KindFixture TAGS =
      new Contained("/api/v1/tags", "tag", "classification", CLASSIFICATION) {
        @Override
        public ObjectNode newRequest(String name) {
          return super.newRequest(name).put("description", "");
        }
      };

  KindFixture WORKFLOWS =
      new Fixture("/api/v1/automations/workflows", "workflow", true) {
        @Override
        public ObjectNode newRequest(String name) {
          ObjectNode service = Fixtures.snowflake(name);
          ObjectNode request = Api.JSON.createObjectNode().put("name", name).put("workflowType", "TEST_CONNECTION");
          ObjectNode test = request.putObject("request");
          test.set("connection", service.get("connection"));
          test.put("serviceType", "Database").put("connectionType", "Snowflake").put("serviceName", name);
          return request;
        }
      };

  static List<KindFixture> all() {
    return List.of(DATABASE_SERVICES, DATABASES, DATABASE_SCHEMAS, TABLES, USERS, TEAMS, DOMAINS, DATA_PRODUCTS, CLASSIFICATIONS, TAGS,
        WORKFLOWS);
  }

  abstract class Fixture implements KindFixture {
    private final String path;
    private final String entityType;
    private final boolean owners;

    Fixture(String path, String entityType, boolean owners) {
      this.path = path;
      this.entityType = entityType;
      this.owners = owners;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public String entityType() {
      return entityType;
    }

    @Override
    public boolean hasOwners() {
      return owners;
    }

    @Override
    public String toString() {
      return entityType;
    }
  }

  /** A kind created under a parent named in the request by its FQN; its own FQN is the parent's plus its name. */
  class Contained extends Fixture {
    private final String parentField;
    private final String parent;

    Contained(String path, String entityType, String parentField, String parent) {
      super(path, entityType, true);
      this.parentField = parentField;
      this.parent = parent;
    }

    @Override
    public ObjectNode newRequest(String name) {
      return Api.JSON.createObjectNode().put("name", name).put(parentField, parent);
    }

    @Override
    public String fqn(String name) {
      return parent + "." + name;
    }
  }
}
