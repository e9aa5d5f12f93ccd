package meridian.core.features.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import meridian.core.Principal;
import meridian.core.engine.Target;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.read.EntityQueries;
import meridian.core.engine.read.Fields;
import meridian.core.engine.store.Credentials;
import meridian.core.errors.ApiException;
import meridian.model.Include;
import meridian.model.users.CreateUser;

/**
 * OM's basic sign-in (its {@code UserResource} login, refresh, logout and changePassword), with
 * everything it keeps in the store so that every replica agrees: password hashes, refresh tokens
 * (by their SHA-256; rotated on each refresh, revoked by a logout or a new password) and failed
 * attempts per user name and per client address. Choices where OM differs: docs/decisions.md, "Sign-in".
 */
public final class SignIn {
  /** OM's answer to a wrong user, a wrong password, a bot or a user without a password: one message, one status. */
  public static final String INVALID = "You have entered an invalid username or password.";
  public static final String LOCKED = "Failed Login Attempts Exceeded. Use Forgot Password or retry after some time.";
  /** OM's defaults: a one-hour access token, a 30-day refresh token, 3 failures then 600 s blocked. */
  static final Duration ACCESS = Duration.ofHours(1);
  static final Duration REFRESH = Duration.ofDays(30);
  static final int USER_FAILURES = 3;
  /** An address may fail this often in a window (many users behind one proxy) before it is blocked too. */
  static final int ADDRESS_FAILURES = 30;
  static final Duration WINDOW = Duration.ofMinutes(10);
  static final Duration BLOCK = Duration.ofMinutes(10);
  /** OM's email field holds at most 320 characters (RFC 5321's limit); a longer one is no user. */
  static final int MAX_IDENTIFIER = 320;

  private final EntityQueries<CreateUser> users;
  private final Credentials credentials;
  private final Passwords passwords;
  private final TokenService tokens;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public SignIn(EntityQueries<CreateUser> users, Credentials credentials, Passwords passwords, TokenService tokens, Clock clock) {
    this.users = users;
    this.credentials = credentials;
    this.passwords = passwords;
    this.tokens = tokens;
    this.clock = clock;
  }

  /** What a sign-in or a refresh answers (OM's JwtResponse): {@code expiryDuration} is the access token's expiry, epoch ms. */
  public record Tokens(String accessToken, String refreshToken, String tokenType, long expiryDuration) {}

