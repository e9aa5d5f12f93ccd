package meridian.server;

import java.time.Clock;
import meridian.core.EntityRepository;
import meridian.core.Json;
import meridian.core.Principal;
import meridian.core.auth.TokenService;
import meridian.core.errors.ApiException;
import meridian.core.secrets.ConnectionSchemas;
import meridian.core.secrets.ConnectionSecrets;
import meridian.core.secrets.MasterKey;
import meridian.core.secrets.SecretCipher;
import meridian.core.services.DatabaseServiceKind;
import meridian.core.users.UserKind;
import meridian.model.Include;
import meridian.model.services.CreateDatabaseService;
import meridian.model.users.CreateUser;
import meridian.store.Database;
import meridian.store.StoreException;

/**
 * The catalog without its HTTP front: store, keys, kinds and repositories, opened and brought up
 * to date (migrations, signing key, bootstrap users). {@code serve} and {@code token} both use it.
 */
public final class Catalog implements AutoCloseable {
  public static final String ADMIN = "admin";
  public static final String INGESTION_BOT = "ingestion-bot";

  final Json json = new Json();
  final Clock clock;
  final Database database;
  final TokenService tokens;
  final EntityRepository<CreateUser> users;
  final EntityRepository<CreateDatabaseService> databaseServices;
  private final String migration;

  private Catalog(MeridianConfig config, Clock clock, Object meterRegistry) {
    this.clock = clock;
    MasterKey masterKey;
    try {
      masterKey = config.embedded() && config.secretKeyFile() == null
          ? MasterKey.loadOrCreate(config.keyFile())
          : MasterKey.load(config.keyFile());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    try {
      this.database = Database.open(config.database(), meterRegistry);
    } catch (StoreException | IllegalArgumentException e) {
      throw new ConfigException(e.getMessage() + " (check --database-url, --database-user and --database-password)");
    }
    try {
      this.migration = database.migrate();
      try {
        this.tokens = TokenService.loadOrCreate(database, new SecretCipher(masterKey, "token-signing-key"), clock);
      } catch (SecretCipher.WrongKeyException e) {
        throw new ConfigException(
            "the secret key file " + config.keyFile() + " is not the key this catalog's secrets were sealed with;"
                + " start with the original key file");
      }
      ConnectionSecrets secrets =
          new ConnectionSecrets(new ConnectionSchemas(json.mapper()), new SecretCipher(masterKey, "connection-secrets"));
      this.users = new EntityRepository<>(new UserKind(), database, json, clock);
      this.databaseServices = new EntityRepository<>(new DatabaseServiceKind(secrets), database, json, clock);
      bootstrapUsers();
    } catch (RuntimeException e) {
      database.close();
      if (e instanceof StoreException s) {
        throw new ConfigException(s.getMessage());
      }
      throw e;
    }
  }

  public static Catalog open(MeridianConfig config, Clock clock, Object meterRegistry) {
    return new Catalog(config, clock, meterRegistry);
  }

  /** Contract §3: the first start creates {@code admin} and {@code ingestion-bot}. */
  private void bootstrapUsers() {
    ensureUser(new CreateUser(ADMIN, "admin@meridian.local", "Admin", null, true, false, null, null, null));
    ensureUser(new CreateUser(INGESTION_BOT, "ingestion-bot@meridian.local", "Ingestion Bot", null, false, true, null, null, null));
  }

  private void ensureUser(CreateUser user) {
    if (users.findByName(user.name(), Include.ALL).isPresent()) {
      return;
    }
    try {
      users.create(user, Principal.SYSTEM);
    } catch (ApiException e) {
      if (e.status() != 409) {
        throw e;
      }
      // Another replica created it at the same moment: that is the wanted state.
    }
  }

  /** What opening the catalog did to its schema. */
  public String migration() {
    return migration;
  }

  public TokenService tokens() {
    return tokens;
  }

  public EntityRepository<CreateUser> users() {
    return users;
  }

  @Override
  public void close() {
    database.close();
  }
}
