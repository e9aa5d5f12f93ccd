package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/users} (contract §3): admins create users; a user may edit but not promote themself. */
class UsersIT extends ServerIT {
  static final String PATH = "/api/v1/users";

  @Test
  void theBootstrapUsersExist() {
    JsonNode admin = server.admin().get(PATH + "/name/admin").json();
    assertThat(admin.get("isAdmin").asBoolean()).isTrue();
    assertThat(admin.get("isBot").asBoolean()).isFalse();
    JsonNode bot = server.admin().get(PATH + "/name/ingestion-bot").json();
    assertThat(bot.get("isBot").asBoolean()).isTrue();
  }

  @Test
  void anAdminCreatesAPlainUser() {
    String name = "ana_" + UUID.randomUUID().toString().substring(0, 8);
    Api.Response created = server.admin().post(PATH, "{\"name\":\"" + name + "\",\"email\":\"" + name + "@example.com\",\"displayName\":\"Ana\"}");
    assertThat(created.status()).isEqualTo(201);
    JsonNode user = created.json();
    assertThat(user.get("name").asText()).isEqualTo(name);
    assertThat(user.get("email").asText()).isEqualTo(name + "@example.com");
    assertThat(user.get("isAdmin").asBoolean()).isFalse();
    assertThat(user.get("isBot").asBoolean()).isFalse();
    assertThat(user.get("version").asDouble()).isEqualTo(0.1);
    assertThat(user.get("href").asText()).endsWith("/v1/users/" + user.get("id").asText());
    assertThat(server.admin().get(PATH + "/" + user.get("id").asText()).json().get("name").asText()).isEqualTo(name);

    Api.Response duplicate = server.admin().post(PATH, "{\"name\":\"" + name + "\",\"email\":\"x@example.com\"}");
    assertThat(duplicate.status()).isEqualTo(409);
    // The new user can sign in and is a plain user.
    Api.Response denied = server.api(name).post("/api/v1/services/databaseServices", Fixtures.minimal(Fixtures.uniqueName("x")).toString());
    assertThat(denied.status()).isEqualTo(403);
  }

  @Test
  void onlyAdminsCreateUsers() {
    String body = "{\"name\":\"sneaky\",\"email\":\"sneaky@example.com\"}";
    assertThat(server.newPlainUser().post(PATH, body).status()).isEqualTo(403);
    Api.Response byBot = server.bot().post(PATH, body);
    assertThat(byBot.status()).isEqualTo(403);
    assertThat(byBot.json().get("message").asText()).isEqualTo("Principal: CatalogPrincipal{name='ingestion-bot'} operations [Create] not allowed");
    assertThat(server.admin().get(PATH + "/name/sneaky").status()).isEqualTo(404);
  }

  @Test
  void emailIsRequiredAndChecked() {
    Api.Response missing = server.admin().post(PATH, "{\"name\":\"nomail\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("message").asText()).isEqualTo("[query param email must not be null]");
    assertThat(server.admin().post(PATH, "{\"name\":\"badmail\",\"email\":\"not-an-email\"}").status()).isEqualTo(400);
    Api.Response missingUser = server.admin().get(PATH + "/name/nobody_here");
    assertThat(missingUser.json().get("message").asText()).isEqualTo("user instance for nobody_here not found");
  }

  @Test
  void aUserMayEditThemselfButNotBecomeAdmin() {
    TestServer.User user = server.newUser();
    String base = "{\"name\":\"" + user.name() + "\",\"email\":\"" + user.name() + "@example.com\"";
    Api.Response renamed = user.api().put(PATH, base + ",\"displayName\":\"Me\"}");
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.json().get("displayName").asText()).isEqualTo("Me");
    Api.Response promoted = user.api().put(PATH, base + ",\"isAdmin\":true}");
    assertThat(promoted.status()).isEqualTo(403);
    assertThat(server.admin().get(PATH + "/name/" + user.name()).json().get("isAdmin").asBoolean()).isFalse();
    assertThat(server.admin().put(PATH, base + ",\"isAdmin\":true}").json().get("isAdmin").asBoolean()).isTrue();
    // Admin rights are read per request: the same token now may create services.
    assertThat(user.api().post("/api/v1/services/databaseServices", Fixtures.minimal(Fixtures.uniqueName("promoted")).toString()).status())
        .isEqualTo(201);
  }
}
