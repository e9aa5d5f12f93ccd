package meridian.store;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for sign-in (migration 013): {@code user_credential} (a user's password hash),
 * {@code refresh_token} (by the token's SHA-256) and {@code login_attempt} (failed sign-ins per
 * user name and per client address). The callers hash; nothing here sees a password or a token.
 */
public final class CredentialDao {
  /** Handed out by {@link Database}. */
  CredentialDao() {}

  public Optional<String> passwordHash(Handle handle, String userId) {
    return handle.createQuery("SELECT password_hash FROM user_credential WHERE user_id = :user")
        .bind("user", userId).mapTo(String.class).findOne();
  }

  /** Sets the user's password hash, replacing any before it. */
  public void setPasswordHash(Handle handle, String userId, String hash, long now) {
    int updated = handle.createUpdate("UPDATE user_credential SET password_hash = :hash, updated_at = :now WHERE user_id = :user")
        .bind("user", userId).bind("hash", hash).bind("now", now).execute();
    if (updated == 0) {
      handle.createUpdate("INSERT INTO user_credential (user_id, password_hash, updated_at) VALUES (:user, :hash, :now)")
          .bind("user", userId).bind("hash", hash).bind("now", now).execute();
    }
  }

  public void insertRefreshToken(Handle handle, String tokenHash, String userId, long expiresAt, long now) {
    handle.createUpdate("INSERT INTO refresh_token (token_hash, user_id, expires_at, created_at) VALUES (:hash, :user, :expires, :now)")
        .bind("hash", tokenHash).bind("user", userId).bind("expires", expiresAt).bind("now", now).execute();
  }

  /** A stored refresh token: whose it is and until when it holds. */
  public record RefreshToken(String userId, long expiresAt) {}

  public Optional<RefreshToken> refreshToken(Handle handle, String tokenHash) {
    return handle.createQuery("SELECT user_id, expires_at FROM refresh_token WHERE token_hash = :hash")
        .bind("hash", tokenHash)
        .map((rs, ctx) -> new RefreshToken(rs.getString(1), rs.getLong(2)))
        .findOne();
  }

  /** Deletes one refresh token; returns whether it was there (two refreshes with one token: only one wins). */
  public boolean deleteRefreshToken(Handle handle, String tokenHash) {
    return handle.createUpdate("DELETE FROM refresh_token WHERE token_hash = :hash").bind("hash", tokenHash).execute() > 0;
  }

  /** Deletes every refresh token of the user (a logout, a new password); returns how many. */
  public int deleteRefreshTokens(Handle handle, String userId) {
    return handle.createUpdate("DELETE FROM refresh_token WHERE user_id = :user").bind("user", userId).execute();
  }

  /** Deletes the refresh tokens that expired before {@code now}. */
  public int deleteExpiredRefreshTokens(Handle handle, long now) {
    return handle.createUpdate("DELETE FROM refresh_token WHERE expires_at < :now").bind("now", now).execute();
  }

  /** The failed sign-ins of one subject ('user:NAME' or 'addr:IP') in its current window. */
  public record Attempts(int failures, long windowStart, long lockedUntil) {}

  public Optional<Attempts> attempts(Handle handle, String subject) {
    return handle.createQuery("SELECT failures, window_start, locked_until FROM login_attempt WHERE subject = :subject")
        .bind("subject", subject)
        .map((rs, ctx) -> new Attempts(rs.getInt(1), rs.getLong(2), rs.getLong(3)))
        .findOne();
  }

  /**
   * Counts one more failure of {@code subject}, in one statement so that replicas counting at once
   * lose none: a window that began before {@code windowFloor} starts again at {@code now} with this
   * failure. Returns whether a row was there to count on (else the caller inserts one).
   */
  public boolean addFailure(Handle handle, String subject, long now, long windowFloor) {
    return handle.createUpdate("UPDATE login_attempt SET"
            + " failures = CASE WHEN window_start < :floor THEN 1 ELSE failures + 1 END,"
            + " window_start = CASE WHEN window_start < :floor THEN :now ELSE window_start END"
            + " WHERE subject = :subject")
        .bind("subject", subject).bind("now", now).bind("floor", windowFloor).execute() > 0;
  }

  /** The first failure of {@code subject}; a {@link StoreFailure.UniqueViolation} when another replica counted one first. */
  public void insertFailure(Handle handle, String subject, long now) {
    handle.createUpdate("INSERT INTO login_attempt (subject, failures, window_start, locked_until) VALUES (:subject, 1, :now, 0)")
        .bind("subject", subject).bind("now", now).execute();
  }

  public void lock(Handle handle, String subject, long until) {
    handle.createUpdate("UPDATE login_attempt SET locked_until = :until WHERE subject = :subject")
        .bind("subject", subject).bind("until", until).execute();
  }

  /** Forgets a subject's failures (a successful sign-in, a new password). */
  public void clearAttempts(Handle handle, String subject) {
    handle.createUpdate("DELETE FROM login_attempt WHERE subject = :subject").bind("subject", subject).execute();
  }
}
