package meridian.core.auth;

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
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import meridian.core.errors.ApiException;
import meridian.core.secrets.SecretCipher;
import meridian.store.Database;
import meridian.store.ServerSecretDao;

/**
 * Issues and checks the server's RS256 tokens. The signing key is made on first start and kept
 * in the database sealed with the master key, so every replica signs and verifies with the same
 * key and the database alone never reveals it (contract §1, §3).
 */
public final class TokenService {
  public static final String ISSUER = "meridian";
  /** The claims that may name the principal, in the order they are tried (contract §3). */
  public static final List<String> PRINCIPAL_CLAIMS = List.of("sub", "email", "preferred_username");

  private static final String KEY_NAME = "jwt-signing-key";

  private final RSAKey key;
  private final JWSVerifier verifier;
  private final Clock clock;

  private TokenService(RSAKey key, Clock clock) throws JOSEException {
    this.key = key;
    this.verifier = new RSASSAVerifier(key.toRSAPublicKey());
    this.clock = clock;
  }

  /**
   * Loads the signing key, making it first if the database has none. Two replicas starting at
   * once may both make one; the primary key lets only the first insert win, and the loser reads
   * the winner's key. {@link SecretCipher.WrongKeyException} when the master key does not fit.
   */
  public static TokenService loadOrCreate(Database database, SecretCipher cipher, Clock clock) {
    ServerSecretDao secrets = new ServerSecretDao();
    String sealed = database.read(h -> secrets.find(h, KEY_NAME)).orElse(null);
    try {
      if (sealed == null) {
        RSAKey fresh =
            new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .keyID(UUID.randomUUID().toString()).generate();
        try {
          database.inTransaction(h -> {
            secrets.insert(h, KEY_NAME, cipher.seal(fresh.toJSONString()), clock.millis());
            return null;
          });
        } catch (RuntimeException e) {
          if (!database.dialect().isUniqueViolation(e)) {
            throw e;
          }
        }
        sealed = database.read(h -> secrets.find(h, KEY_NAME)).orElseThrow();
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

  /** Checks signature and expiry and returns the principal's name; a 401 with OM's message otherwise (spec §6.1). */
  public String verify(String token) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw ApiException.unauthorized("Invalid token");
    }
    try {
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        throw ApiException.unauthorized("Invalid token");
      }
    } catch (JOSEException e) {
      throw ApiException.unauthorized("Invalid token");
    }
    Date expires = claims.getExpirationTime();
    if (expires != null && expires.getTime() < clock.millis()) {
      throw ApiException.unauthorized("Expired token!");
    }
    for (String claim : PRINCIPAL_CLAIMS) {
      Object value = claims.getClaim(claim);
      if (value instanceof String s && !s.isBlank()) {
        int at = s.indexOf('@');
        return at < 0 ? s : s.substring(0, at);
      }
    }
    throw ApiException.unauthorized("Invalid JWT token, none of the following claims are present " + PRINCIPAL_CLAIMS);
  }

  /** The public key set served at {@code /api/v1/system/config/jwks}. */
  public Map<String, Object> jwks() {
    return new JWKSet(key.toPublicJWK()).toJSONObject();
  }
}
