package meridian.server;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import meridian.core.Json;
import meridian.core.engine.Engine;
import meridian.core.engine.EntityServices;
import meridian.core.engine.Kinds;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.store.Interleaving;
import meridian.core.engine.store.Rewrites;
import meridian.core.engine.store.ServerSecrets;
import meridian.core.features.auth.TokenService;
import meridian.core.features.connections.ConnectionTester;
import meridian.core.features.connections.TestConnectionDefinitions;
import meridian.core.features.connections.TestConnections;
import meridian.core.features.connections.Workflows;
import meridian.core.features.secrets.ConnectionSchemas;
import meridian.core.features.secrets.ConnectionSecrets;
import meridian.core.features.secrets.KeyRotation;
import meridian.core.features.secrets.MasterKey;
import meridian.core.features.secrets.SecretCipher;
import meridian.core.features.validation.ConnectionValidator;
import meridian.core.engine.store.RunStatusStore;
import meridian.core.features.ingestion.Pipelines;
import meridian.core.kinds.Seed;
import meridian.core.kinds.ingestion.IngestionPipelineKind;
import meridian.model.ingestion.CreateIngestionPipeline;
import meridian.core.kinds.automations.WorkflowKind;
import meridian.core.kinds.catalog.DatabaseKind;
import meridian.core.kinds.catalog.DatabaseSchemaKind;
import meridian.core.kinds.catalog.TableKind;
import meridian.core.kinds.classification.ClassificationKind;
import meridian.core.kinds.classification.TagKind;
import meridian.core.kinds.domains.DataProductKind;
import meridian.core.kinds.domains.DomainKind;
import meridian.core.kinds.services.DatabaseServiceKind;
import meridian.core.kinds.teams.TeamKind;
import meridian.core.kinds.users.UserKind;
import meridian.model.automations.CreateWorkflow;
import meridian.model.classification.CreateClassification;
import meridian.model.classification.CreateTag;
import meridian.model.services.CreateDatabaseService;
import meridian.model.teams.CreateTeam;
import meridian.model.users.CreateUser;
import meridian.store.Database;
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
  final EntityServices<CreateClassification> classifications;
  final EntityServices<CreateTag> tags;
  final EntityServices<CreateWorkflow> workflows;
  final EntityServices<CreateIngestionPipeline> pipelines;
  final Pipelines pipelineClient;
  final Engine engine;
  final meridian.core.engine.search.SearchService search;
  /** CSV export and import (catalog spec §7); its job handlers are registered when the catalog opens, as every replica's are. */
  final meridian.core.features.csv.CsvService csv;
  /** OM's basic sign-in: passwords, refresh tokens and failed attempts in the store. */
  final meridian.core.features.auth.SignIn signIn;
  /** OM's connection schemas (validation, secrets, and the UI's forms). */
  final ConnectionSchemas connectionSchemas;
  /** What /healthz says of the search index: "ready", or "building (n of m)" while it is built from the entity tables. */
  private volatile String searchState = "ready";
  private final java.util.concurrent.ExecutorService jobPool;
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
        this.tokens = TokenService.loadOrCreate(new ServerSecrets(database), new SecretCipher(masterKey, SecretCipher.TOKEN_SIGNING), clock);
      } catch (SecretCipher.WrongKeyException e) {
        throw new ConfigException(
            "the secret key file " + config.keyFile() + " is not the key this catalog's secrets were sealed with;"
                + " start with the original key file");
      }
      this.connectionSchemas = new ConnectionSchemas(json.mapper());
      ConnectionSchemas schemas = connectionSchemas;
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
      IngestionPipelineKind pipelineKind = new IngestionPipelineKind();
      DatabaseKind databaseKind = new DatabaseKind();
      DatabaseSchemaKind schemaKind = new DatabaseSchemaKind();
      TableKind tableKind = new TableKind();
      this.jobPool = java.util.concurrent.Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "meridian-jobs");
        thread.setDaemon(true);
        return thread;
      });
      // The one list of kinds: their tables are checked, and their services, routes and jobs made, from it.
      List<EntityKind<?>> declared =
          List.of(userKind, serviceKind, databaseKind, schemaKind, tableKind, teamKind, domainKind,
              dataProductKind, classificationKind, tagKind, workflowKind, pipelineKind);
      this.engine = new Engine(database, declared, json, clock, Interleaving.NONE, jobPool, this::principalOf);
      this.kinds = engine.kinds();
      this.search = new meridian.core.engine.search.SearchService(engine);
      this.csv = new meridian.core.features.csv.CsvService(engine);
      engine.search().readyIfEmpty(List.copyOf(kinds.all()));
      // Known before the port opens: a /healthz right after start must not say ready before the build has begun.
      this.searchState = engine.search().state().equals("pending") ? "building" : "ready";
      this.users = engine.services(userKind);
      this.signIn = new meridian.core.features.auth.SignIn(users.queries(), new meridian.core.engine.store.Credentials(database),
          new meridian.core.features.auth.Passwords(), tokens, clock);
      this.databaseServices = engine.services(serviceKind);
      this.teams = engine.services(teamKind);
      this.classifications = engine.services(classificationKind);
      this.tags = engine.services(tagKind);
      this.workflows = engine.services(workflowKind);
      this.pipelines = engine.services(pipelineKind);
      this.pipelineClient = new Pipelines(pipelines, new RunStatusStore(engine.storeAccess()), engine.jobs(),
          new Pipelines.Catalog(databaseServices, engine.services(databaseKind), engine.services(schemaKind), engine.services(tableKind),
              secrets, () -> principalOf(INGESTION_BOT).orElseThrow(() -> new IllegalStateException("there is no ingestion-bot")),
              config.dataDir(), config.outbound(), config.ingestion()),
          json, meridian.http.BuildInfo.load().version(),
          meterRegistry instanceof io.micrometer.core.instrument.MeterRegistry registry ? new IngestionMeters(registry)
              : meridian.core.features.ingestion.RunMetrics.NONE);
      this.testConnectionDefinitions = new TestConnectionDefinitions(json);
      this.tester = new ConnectionTester(testConnectionDefinitions, config.testConnectionTimeout(), clock, config.dataDir(), config.outbound());
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

  /** The existing, non-deleted user or bot of this name (a job taken over runs as the user who submitted it). */
  private Optional<meridian.core.Principal> principalOf(String name) {
    return new meridian.core.features.auth.Authenticator(tokens, users.queries()).principalOf(name);
  }

  /** The existing user or bot of this name, as a command acts as them; a message naming it otherwise. */
  meridian.core.Principal principal(String name) {
    return principalOf(name).orElseThrow(() -> new ConfigException("there is no user or bot named \"" + name + "\""));
  }

  public static Catalog open(MeridianConfig config, Clock clock, Object meterRegistry) {
    return new Catalog(config, clock, meterRegistry);
  }

  /**
   * Re-seals every stored secret under {@code newKey} (see {@link KeyRotation}); the catalog must
   * then be opened with that key.
   */
  public KeyRotation.Result rotateKey(MasterKey newKey) {
    List<String> tables = kinds.all().stream().map(EntityKind::table).toList();
    return new KeyRotation(new Rewrites(database, tables), json, masterKey, newKey).rotate();
  }

  /** Every kind's services, in the order their routes are mounted. */
  List<EntityServices<?>> all() {
    return engine.all();
  }


  /** For a workflow that sends masks: the named service's sealed connection (made after the kinds, hence this indirection). */
  private com.fasterxml.jackson.databind.node.ObjectNode storedConnection(String name, meridian.core.Principal principal) {
    return testConnections.storedConnection(name, principal);
  }

  /** What opening the catalog did to its schema. */
  public String migration() {
    return migration;
  }

  public meridian.core.features.auth.SignIn signIn() {
    return signIn;
  }

  public TokenService tokens() {
    return tokens;
  }

  public EntityServices<CreateUser> users() {
    return users;
  }

  /** The search index's state for {@code /healthz}: "ready" or "building (n of m)". */
  public String searchState() {
    return searchState;
  }

  /**
   * Builds the search index from the entity tables when the store says it was never built (a store
   * written by a release before search): in batches, while the server answers; searches meanwhile
   * find what is indexed so far. Returns whether it built.
   */
  boolean buildSearchIfPending(java.util.function.Consumer<String> log) {
    meridian.core.engine.store.SearchStore index = engine.search();
    // What the last run left for the embedded store's full-text index to catch up on.
    index.nudge();
    if (!index.state().equals("pending")) {
      return false;
    }
    long start = System.nanoTime();
    long built;
    try {
      built = index.rebuild(List.copyOf(kinds.all()), (done, total) -> searchState = "building (" + done + " of " + total + ")");
    } catch (RuntimeException e) {
      searchState = "pending (the build stopped; a restart or ./meridian reindex builds it)";
      throw e;
    }
    searchState = "ready";
    log.accept("search index built: " + built + " entities in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    return true;
  }

  /** Rebuilds the search index from the entity tables ({@code ./meridian reindex}); returns the entities indexed. */
  public long reindex(meridian.core.engine.store.SearchStore.Progress progress) {
    meridian.core.engine.store.SearchStore index = engine.search();
    index.markPending();
    return index.rebuild(List.copyOf(kinds.all()), progress);
  }

  /** Whether the store answers (for {@code /healthz}). */
  public boolean healthy() {
    return database.isHealthy();
  }

  /** Lets the jobs running in this process finish, for at most {@code wait}; the rest are taken over elsewhere once their leases run out. */
  void drainJobs(java.time.Duration wait) {
    jobPool.shutdown();
    try {
      jobPool.awaitTermination(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    jobPool.shutdownNow();
    workflowPool.shutdownNow();
    tester.close();
    engine.search().close();
    database.close();
  }
}
