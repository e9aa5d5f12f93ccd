package meridian.store;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for sign-in (migration 013): {@code user_credential} (a user's password hash),
 * {@code refresh_token} (by the token's SHA-256) and {@code login_attempt} (failed sign-ins per
 * user name and per client address). The callers hash; nothing here sees a password or a token.
 */
public final class CredentialDao {
  private final Dialect dialect;

  /** Handed out by {@link Database}. */
  CredentialDao(Dialect dialect) {
    this.dialect = dialect;
  }

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
   * Counts one more failure of {@code subject} in one statement (an upsert: replicas and requests
   * counting at once lose none and never collide on the first): a window that began before
   * {@code windowFloor} starts again at {@code now} with this failure.
   */
  public void addFailure(Handle handle, String subject, long now, long windowFloor) {
    String insert = "INSERT INTO login_attempt (subject, failures, window_start, locked_until) VALUES (:subject, 1, :now, 0)";
    // failures before window_start: MariaDB assigns left to right, and a later expression sees an
    // earlier one's new value, so failures must read window_start before it is set.
    String sql = switch (dialect) {
      case SQLITE, POSTGRESQL -> insert + " ON CONFLICT (subject) DO UPDATE SET"
          + " failures = CASE WHEN login_attempt.window_start < :floor THEN 1 ELSE login_attempt.failures + 1 END,"
          + " window_start = CASE WHEN login_attempt.window_start < :floor THEN :now ELSE login_attempt.window_start END";
      case MARIADB -> insert + " ON DUPLICATE KEY UPDATE"
          + " failures = CASE WHEN window_start < :floor THEN 1 ELSE failures + 1 END,"
          + " window_start = CASE WHEN window_start < :floor THEN :now ELSE window_start END";
    };
    handle.createUpdate(sql).bind("subject", subject).bind("now", now).bind("floor", windowFloor).execute();
  }

  public void lock(Handle handle, String subject, long until) {
    handle.createUpdate("UPDATE login_attempt SET locked_until = :until WHERE subject = :subject")
        .bind("subject", subject).bind("until", until).execute();
  }

  /** Takes one failure of {@code subject} back. */
  public void forgive(Handle handle, String subject) {
    handle.createUpdate("UPDATE login_attempt SET failures = failures - 1 WHERE subject = :subject AND failures > 0")
        .bind("subject", subject).execute();
  }

  /** Deletes the counts whose window began before {@code windowFloor} and whose lock (if any) has ended. */
  public void deleteStaleAttempts(Handle handle, long windowFloor, long now) {
    handle.createUpdate("DELETE FROM login_attempt WHERE window_start < :floor AND locked_until < :now")
        .bind("floor", windowFloor).bind("now", now).execute();
  }

  /**
   * Locks the user's credential row until the transaction ends (an UPDATE that changes nothing: a
   * row lock on PostgreSQL and MariaDB; SQLite's writer is alone anyway), so that writes of one
   * user's refresh tokens run one after the other.
   */
  public void lockUser(Handle handle, String userId) {
    handle.createUpdate("UPDATE user_credential SET updated_at = updated_at WHERE user_id = :user").bind("user", userId).execute();
  }

  /** Forgets a subject's failures (a successful sign-in, a new password). */
  public void clearAttempts(Handle handle, String subject) {
    handle.createUpdate("DELETE FROM login_attempt WHERE subject = :subject").bind("subject", subject).execute();
  }
}
