package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Authentication (spec §6.1) and the seeded permissions (contract §3, spec §6.2). */
class AuthIT extends ServerIT {
  static final String PATH = "/api/v1/services/databaseServices";

  @Test
  void noTokenOrNotBearerIs401TokenNotPresent() {
    for (String header : new String[] {null, "Basic YWRtaW46YWRtaW4=", "Bearer ", "Bearer"}) {
      Api.Response response = server.anonymous().withAuthorization(header).get(PATH + "/name/x");
      assertThat(response.status()).as(String.valueOf(header)).isEqualTo(401);
      assertThat(response.json().get("message").asText()).isEqualTo("Not Authorized! Token not present");
    }
  }

  @Test
  void badTokensAre401WithOmsMessages() throws Exception {
    assertThat(message("Bearer not.a.jwt")).contains("Invalid token");
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
    assertThat(message("Bearer " + sign(stranger, new JWTClaimsSet.Builder().subject("admin").build()))).isEqualTo("Invalid token");
    assertThat(message("Bearer " + server.token("admin", Duration.ofSeconds(-60)))).isEqualTo("Expired token!");
  }

  @Test
  void aTokenForNobodyIs401() {
    String token = server.token("nobody_at_all", Duration.ofMinutes(5));
    Api.Response response = server.anonymous().withAuthorization("Bearer " + token).get(PATH + "/name/x");
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().get("message").asText()).contains("nobody_at_all");
  }

  @Test
  void publicRoutesNeedNoToken() {
    assertThat(server.anonymous().get("/api/v1/system/version").status()).isEqualTo(200);
    assertThat(server.anonymous().get("/api/v1/system/config/jwks").status()).isEqualTo(200);
    assertThat(server.anonymous().get("/healthz").status()).isEqualTo(200);
    assertThat(server.anonymous().get("/metrics").status()).isEqualTo(200);
  }

  @Test
  void aPlainUserMayReadButNotCreate() {
    TestServer.User plain = server.newUser();
    Api user = plain.api();
    String userName = plain.name();
    String name = Fixtures.uniqueName("forbidden");
    Api.Response denied = user.post(PATH, Fixtures.minimal(name).toString());
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("message").asText())
        .isEqualTo("Principal: CatalogPrincipal{name='" + userName + "'} operations [Create] not allowed");
    assertThat(server.admin().get(PATH + "/name/" + name).status()).isEqualTo(404);
    assertThat(user.put(PATH, Fixtures.minimal(name).toString()).status()).isEqualTo(403);

    server.admin().post(PATH, Fixtures.minimal(name).toString());
    assertThat(user.get(PATH + "/name/" + name).status()).isEqualTo(200);
    ObjectNode update = Fixtures.minimal(name);
    update.put("description", "not mine");
    Api.Response edit = user.put(PATH, update.toString());
    assertThat(edit.status()).isEqualTo(403);
    assertThat(edit.json().get("message").asText()).contains("[EditAll]");
  }

  @Test
  void anOwnerMayUpdateTheirService() {
    TestServer.User owner = server.newUser();
    Api user = owner.api();
    String userId = owner.id();
    String name = Fixtures.uniqueName("mine");
    ObjectNode request = Fixtures.minimal(name);
    request.putArray("owners").add(Api.JSON.createObjectNode().put("id", userId).put("type", "user"));
    assertThat(server.admin().post(PATH, request.toString()).status()).isEqualTo(201);
    request.put("description", "newDescription");
    Api.Response edit = user.put(PATH, request.toString());
    assertThat(edit.status()).isEqualTo(200);
    assertThat(edit.json().get("updatedBy").asText()).isEqualTo(owner.name());
  }

  @Test
  void theBotMayCreate() {
    Api.Response created = server.bot().post(PATH, Fixtures.minimal(Fixtures.uniqueName("bot")).toString());
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("updatedBy").asText()).isEqualTo("ingestion-bot");
  }

  @Test
  void anEmailPrincipalIsCutAtTheAtAndJwksHoldsOnlyPublicKeys() {
    String token = server.token("admin@meridian.local", Duration.ofMinutes(5));
    Api.Response response = server.anonymous().withAuthorization("Bearer " + token).post(PATH, Fixtures.minimal(Fixtures.uniqueName("mail")).toString());
    assertThat(response.status()).isEqualTo(201);
    assertThat(response.json().get("updatedBy").asText()).isEqualTo("admin");
    JsonNode jwks = server.anonymous().get("/api/v1/system/config/jwks").json();
    JsonNode key = jwks.get("keys").get(0);
    assertThat(key.get("kty").asText()).isEqualTo("RSA");
    assertThat(key.has("kid")).isTrue();
    assertThat(key.has("d")).isFalse();
    assertThat(key.has("p")).isFalse();
  }

  private static String message(String header) {
    Api.Response response = server.anonymous().withAuthorization(header).get(PATH + "/name/x");
    assertThat(response.status()).isEqualTo(401);
    return response.json().get("message").asText();
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
