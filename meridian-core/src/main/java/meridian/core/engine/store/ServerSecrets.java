package meridian.core.engine.store;

import java.util.Optional;
import meridian.store.Database;
import meridian.store.ServerSecretDao;
import meridian.store.StoreFailure;

/** Server-wide sealed values ({@code server_secret}): the token-signing key. */
public final class ServerSecrets {
  private final Database database;
  private final ServerSecretDao secrets;

  public ServerSecrets(Database database) {
    this.database = database;
    this.secrets = database.serverSecrets();
  }

  public Optional<String> find(String name) {
    return database.read(h -> secrets.find(h, name));
  }

  /** Stores the value unless another replica stored one first; returns whether this one did. */
  public boolean insertIfAbsent(String name, String value, long createdAt) {
    try {
      database.inTransaction(h -> {
        secrets.insert(h, name, value, createdAt);
        return null;
      });
      return true;
    } catch (StoreFailure.UniqueViolation e) {
      return false;
    }
  }
}
