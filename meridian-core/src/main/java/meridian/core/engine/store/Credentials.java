package meridian.core.engine.store;

import java.util.Optional;
import meridian.store.CredentialDao;
import meridian.store.Database;
import meridian.store.StoreFailure;

/** Passwords, refresh tokens and failed sign-ins in the store (migration 013), each call its own transaction. */
public final class Credentials {
  static final int PRUNE_ONE_IN = 32;

  private final Database database;
  private final CredentialDao dao;

  public Credentials(Database database) {
    this.database = database;
    this.dao = database.credentials();
  }

  public Optional<String> passwordHash(String userId) {
    return database.read(h -> dao.passwordHash(h, userId));
  }

  /** Sets the password hash and revokes every refresh token of the user, at once. */
  public void setPassword(String userId, String hash, long now) {
    database.inTransaction(h -> {
      dao.lockUser(h, userId);
      dao.setPasswordHash(h, userId, hash, now);
      dao.deleteRefreshTokens(h, userId);
      return null;
    });
  }

  public void addRefreshToken(String tokenHash, String userId, long expiresAt, long now) {
    database.inTransaction(h -> {
      dao.insertRefreshToken(h, tokenHash, userId, expiresAt, now);
      // Expired tokens of anyone leave with the next sign-in or refresh: the table holds live ones.
      dao.deleteExpiredRefreshTokens(h, now);
      return null;
    });
  }

  /** A stored refresh token: whose it is and until when (epoch ms) it holds. */
  public record RefreshToken(String userId, long expiresAt) {}

  public Optional<RefreshToken> refreshToken(String tokenHash) {
    return database.read(h -> dao.refreshToken(h, tokenHash)).map(t -> new RefreshToken(t.userId(), t.expiresAt()));
  }

  /**
   * Swaps one refresh token for another in one transaction; false when the old one was already
   * gone (used by a refresh at the same time, or revoked), and then nothing is added.
   */
  public boolean rotateRefreshToken(String oldHash, String newHash, String userId, long expiresAt, long now) {
    return database.inTransaction(h -> {
      // The user's row first, as a revocation takes it too: a refresh and a logout at once are one
      // after the other, so the logout's delete sees the token a refresh made (PostgreSQL's read
      // committed would otherwise miss a row inserted by a transaction it waited for).
      dao.lockUser(h, userId);
      if (!dao.deleteRefreshToken(h, oldHash)) {
        return false;
      }
      dao.insertRefreshToken(h, newHash, userId, expiresAt, now);
      dao.deleteExpiredRefreshTokens(h, now);
      return true;
    });
  }

  public void revokeRefreshToken(String tokenHash) {
    database.inTransaction(h -> dao.deleteRefreshToken(h, tokenHash));
  }

  public int revokeRefreshTokens(String userId) {
    return database.inTransaction(h -> {
      dao.lockUser(h, userId);
      return dao.deleteRefreshTokens(h, userId);
    });
  }

  /** Until when (epoch ms) {@code subject} is locked out; 0 when it is not. */
  public long lockedUntil(String subject) {
    return database.read(h -> dao.attempts(h, subject)).map(CredentialDao.Attempts::lockedUntil).orElse(0L);
  }

  /**
   * Counts a failed sign-in of {@code subject} and locks it until {@code lockUntil} once it has
   * {@code limit} failures in its window; returns the failures counted so far in the window.
   */
  public int fail(String subject, long now, long window, int limit, long lockUntil) {
    // Counts whose window and lock are over are forgotten now and then as failures come in (in a
    // transaction of their own, away from the counting): the table holds the subjects of the last
    // window, not every name ever tried.
    if (java.util.concurrent.ThreadLocalRandom.current().nextInt(PRUNE_ONE_IN) == 0) {
      database.inTransaction(h -> {
        dao.deleteStaleAttempts(h, now - window, now);
        return null;
      });
    }
    for (int attempt = 0; ; attempt++) {
      try {
        return database.inTransaction(h -> {
          dao.addFailure(h, subject, now, now - window);
          int failures = dao.attempts(h, subject).orElseThrow().failures();
          if (failures >= limit) {
            dao.lock(h, subject, lockUntil);
          }
          return failures;
        });
      } catch (StoreFailure.WriteConflict | StoreFailure.UniqueViolation e) {
        // Counted at the same moment elsewhere (InnoDB may call two upserts of one row a deadlock): again.
        if (attempt >= 4) {
          throw e;
        }
      }
    }
  }

  /** Takes one failure back (a sign-in that succeeded was counted before its password was checked). */
  public void forgive(String subject) {
    database.inTransaction(h -> {
      dao.forgive(h, subject);
      return null;
    });
  }

  public void clearAttempts(String subject) {
    database.inTransaction(h -> {
      dao.clearAttempts(h, subject);
      return null;
    });
  }
}
