package meridian.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for {@code server_secret}: server-wide values (such as the token-signing key), stored
 * already encrypted by the caller.
 */
public final class ServerSecretDao {
  /** Handed out by {@link Database}. */
  ServerSecretDao() {}

  public Optional<String> find(Handle handle, String name) {
    return handle
        .createQuery("SELECT value FROM server_secret WHERE name = :name")
        .bind("name", name)
        .mapTo(String.class)
        .findOne();
  }

  /** Every name with its sealed value. */
  public Map<String, String> all(Handle handle) {
    Map<String, String> out = new LinkedHashMap<>();
    handle.createQuery("SELECT name, value FROM server_secret ORDER BY name")
        .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getString("value")))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  public void update(Handle handle, String name, String value) {
    handle.createUpdate("UPDATE server_secret SET value = :value WHERE name = :name").bind("name", name).bind("value", value).execute();
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
