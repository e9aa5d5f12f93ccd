package meridian.tests.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import meridian.tests.Api;
import meridian.tests.Fixtures;

/**
 * One entity kind as the generic lifecycle suite sees it: where it lives and how to make a valid
 * request for it (ARCHITECTURE rule 10). A new kind joins every lifecycle test by adding one here.
 */
public interface KindFixture {
  String path();

  String entityType();

  ObjectNode newRequest(String name);

  /** Whether the kind has owners (users don't). */
  boolean hasOwners();

  KindFixture DATABASE_SERVICES =
      new Fixture("/api/v1/services/databaseServices", "databaseService", true) {
        @Override
        public ObjectNode newRequest(String name) {
          return Fixtures.snowflake(name);
        }
      };

  KindFixture USERS =
      new Fixture("/api/v1/users", "user", false) {
        @Override
        public ObjectNode newRequest(String name) {
          return Api.JSON.createObjectNode().put("name", name).put("email", name + "@example.com");
        }
      };

  static List<KindFixture> all() {
    return List.of(DATABASE_SERVICES, USERS);
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
}
