package meridian.server;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.read.EntityQueries;
import meridian.core.engine.EntityRepository;
import meridian.core.engine.EntityServices;
import meridian.core.Json;
import meridian.core.engine.Kinds;
import meridian.core.kinds.Seed;
import meridian.core.features.auth.TokenService;
import meridian.core.kinds.automations.WorkflowKind;
import meridian.core.features.connections.Workflows;
import meridian.core.features.connections.ConnectionTester;
import meridian.core.features.connections.TestConnectionDefinitions;
import meridian.core.features.connections.TestConnections;
import meridian.core.kinds.classification.ClassificationKind;
import meridian.core.kinds.classification.TagKind;
import meridian.core.kinds.domains.DataProductKind;
import meridian.core.kinds.domains.DomainKind;
import meridian.core.engine.relations.Relations;
import meridian.core.features.secrets.ConnectionSchemas;
import meridian.core.features.secrets.ConnectionSecrets;
import meridian.core.features.secrets.KeyRotation;
import meridian.core.features.secrets.MasterKey;
import meridian.core.features.secrets.SecretCipher;
import meridian.core.kinds.services.DatabaseServiceKind;
import meridian.core.kinds.teams.TeamKind;
import meridian.core.kinds.users.UserKind;
import meridian.core.features.validation.ConnectionValidator;
import meridian.core.engine.write.EntityStore;
import meridian.core.engine.write.Stores;
import meridian.model.automations.CreateWorkflow;
import meridian.model.classification.CreateClassification;
import meridian.model.classification.CreateTag;
import meridian.model.domains.CreateDataProduct;
import meridian.model.domains.CreateDomain;
import meridian.model.services.CreateDatabaseService;
import meridian.model.teams.CreateTeam;
import meridian.model.users.CreateUser;
import meridian.store.Database;
import meridian.store.EntityDao;
import meridian.store.StoreException;

/**
 * The catalog without its HTTP front: store, keys, kinds and their repositories, opened and brought
 * up to date (migrations, signing key, seeds). {@code serve} and {@code token} both use it.
 */
public final class Catalog implements AutoCloseable {
  public static final String ADMIN = Seed.ADMIN;
  public static final String INGESTION_BOT = Seed.INGESTION_BOT;

  final Json json = new Json();
  final Clock clock;
  final Database database;
  final TokenService tokens;
  final Kinds kinds;
  final EntityServices<CreateUser> users;
  final EntityServices<CreateDatabaseService> databaseServices;
  final EntityServices<CreateTeam> teams;
  final EntityServices<CreateDomain> domains;
  final EntityServices<CreateDataProduct> dataProducts;
  final EntityServices<CreateClassification> classifications;
  final EntityServices<CreateTag> tags;
  final EntityServices<CreateWorkflow> workflows;
  final TestConnectionDefinitions testConnectionDefinitions;
  final TestConnections testConnections;
  final Workflows workflowRunner;
  private final ConnectionTester tester;
  private final java.util.concurrent.ExecutorService workflowPool;
  final MasterKey masterKey;
  private final String migration;

