package meridian.tests.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import meridian.server.MeridianConfig;
import meridian.tests.Api;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.junit.jupiter.api.Test;

/**
 * OM's basic sign-in (issue 18): login, refresh, logout and changePassword under /users, the
 * password set from the CLI, the lock after failed attempts (kept in the store: a replica sees
 * it), OM's messages, and no password hash anywhere a client can read.
 */
class SignInIT extends ServerIT {
  static final String INVALID = "You have entered an invalid username or password.";
  static final String LOCKED = "Failed Login Attempts Exceeded. Use Forgot Password or retry after some time.";
  static final String PASSWORD = "Catalog#2026";

  static String login(String email, String password) {
    return "{\"email\":\"" + email + "\",\"password\":\"" + Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8))
        + "\"}";
  }

  static String change(String type, String user, String old, String password, String confirm) {
    StringBuilder body = new StringBuilder("{\"requestType\":\"" + type + "\",\"newPassword\":\"" + password + "\",\"confirmPassword\":\""
        + confirm + "\"");
    if (user != null) {
      body.append(",\"username\":\"").append(user).append('"');
    }
    if (old != null) {
      body.append(",\"oldPassword\":\"").append(old).append('"');
    }
    return body.append('}').toString();
  }

  static TestServer.User userWithPassword(String password) {
    TestServer.User user = server.newUser();
    Api.Response set = server.admin().put("/api/v1/users/changePassword", change("USER", user.name(), null, password, password));
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    return user;
  }

  @Test
  void aUserSignsInRefreshesAndSignsOutWithOmsShapes() {
    TestServer.User user = userWithPassword(PASSWORD);
    long before = System.currentTimeMillis();
    Api.Response signedIn = server.anonymous().post("/api/v1/users/login", login(user.name() + "@example.com", PASSWORD));
    assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
    assertThat(signedIn.header("Cache-Control")).isEqualTo("no-store");
    JsonNode tokens = signedIn.json();
    assertThat(tokens.get("tokenType").asText()).isEqualTo("Bearer");
    // OM's expiryDuration is the access token's expiry in epoch milliseconds, an hour on.
    assertThat(tokens.get("expiryDuration").asLong()).isBetween(before + 3_590_000, System.currentTimeMillis() + 3_610_000);
    Api asUser = Api.bearer(server.baseUrl(), tokens.get("accessToken").asText());
    Api.Response read = asUser.get("/api/v1/users/name/" + user.name());
    assertThat(read.status()).isEqualTo(200);
    // No API answer is kept by a browser's cache (an ETag is a version, which some changes leave alone).
    assertThat(read.header("Cache-Control")).isEqualTo("no-store");

    // The name signs in as well as the email.
    assertThat(server.anonymous().post("/api/v1/users/login", login(user.name(), PASSWORD)).status()).isEqualTo(200);

    String first = tokens.get("refreshToken").asText();
    Api.Response refreshed = server.anonymous().post("/api/v1/users/refresh", "{\"refreshToken\":\"" + first + "\"}");
    assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
    String second = refreshed.json().get("refreshToken").asText();
    assertThat(second).isNotEqualTo(first);
    assertThat(Api.bearer(server.baseUrl(), refreshed.json().get("accessToken").asText()).get("/api/v1/users/name/" + user.name()).status())
        .isEqualTo(200);
    // A refresh token is used up by its refresh.
    Api.Response reused = server.anonymous().post("/api/v1/users/refresh", "{\"refreshToken\":\"" + first + "\"}");
    assertThat(reused.status()).isEqualTo(404);
    assertThat(reused.json().get("message").asText()).isEqualTo("Invalid Request Token. Please check your Token");
    Api.Response empty = server.anonymous().post("/api/v1/users/refresh", "{\"refreshToken\":\"\"}");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.json().get("message").asText()).isEqualTo("Token Cannot be Null or Empty String");

    // Logout needs a token, and revokes every refresh token of the user.
    assertThat(server.anonymous().post("/api/v1/users/logout", "{}").status()).isEqualTo(401);
    Api.Response out = asUser.post("/api/v1/users/logout", "{\"token\":\"" + tokens.get("accessToken").asText() + "\",\"refreshToken\":\""
        + second + "\"}");
    assertThat(out.status()).isEqualTo(200);
    assertThat(out.body()).isEqualTo("Logout Successful");
    assertThat(server.anonymous().post("/api/v1/users/refresh", "{\"refreshToken\":\"" + second + "\"}").status()).isEqualTo(404);

    // Nothing a client reads holds the hash.
    String everything = server.admin().get("/api/v1/users/" + user.id() + "?fields=*").body()
        + server.admin().get("/api/v1/users/" + user.id() + "/versions").body();
    assertThat(everything).doesNotContain("argon2").doesNotContain(PASSWORD);
  }

  @Test
  void wrongPasswordsUnknownUsersAndBotsGetOneAnswerAndTheThirdFailureLocksTheUserEverywhere() {
    TestServer.User user = userWithPassword(PASSWORD);
    for (String body : List.of(login("nobody_" + user.name(), PASSWORD), login("ingestion-bot", PASSWORD),
        login(server.newUser().name(), PASSWORD))) {
      Api.Response refused = server.anonymous().post("/api/v1/users/login", body);
      assertThat(refused.status()).as(body).isEqualTo(401);
      assertThat(refused.json().get("message").asText()).isEqualTo(INVALID);
    }
    for (int i = 0; i < 3; i++) {
      Api.Response wrong = server.anonymous().post("/api/v1/users/login", login(user.name(), "Wrong#pass" + i));
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.json().get("message").asText()).isEqualTo(INVALID);
    }
    Api.Response locked = server.anonymous().post("/api/v1/users/login", login(user.name(), PASSWORD));
    assertThat(locked.status()).isEqualTo(401);
    assertThat(locked.json().get("message").asText()).isEqualTo(LOCKED);
    if (server.config().databaseUrl() != null) {
      try (TestServer replica = server.replica()) {
        Api.Response there = replica.anonymous().post("/api/v1/users/login", login(user.name() + "@example.com", PASSWORD));
        assertThat(there.json().get("message").asText()).isEqualTo(LOCKED);
      }
    }
    // An admin's new password lifts the lock.
    server.admin().put("/api/v1/users/changePassword", change("USER", user.name(), null, "Another#2026", "Another#2026"));
    assertThat(server.anonymous().post("/api/v1/users/login", login(user.name(), "Another#2026")).status()).isEqualTo(200);
  }

  @Test
  void guessesSentAtOnceAreCountedBeforeTheyAreCheckedSoOnlyThreeAreEverVerified() throws Exception {
    TestServer.User user = userWithPassword(PASSWORD);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Api.Response>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String guess = "Guess#" + i + "abc";
        answers.add(pool.submit(() -> server.anonymous().post("/api/v1/users/login", login(user.name(), guess))));
      }
      int verified = 0;
      for (var answer : answers) {
        Api.Response response = answer.get();
        assertThat(response.status()).isEqualTo(401);
        String message = response.json().get("message").asText();
        assertThat(message).isIn(INVALID, LOCKED);
        verified += message.equals(INVALID) ? 1 : 0;
      }
      assertThat(verified).as("guesses that reached the password check").isLessThanOrEqualTo(3);
    } finally {
      pool.shutdown();
    }
    assertThat(server.anonymous().post("/api/v1/users/login", login(user.name(), PASSWORD)).json().get("message").asText()).isEqualTo(LOCKED);
  }

  @Test
  void oddSignInInputIsA4xxNeverA500() {
    Api anonymous = server.anonymous();
    Api.Response long_ = anonymous.post("/api/v1/users/login", login("x".repeat(400) + "@example.com", PASSWORD));
    assertThat(long_.status()).isEqualTo(401);
    assertThat(long_.json().get("message").asText()).isEqualTo(INVALID);
    Api.Response nul = anonymous.post("/api/v1/users/login", "{\"email\":\"a\\u0000b\",\"password\":\"YQ==\"}");
    assertThat(nul.status()).isEqualTo(401);
    assertThat(anonymous.post("/api/v1/users/login", "{\"email\":\"" + "y".repeat(20_000) + "\",\"password\":\"YQ==\"}").status())
        .isEqualTo(413);
    assertThat(anonymous.send("POST", "/api/v1/users/login", login("admin", PASSWORD), Map.of("Content-Type", "text/plain")).status())
        .isEqualTo(415);
    assertThat(anonymous.post("/api/v1/users/login", "[]").status()).isEqualTo(400);
    assertThat(anonymous.post("/api/v1/users/login", "{\"email\":7,\"password\":\"YQ==\"}").status()).isEqualTo(400);
    assertThat(anonymous.post("/api/v1/users/refresh", "{\"refreshToken\":\"" + "z".repeat(5_000) + "\"}").status()).isEqualTo(404);
  }

  @Test
  void wrongOldPasswordsCountAsFailedSignInsSoAStolenTokenCannotGuessFreely() {
    TestServer.User user = userWithPassword(PASSWORD);
    Api asUser = Api.bearer(server.baseUrl(), server.anonymous().post("/api/v1/users/login", login(user.name(), PASSWORD)).json()
        .get("accessToken").asText());
    for (int i = 0; i < 3; i++) {
      Api.Response wrong = asUser.put("/api/v1/users/changePassword", change("SELF", null, "Wrong#old" + i, "Mine#2028", "Mine#2028"));
      assertThat(wrong.status()).isEqualTo(400);
      assertThat(wrong.json().get("message").asText()).isEqualTo("Old Password is not correct");
    }
    Api.Response locked = asUser.put("/api/v1/users/changePassword", change("SELF", null, PASSWORD, "Mine#2028", "Mine#2028"));
    assertThat(locked.status()).isEqualTo(401);
    assertThat(locked.json().get("message").asText()).isEqualTo(LOCKED);
    assertThat(server.anonymous().post("/api/v1/users/login", login(user.name(), PASSWORD)).json().get("message").asText()).isEqualTo(LOCKED);
  }

  @Test
  void passwordsFollowOmsPolicyAndAChangeRevokesTheRefreshTokens() {
    TestServer.User user = userWithPassword(PASSWORD);
    Api admin = server.admin();
    for (String weak : List.of("Short#1", "alllower#123", "ALLUPPER#123", "NoDigits#here", "NoSpecial123", "With space#1")) {
      Api.Response refused = admin.put("/api/v1/users/changePassword", change("USER", user.name(), null, weak, weak));
      assertThat(refused.status()).as(weak).isEqualTo(400);
      assertThat(refused.json().get("message").asText())
          .isEqualTo("Password must be of minimum 8 characters, with one special, one Upper, one lower case character, and one Digit.");
    }
    Api.Response mismatch = admin.put("/api/v1/users/changePassword", change("USER", user.name(), null, "Good#pass1", "Good#pass2"));
    assertThat(mismatch.status()).isEqualTo(400);
    assertThat(mismatch.json().get("message").asText()).isEqualTo("Password and Confirm Password should match");
    Api.Response notAdmin = server.newPlainUser().put("/api/v1/users/changePassword", change("USER", user.name(), null, "Good#pass1", "Good#pass1"));
    assertThat(notAdmin.status()).isEqualTo(403);
    assertThat(admin.put("/api/v1/users/changePassword", change("USER", "nobody_" + user.name(), null, "Good#pass1", "Good#pass1")).status())
        .isEqualTo(404);

    JsonNode tokens = server.anonymous().post("/api/v1/users/login", login(user.name(), PASSWORD)).json();
    Api asUser = Api.bearer(server.baseUrl(), tokens.get("accessToken").asText());
    Api.Response wrongOld = asUser.put("/api/v1/users/changePassword", change("SELF", null, "Wrong#old1", "Mine#2027", "Mine#2027"));
    assertThat(wrongOld.status()).isEqualTo(400);
    assertThat(wrongOld.json().get("message").asText()).isEqualTo("Old Password is not correct");
    Api.Response changed = asUser.put("/api/v1/users/changePassword", change("SELF", null, PASSWORD, "Mine#2027", "Mine#2027"));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body()).isEqualTo("Password Updated Successfully");
    assertThat(server.anonymous().post("/api/v1/users/refresh", "{\"refreshToken\":\"" + tokens.get("refreshToken").asText() + "\"}")
        .status()).isEqualTo(404);
    assertThat(server.anonymous().post("/api/v1/users/login", login(user.name(), PASSWORD)).status()).isEqualTo(401);
    assertThat(server.anonymous().post("/api/v1/users/login", login(user.name(), "Mine#2027")).status()).isEqualTo(200);

    Api.Response notBase64 = server.anonymous().post("/api/v1/users/login", "{\"email\":\"" + user.name() + "\",\"password\":\"%%%\"}");
    assertThat(notBase64.status()).isEqualTo(400);
    assertThat(notBase64.json().get("message").asText()).isEqualTo("Password needs to be encoded in Base-64.");
    Api.Response unknownField = server.anonymous().post("/api/v1/users/login", "{\"email\":\"a\",\"password\":\"YQ==\",\"otp\":\"1\"}");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.json().get("message").asText()).contains("otp");
  }

  @Test
  void theCliSetsAPasswordFromStandardInputNeverFromItsArguments() throws Exception {
    TestServer.User user = server.newUser();
    MeridianConfig config = server.config();
    List<String> command = new ArrayList<>(List.of(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        "meridian.server.Main", "set-password", "--user", user.name(), "--data-dir", config.dataDir().toString()));
    if (config.databaseUrl() != null) {
      command.addAll(List.of("--database-url", config.databaseUrl(), "--database-user", config.databaseUser()));
    }
    if (config.secretKeyFile() != null) {
      command.addAll(List.of("--secret-key-file", config.secretKeyFile().toString()));
    }
    Map<String, String> env = new HashMap<>();
    if (config.databasePassword() != null) {
      env.put("MERIDIAN_DATABASE_PASSWORD", config.databasePassword());
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("MERIDIAN_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    try (OutputStream in = process.getOutputStream()) {
      in.write("From#Stdin9\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("the password of " + user.name() + " is set").doesNotContain("From#Stdin9");
    assertThat(server.anonymous().post("/api/v1/users/login", login(user.name(), "From#Stdin9")).status()).isEqualTo(200);

    List<String> help = new ArrayList<>(command.subList(0, 5));
    help.addAll(List.of("set-password", "--help"));
    Process helpProcess = new ProcessBuilder(help).redirectErrorStream(true).start();
    assertThat(helpProcess.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(helpProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("standard input", "--user");
  }
}
