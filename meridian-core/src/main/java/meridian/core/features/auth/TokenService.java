package meridian.core.features.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import meridian.core.Names;
import meridian.core.engine.store.ServerSecrets;
import meridian.core.errors.ApiException;
import meridian.core.features.secrets.SecretCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and checks the server's RS256 tokens. The signing key is made on first start and kept
 * in the database sealed with the master key, so every replica signs and verifies with the same
 * key and the database alone never reveals it (contract §1, §3).
 */
public final class TokenService {
  public static final String ISSUER = "meridian";
  /** The claims that may name the principal, in the order they are tried (contract §3). */
  public static final List<String> PRINCIPAL_CLAIMS = List.of("sub", "email", "preferred_username");

  /** The server_secret row holding the signing key. */
  public static final String KEY_NAME = "jwt-signing-key";

  /** How many distinct verified tokens are remembered; the least recently used go first. */
  static final int CACHE_SIZE = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

  private final RSAKey key;
  private final JWSVerifier verifier;
  private final Clock clock;
  private final Cache<String, Verified> verified;

  private TokenService(RSAKey key, Clock clock) throws JOSEException {
    this.key = key;
    this.verifier = new RSASSAVerifier(key.toRSAPublicKey());
    this.clock = clock;
    // Entries also leave the cache at the token's exp (by the cache's own ticker); verify() checks
    // exp against the server's clock on every hit as well, so an expired token is never accepted.
    this.verified =
        Caffeine.newBuilder()
            .maximumSize(CACHE_SIZE)
            .expireAfter(Expiry.creating((String k, Verified v) -> untilExpiry(v, clock)))
            .build();
  }

  private static Duration untilExpiry(Verified v, Clock clock) {
    if (v.expiresAt() == Long.MAX_VALUE) {
      return Duration.ofDays(365);
    }
    return Duration.ofMillis(Math.max(0, v.expiresAt() - clock.millis()));
  }

  /**
   * Loads the signing key, making it first if the database has none. Two replicas starting at
   * once may both make one; the primary key lets only the first insert win, and the loser reads
   * the winner's key. {@link SecretCipher.WrongKeyException} when the master key does not fit.
   */
  public static TokenService loadOrCreate(ServerSecrets secrets, SecretCipher cipher, Clock clock) {
    String sealed = secrets.find(KEY_NAME).orElse(null);
    try {
      if (sealed == null) {
        RSAKey fresh =
            new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .keyID(UUID.randomUUID().toString()).generate();
        // Another replica may have stored its key first; then that one is used.
        secrets.insertIfAbsent(KEY_NAME, cipher.seal(fresh.toJSONString()), clock.millis());
        sealed = secrets.find(KEY_NAME).orElseThrow();
      }
      return new TokenService(RSAKey.parse(cipher.open(sealed)), clock);
    } catch (JOSEException | ParseException e) {
      throw new IllegalStateException("the stored token-signing key is unusable", e);
    }
  }

  /** A signed token for {@code user}; {@code expiresIn} null means it never expires (OM's default for bots). */
  public String issue(String user, boolean bot, Duration expiresIn) {
    Date now = new Date(clock.millis());
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder().issuer(ISSUER).subject(user).issueTime(now).claim("isBot", bot);
    if (expiresIn != null) {
      claims.expirationTime(new Date(now.getTime() + expiresIn.toMillis()));
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }

  /**
   * Checks signature and expiry and returns the principal's name; a 401 with OM's message otherwise
   * (spec §6.1), whatever the token holds. Each distinct token's signature is checked once: a
   * verified token is remembered, under the SHA-256 of its text, until its own {@code exp} and never
   * past it. Only what the token itself says is remembered; who the principal is (user row, admin
   * and bot flags) is read by the caller on every request.
   */
  public String verify(String token) {
    String key = digest(token);
    Verified known = verified.getIfPresent(key);
    if (known == null) {
      known = check(token);
      verified.put(key, known);
    }
    if (known.expiresAt() <= clock.millis()) {
      verified.invalidate(key);
      LOG.info("bearer token refused: it expired at {}", java.time.Instant.ofEpochMilli(known.expiresAt()));
      throw ApiException.unauthorized("Expired token!");
    }
    return known.principal();
  }

  /** What a token whose signature verified says: who, and until when ({@link Long#MAX_VALUE}: no {@code exp}). */
  private record Verified(String principal, long expiresAt) {}

  private Verified check(String token) {
    JWTClaimsSet claims = verifiedClaims(token);
    Date expires = claims.getExpirationTime();
    long expiresAt = expires == null ? Long.MAX_VALUE : expires.getTime();
    for (String claim : PRINCIPAL_CLAIMS) {
      Object value = claims.getClaim(claim);
      if (value instanceof String s && !s.isBlank()) {
        int at = s.indexOf('@');
        return new Verified(at < 0 ? s : s.substring(0, at), expiresAt);
      }
    }
    LOG.info("bearer token refused: none of the claims {} names a principal", PRINCIPAL_CLAIMS);
    throw ApiException.unauthorized("Invalid JWT token, none of the following claims are present " + PRINCIPAL_CLAIMS);
  }

  /**
   * The claims of a token signed with this server's key (RS256), or OM's {@code Invalid token}.
   * The JWT library is handed arbitrary client bytes, so any failure in it, of any type, is the
   * token's fault and a 401, never a 500 (a header that decodes to JSON {@code null} once made it
   * throw a NullPointerException).
   */
  private JWTClaimsSet verifiedClaims(String token) {
    String problem;
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
        problem = "its algorithm is " + jwt.getHeader().getAlgorithm() + ", not RS256";
      } else if (!jwt.verify(verifier)) {
        problem = "its signature does not verify with this server's key";
      } else {
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        if (claims != null) {
          return claims;
        }
        problem = "it has no claims";
      }
    } catch (ParseException e) {
      problem = "it is not a signed JWT (" + e.getMessage() + ")";
    } catch (JOSEException | RuntimeException e) {
      problem = "it could not be checked (" + e.getClass().getSimpleName() + ")";
    }
    // The reason for the operator, never the token: its text is a credential.
    LOG.info("bearer token refused: {}", Names.abbreviate(problem));
    throw ApiException.unauthorized("Invalid token");
  }

  private static String digest(String token) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The public key set served at {@code /api/v1/system/config/jwks}. */
  public Map<String, Object> jwks() {
    return new JWKSet(key.toPublicJWK()).toJSONObject();
  }
}
