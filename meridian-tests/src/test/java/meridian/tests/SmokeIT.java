package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The README's first steps: create a service and read it back. */
class SmokeIT extends ServerIT {

  @Test
  void createThenGetByIdAndName() {
    String name = Fixtures.uniqueName("smoke");
    Api.Response created = server.admin().post("/api/v1/services/databaseServices", Fixtures.snowflake(name).toString());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("id").asText();

    Api.Response byId = server.admin().get("/api/v1/services/databaseServices/" + id);
    assertThat(byId.status()).isEqualTo(200);
    assertThat(byId.json().get("name").asText()).isEqualTo(name);

    Api.Response byName = server.admin().get("/v1/services/databaseServices/name/" + name);
    assertThat(byName.status()).isEqualTo(200);
    assertThat(byName.json().get("id").asText()).isEqualTo(id);
  }
}
