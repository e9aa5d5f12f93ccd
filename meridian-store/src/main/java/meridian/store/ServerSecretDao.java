package meridian.store;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for {@code server_secret}: server-wide values (such as the token-signing key), stored
 * already encrypted by the caller.
 */
public final class ServerSecretDao {
  public Optional<String> find(Handle handle, String name) {
    return handle
        .createQuery("SELECT value FROM server_secret WHERE name = :name")
        .bind("name", name)
        .mapTo(String.class)
        .findOne();
  }

  public void insert(Handle handle, String name, String value, long createdAt) {
    handle
        .createUpdate("INSERT INTO server_secret (name, value, created_at) VALUES (:name, :value, :createdAt)")
        .bind("name", name)
        .bind("value", value)
        .bind("createdAt", createdAt)
        .execute();
  }
}