  private Catalog(MeridianConfig config, Clock clock, Object meterRegistry) {
    this.clock = clock;
    try {
      this.masterKey = config.embedded() && config.secretKeyFile() == null
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
        this.tokens = TokenService.loadOrCreate(database, new SecretCipher(masterKey, SecretCipher.TOKEN_SIGNING), clock);
      } catch (SecretCipher.WrongKeyException e) {
        throw new ConfigException(
            "the secret key file " + config.keyFile() + " is not the key this catalog's secrets were sealed with;"
                + " start with the original key file");
      }
      ConnectionSchemas schemas = new ConnectionSchemas(json.mapper());
      ConnectionSecrets secrets = new ConnectionSecrets(schemas, new SecretCipher(masterKey, SecretCipher.CONNECTIONS));
      UserKind userKind = new UserKind();
      ConnectionValidator validator = new ConnectionValidator(schemas, json.mapper());
      DatabaseServiceKind serviceKind = new DatabaseServiceKind(secrets, validator);
      TeamKind teamKind = new TeamKind();
      DomainKind domainKind = new DomainKind();
      DataProductKind dataProductKind = new DataProductKind();
      ClassificationKind classificationKind = new ClassificationKind();
      TagKind tagKind = new TagKind();
      WorkflowKind workflowKind = new WorkflowKind(secrets, validator, this::storedConnection);
      this.kinds = new Kinds(database, 
          List.of(userKind, serviceKind, teamKind, domainKind, dataProductKind, classificationKind, tagKind, workflowKind));
      Relations relations = new Relations(kinds, json, database);
      Stores stores = new Stores(database, json, relations, EntityStore.Interleaving.NONE);
      this.users = services(userKind, stores, relations, Map.of());
      this.databaseServices = services(serviceKind, stores, relations, Map.of("domain", List.of("domains")));
      this.teams = services(teamKind, stores, relations, Map.of("parentTeam", List.of("parents")));
      this.domains = services(domainKind, stores, relations, Map.of());
      this.dataProducts = services(dataProductKind, stores, relations, Map.of("domain", List.of("domains")));
      this.classifications = services(classificationKind, stores, relations, Map.of());
      this.tags = services(tagKind, stores, relations, Map.of("parent", List.of("classification", "parent")));
      this.workflows = services(workflowKind, stores, relations, Map.of());
      this.testConnectionDefinitions = new TestConnectionDefinitions(json);
      this.tester = new ConnectionTester(testConnectionDefinitions, config.testConnectionTimeout(), clock, config.dataDir());
      this.testConnections = new TestConnections(databaseServices, secrets, tester, json);
      this.workflowPool = java.util.concurrent.Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "meridian-workflow");
        thread.setDaemon(true);
        return thread;
      });
      this.workflowRunner = new Workflows(workflows, secrets, testConnections, json, workflowPool, meridian.http.BuildInfo.load().version(),
          config.testConnectionTimeout());
      Seed seed = new Seed(json);
      seed.users(users);
      seed.governance(teams, classifications, tags);
    } catch (RuntimeException e) {
      database.close();
      if (e instanceof StoreException s) {
        throw new ConfigException(s.getMessage());
      }
      throw e;
    }
  }

  private <C> EntityServices<C> services(
      EntityKind<C> kind, Stores stores, Relations relations, Map<String, List<String>> listFilters) {
    return new EntityServices<>(
        new EntityRepository<>(kind, stores, relations, json, clock),
        new EntityQueries<>(kind, database, json, relations, listFilters));
  }

  public static Catalog open(MeridianConfig config, Clock clock, Object meterRegistry) {
    return new Catalog(config, clock, meterRegistry);
  }

  /**
   * Re-seals every stored secret under {@code newKey} (see {@link KeyRotation}); the catalog must
   * then be opened with that key.
   */
  public KeyRotation.Result rotateKey(MasterKey newKey) {
    List<EntityDao> tables = kinds.all().stream().map(kind -> kinds.dao(kind.entityType())).toList();
    return new KeyRotation(database, tables, json, masterKey, newKey).rotate();
  }

  /** Every kind's services, in the order their routes are mounted. */
  List<EntityServices<?>> all() {
    return List.of(databaseServices, users, teams, domains, dataProducts, classifications, tags, workflows);
  }


  /** For a workflow that sends masks: the named service's sealed connection (made after the kinds, hence this indirection). */
  private com.fasterxml.jackson.databind.node.ObjectNode storedConnection(String name, meridian.core.Principal principal) {
    return testConnections.storedConnection(name, principal);
  }

  /** What opening the catalog did to its schema. */
  public String migration() {
    return migration;
  }

  public TokenService tokens() {
    return tokens;
  }

  public EntityServices<CreateUser> users() {
    return users;
  }

  /** Whether the store answers (for {@code /healthz}). */
  public boolean healthy() {
    return database.isHealthy();
  }

  @Override
  public void close() {
    workflowPool.shutdownNow();
    tester.close();
    database.close();
  }
}