  /** {@code POST /users/login}: {@code email} (or the user's name) and the password in base64. */
  public Tokens login(String email, String base64Password, String address) {
    if (email == null || email.isBlank()) {
      throw ApiException.badRequest("[email must not be null]");
    }
    if (base64Password == null) {
      throw ApiException.badRequest("[password must not be null]");
    }
    String password;
    try {
      password = new String(Base64.getDecoder().decode(base64Password.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Password needs to be encoded in Base-64.");
    }
    long now = clock.millis();
    String identifier = email.trim();
    String addressSubject = "addr:" + (address == null ? "unknown" : address);
    // A blocked address is refused before any user is looked up (an unknown e-mail reads every user).
    if (locked(addressSubject, now)) {
      throw ApiException.unauthorized(LOCKED);
    }
    Optional<Entity> user = identifier.length() > MAX_IDENTIFIER ? Optional.empty()
        : findUser(identifier).filter(u -> !u.doc().path("isBot").asBoolean());
    // Counted per account whichever way it is named (email or name); as typed when there is no such user.
    String userSubject = user.map(SignIn::subject).orElse("user:" + sha256(identifier.toLowerCase(Locale.ROOT)));
    if (locked(userSubject, now)) {
      throw ApiException.unauthorized(LOCKED);
    }
    // Counted before the hash, so that guesses sent at once cannot all pass the check above: only
    // those within the limits are verified at all; a success takes its count back.
    long until = now + BLOCK.toMillis();
    int userFailures = credentials.fail(userSubject, now, WINDOW.toMillis(), USER_FAILURES, until);
    int addressFailures = credentials.fail(addressSubject, now, WINDOW.toMillis(), ADDRESS_FAILURES, until);
    if (userFailures > USER_FAILURES || addressFailures > ADDRESS_FAILURES) {
      throw ApiException.unauthorized(LOCKED);
    }
    String stored = user.flatMap(u -> credentials.passwordHash(u.id().toString())).orElse(null);
    // Verified even when there is no user or no password (against a decoy): both answers take as long.
    if (!passwords.verify(stored, password) || user.isEmpty()) {
      throw ApiException.unauthorized(INVALID);
    }
    credentials.clearAttempts(userSubject);
    credentials.forgive(addressSubject);
    return issue(user.get(), null);
  }

  /** {@code POST /users/refresh}: a new access token and a new refresh token for a live one, which is used up. */
  public Tokens refresh(String refreshToken) {
    if (refreshToken == null || refreshToken.isBlank()) {
      throw ApiException.badRequest("Token Cannot be Null or Empty String");
    }
    String hash = sha256(refreshToken.trim());
    Credentials.RefreshToken stored = credentials.refreshToken(hash)
        .orElseThrow(() -> new ApiException(404, "Invalid Request Token. Please check your Token"));
    if (stored.expiresAt() < clock.millis()) {
      credentials.revokeRefreshToken(hash);
      throw ApiException.badRequest("Expired token. Please login again");
    }
    Entity user = users.byIds(java.util.List.of(java.util.UUID.fromString(stored.userId())), Fields.NONE).stream()
        .filter(u -> !u.deleted()).findFirst()
        .orElseThrow(() -> new ApiException(404, "Invalid Request Token. Please check your Token"));
    return issue(user, hash);
  }

  /** {@code POST /users/logout}: every refresh token of the caller is revoked, on every replica. */
  public void logout(Principal principal) {
    credentials.revokeRefreshTokens(principal.id().toString());
  }

  /**
   * {@code PUT /users/changePassword}: {@code SELF} changes the caller's own (the old one
   * required), {@code USER} an admin's change of {@code username}'s. Revokes the user's refresh tokens.
   */
  public void changePassword(Principal principal, String requestType, String username, String oldPassword, String newPassword,
      String confirmPassword) {
    boolean self = requestType == null || requestType.equals("SELF");
    if (!self && !requestType.equals("USER")) {
      throw ApiException.badRequest("requestType must be SELF or USER");
    }
    if (newPassword == null || !newPassword.equals(confirmPassword)) {
      throw ApiException.badRequest("Password and Confirm Password should match");
    }
    Entity user;
    if (self) {
      user = users.find(Target.byName(principal.name()), Include.NON_DELETED, Fields.NONE)
          .orElseThrow(() -> ApiException.notFound("user", principal.name()));
      String stored = credentials.passwordHash(user.id().toString()).orElse(null);
      // A user who has none yet (made by an admin) sets a first one without an old one. Wrong old
      // passwords count as failed sign-ins: a stolen access token cannot guess the password freely.
      if (stored != null) {
        long now = clock.millis();
        if (locked(subject(user), now)
            || credentials.fail(subject(user), now, WINDOW.toMillis(), USER_FAILURES, now + BLOCK.toMillis()) > USER_FAILURES) {
          throw ApiException.unauthorized(LOCKED);
        }
        if (oldPassword == null || !passwords.verify(stored, oldPassword)) {
          throw ApiException.badRequest("Old Password is not correct");
        }
      }
    } else {
      if (!principal.admin()) {
        throw ApiException.forbidden(principal.name(), "EditAll");
      }
      if (username == null || username.isBlank()) {
        throw ApiException.badRequest("[username must not be null]");
      }
      user = users.find(Target.byName(username), Include.NON_DELETED, Fields.NONE)
          .orElseThrow(() -> ApiException.notFound("user", username));
    }
    setPassword(user, newPassword);
  }

  /** {@code ./meridian set-password}: the named user's password, as an operator sets it (the admin's first). */
  public void setPassword(String userName, String password) {
    Entity user = users.find(Target.byName(userName), Include.NON_DELETED, Fields.NONE)
        .orElseThrow(() -> ApiException.notFound("user", userName));
    setPassword(user, password);
  }

  private void setPassword(Entity user, String password) {
    Passwords.checkPolicy(password);
    if (user.doc().path("isBot").asBoolean()) {
      throw ApiException.badRequest("A bot signs in with its token, not a password");
    }
    long now = clock.millis();
    credentials.setPassword(user.id().toString(), passwords.hash(password), now);
    credentials.clearAttempts(subject(user));
  }

  private static String subject(Entity user) {
    return "user:" + user.id();
  }

  private boolean locked(String subject, long now) {
    return credentials.lockedUntil(subject) > now;
  }

  /**
   * The user an OM client signs in as: by email (OM's field; the name part before the {@code @} is
   * tried first, as OM names users made from an email, then every user's email), or by name.
   */
  private Optional<Entity> findUser(String identifier) {
    int at = identifier.indexOf('@');
    if (at < 0) {
      return users.find(Target.byName(identifier), Include.NON_DELETED, Fields.NONE);
    }
    Optional<Entity> byName = users.find(Target.byName(identifier.substring(0, at)), Include.NON_DELETED, Fields.NONE)
        .filter(u -> u.doc().path("email").asText("").equalsIgnoreCase(identifier));
    if (byName.isPresent()) {
      return byName;
    }
    String after = null;
    do {
      EntityQueries.Page page = users.list(Include.NON_DELETED, 500, null, after, Fields.NONE, java.util.Map.of());
      for (Entity u : page.items()) {
        if (u.doc().path("email").asText("").equalsIgnoreCase(identifier)) {
          return Optional.of(u);
        }
      }
      after = page.after();
    } while (after != null);
    return Optional.empty();
  }

  /** A new access token and refresh token for {@code user}; {@code used}: the refresh token this one replaces, or null. */
  private Tokens issue(Entity user, String used) {
    long now = clock.millis();
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    long refreshExpiry = now + REFRESH.toMillis();
    String userId = user.id().toString();
    if (used == null) {
      credentials.addRefreshToken(sha256(refresh), userId, refreshExpiry, now);
    } else if (!credentials.rotateRefreshToken(used, sha256(refresh), userId, refreshExpiry, now)) {
      throw new ApiException(404, "Invalid Request Token. Please check your Token");
    }
    String access = tokens.issue(user.name(), false, ACCESS);
    return new Tokens(access, refresh, "Bearer", now + ACCESS.toMillis());
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
