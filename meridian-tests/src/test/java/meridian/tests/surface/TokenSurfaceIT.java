package meridian.tests.surface;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import meridian.tests.property.Gen;
import meridian.tests.property.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Bearer tokens of every shape (spec §6.1): a 401 with OM's message, never a 500, never the token in a log. */
class TokenSurfaceIT extends ServerIT {
  static final String PATH = "/api/v1/services/databaseServices";
  static final Set<String> OM_MESSAGES =
      Set.of("Invalid token", "Expired token!", "Not Authorized! Token not present",
          "Invalid JWT token, none of the following claims are present [sub, email, preferred_username]");
  static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

  @BeforeAll
  static void captureLog() {
    LOG.start();
    ((Logger) LoggerFactory.getLogger("meridian.core.features.auth.TokenService")).addAppender(LOG);
  }

  @AfterAll
  static void releaseLog() {
    ((Logger) LoggerFactory.getLogger("meridian.core.features.auth.TokenService")).detachAppender(LOG);
  }

  static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyMalformedShapeIs401InvalidTokenAndTheLogNeverHoldsIt() {
    String claims = b64("{\"sub\":\"admin\"}");
    String real = server.token("admin", Duration.ofMinutes(5));
    String[] parts = real.split("\\.");
    List<String> tokens =
        List.of(
            "bnVsbA.bnVsbA.bnVsbA", // header, claims and signature are the JSON literal null
            b64("[]") + "." + claims + ".c2ln", // an array
            b64("42") + "." + claims + ".c2ln", // a number
            b64("\"RS256\"") + "." + claims + ".c2ln", // a string
            b64("{\"typ\":\"JWT\"}") + "." + claims + ".c2ln", // no alg
            b64("{\"alg\":null}") + "." + claims + ".c2ln",
            b64("{\"alg\":\"none\"}") + "." + claims + ".", // unsecured, OM refuses it
            b64("{\"alg\":\"HS256\"}") + "." + claims + ".c2ln",
            b64("{\"alg\":\"RS256\",\"crit\":[\"exp\"]}") + "." + claims + ".c2ln",
            parts[0] + "." + b64("null") + "." + parts[2], // a real header over null claims
            parts[0] + "." + b64("{\"sub\":\"admin\",\"exp\":\"tomorrow\"}") + "." + parts[2],
            parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA", // signature changed
            parts[0] + "." + b64("{\"sub\":\"admin\"}") + "." + parts[2], // claims changed
            "A".repeat(6_000) + "." + claims + ".c2ln", // a huge part
            parts[0] + "." + "x".repeat(6_000) + "." + parts[2],
            "!!!.###.$$$", // not base64url
            "a b.c d.e f",
            parts[0] + "." + parts[1], // two parts
            real + ".extra", // four parts
            real + "." + real, // five: the shape of an encrypted JWT
            "..", ".", "...", "a", "Bearer");
    for (String token : tokens) {
      Api.Response response = server.anonymous().withAuthorization("Bearer " + token).get(PATH + "/name/x");
      assertThat(response.status()).as(token).isEqualTo(401);
      assertThat(response.json().get("code").asInt()).isEqualTo(401);
      assertThat(response.json().get("message").asText()).as(token).isEqualTo("Invalid token");
    }
    List<String> lines = LOG.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines).as("a log line for each refused token").filteredOn(l -> l.startsWith("bearer token refused"))
        .hasSizeGreaterThanOrEqualTo(tokens.size());
    for (String line : lines) {
      assertThat(line).doesNotContain(parts[1]).doesNotContain(parts[2].substring(0, 16)).doesNotContain("bnVsbA")
          .hasSizeLessThan(200);
    }
  }

  @Test
  void randomTokensAre401WithOmsMessages() {
    String real = server.token("admin", Duration.ofMinutes(5));
    Property.forAll("random bearer tokens", 400, gen -> token(gen, real), token -> {
      Api.Response response = server.anonymous().withAuthorization("Bearer " + token).get(PATH + "/name/x");
      Surface.assertWellFormed(response);
      assertThat(response.status()).as(response.toString()).isEqualTo(401);
      assertThat(response.json().get("message").asText()).isIn(OM_MESSAGES);
    });
  }

  private static String token(Gen gen, String real) {
    String[] parts = real.split("\\.");
    return gen.oneOf(
        () -> {
          // 1 to 5 parts of random bytes
          StringBuilder out = new StringBuilder();
          for (int i = gen.between(1, 5); i > 0; i--) {
            out.append(Base64.getUrlEncoder().withoutPadding().encodeToString(gen.bytes(80))).append(i > 1 ? "." : "");
          }
          return out.toString();
        },
        // random JSON as header and claims
        () -> b64(gen.json(2).toString()) + "." + b64(gen.json(2).toString()) + "." + b64(gen.text(20)),
        // a header that names an algorithm, random claims, a random signature
        () -> b64("{\"alg\":\"" + gen.pick("RS256", "RS512", "ES256", "HS256", "none", "", "PS256") + "\"}") + "."
            + b64(gen.json(2).toString()) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(gen.bytes(300)),
        // the server's own token, one character changed (not the last of a part: its low bits
        // may be padding that decoders ignore, and then the token is still the same token)
        () -> {
          char[] chars = real.toCharArray();
          int at = gen.between(0, chars.length - 2);
          while (chars[at + 1] == '.') {
            at = gen.between(0, chars.length - 2);
          }
          chars[at] = chars[at] == 'A' ? 'B' : chars[at] == '.' ? 'x' : 'A';
          return new String(chars);
        },
        // the server's own token cut short
        () -> real.substring(0, gen.between(0, real.length() - 1)),
        // its parts shuffled or repeated
        () -> {
          String shuffled = gen.pick(parts) + "." + gen.pick(parts) + "." + gen.pick(parts);
          return shuffled.equals(real) ? parts[1] + "." + parts[0] + "." + parts[2] : shuffled;
        },
        // printable junk, dots included
        () -> {
          StringBuilder out = new StringBuilder();
          for (int i = gen.between(1, 60); i > 0; i--) {
            out.append((char) gen.between(0x21, 0x7e));
          }
          return out.toString();
        });
  }

  /**
   * Found by {@link #randomTokensAre401WithOmsMessages}: Jetty's per-connection header cache matched
   * header values ignoring case, so a token that differed from the connection's previous one only
   * in the case of a letter was read as that previous, valid token.
   */
  @Test
  void aTokenDifferingOnlyInCaseFromAnEarlierOneOnTheSameConnectionIsRefused() throws Exception {
    String real = server.token("admin", Duration.ofMinutes(5));
    String[] parts = real.split("\\.");
    int at = 0;
    while (!Character.isLowerCase(parts[1].charAt(at))) {
      at++;
    }
    String changed =
        parts[0] + "." + parts[1].substring(0, at) + Character.toUpperCase(parts[1].charAt(at)) + parts[1].substring(at + 1)
            + "." + parts[2];
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      java.io.BufferedReader in =
          new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      for (String token : List.of(real, changed)) {
        socket.getOutputStream().write(("GET " + PATH + "/name/x HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
            + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        String status = in.readLine();
        int length = 0;
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
          if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        in.skip(length);
        assertThat(status).as(token == real ? "the real token" : "the changed token").contains(token == real ? " 404 " : " 401 ");
      }
    }
  }

  @Test
  void aVerifiedTokenStillSeesItsUserChangeAtOnce() {
    TestServer.User user = server.newUser();
    String name = Fixtures.uniqueName("cached");
    assertThat(user.api().post(PATH, Fixtures.minimal(name).toString()).status()).isEqualTo(403);
    // The same token, now that its user is an admin: the flag is read from the user row, not the cache.
    Api.Response promoted = server.admin().patch("/api/v1/users/" + user.id(), "[{\"op\":\"replace\",\"path\":\"/isAdmin\",\"value\":true}]");
    assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
    assertThat(user.api().post(PATH, Fixtures.minimal(name).toString()).status()).isEqualTo(201);
    // …and once the user is deleted, the token that verified a moment ago opens nothing.
    assertThat(server.admin().delete("/api/v1/users/" + user.id()).status()).isEqualTo(200);
    Api.Response gone = user.api().get(PATH + "/name/" + name);
    assertThat(gone.status()).isEqualTo(401);
    assertThat(gone.json().get("message").asText()).contains(user.name()).contains("does not exist");
  }

  @Test
  void aVerifiedTokenIsNeverAcceptedPastItsExpiry() throws Exception {
    String token = server.token("admin", Duration.ofSeconds(2));
    long expiresAt = Api.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("exp").asLong() * 1000;
    Api api = server.anonymous().withAuthorization("Bearer " + token);
    assertThat(api.get(PATH + "?limit=1").status()).isEqualTo(200);
    long deadline = expiresAt + 10_000;
    while (true) {
      long sentAt = System.currentTimeMillis();
      Api.Response response = api.get(PATH + "?limit=1");
      if (response.status() == 401) {
        assertThat(response.json().get("message").asText()).isEqualTo("Expired token!");
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(expiresAt);
        break;
      }
      assertThat(response.status()).isEqualTo(200);
      assertThat(sentAt).as("a 200 for a request sent after the token's exp").isLessThan(expiresAt);
      assertThat(sentAt).as("the token was still accepted 10 s after its exp").isLessThan(deadline);
    }
  }
}
