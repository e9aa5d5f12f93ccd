package meridian.tests.auth;

import static org.assertj.core.api.Assertions.assertThat;

import meridian.tests.Api;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.junit.jupiter.api.Test;

/** The per-address limit on failed sign-ins (a server of its own: it blocks this test's address). */
class SignInLimitsIT extends ServerIT {
  @Test
  void anAddressThatFailsThirtyTimesInTenMinutesIsBlockedEvenForARightPassword() {
    TestServer.User user = SignInIT.userWithPassword(SignInIT.PASSWORD);
    // Thirty different names: no one user reaches its own limit of three.
    for (int i = 0; i < 30; i++) {
      Api.Response refused = server.anonymous().post("/api/v1/users/login", SignInIT.login("guess_" + i, SignInIT.PASSWORD));
      assertThat(refused.json().get("message").asText()).isEqualTo(SignInIT.INVALID);
    }
    Api.Response blocked = server.anonymous().post("/api/v1/users/login", SignInIT.login(user.name(), SignInIT.PASSWORD));
    assertThat(blocked.status()).isEqualTo(401);
    assertThat(blocked.json().get("message").asText()).isEqualTo(SignInIT.LOCKED);
  }
}
