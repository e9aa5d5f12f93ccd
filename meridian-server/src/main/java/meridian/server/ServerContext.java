package meridian.server;

import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import meridian.core.RequestReader;
import meridian.core.engine.EntityServices;
import meridian.core.engine.jobs.Jobs;
import meridian.core.features.auth.Authenticator;
import meridian.core.features.bulk.BulkService;
import meridian.http.ApiRouter;
import meridian.http.BuildInfo;
import meridian.http.ErrorMapper;
import meridian.http.HttpApp;
import meridian.http.auth.AuthFilter;
import meridian.http.routes.DatabaseServiceRoutes;
import meridian.http.routes.EntityRoutes;
import meridian.http.routes.IngestionPipelineRoutes;
import meridian.http.routes.JobRoutes;
import meridian.http.routes.SystemRoutes;
import meridian.http.routes.TestConnectionDefinitionRoutes;
import meridian.http.routes.WorkflowRoutes;

/**
 * Builds every object of a running server once, in order, by hand (ARCHITECTURE rule 4), and
 * closes them in reverse order. Tests build the same graph with their own config.
 */
public final class ServerContext implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerContext.class);
  private final MeridianConfig config;
  private final Catalog catalog;
  /** The embedded store is this server's alone while it runs (key rotation refuses beside it). */
  private final meridian.store.StoreLock lock;
  private final java.util.concurrent.ScheduledExecutorService leases;
  private final Javalin app;
  private final BuildInfo build = BuildInfo.load();
  private final long catalogMillis;

  private ServerContext(MeridianConfig config, Clock clock) {
    this.config = config;
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ClassLoaderMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    new UptimeMetrics().bindTo(metrics);
    Thread warmUp = warmUpHttpClasses();
    long catalogStart = System.nanoTime();
    try {
      this.lock = config.embedded() ? meridian.store.StoreLock.acquire(config.dataDir(), "serve") : null;
    } catch (meridian.store.StoreException e) {
      throw new ConfigException(e.getMessage());
    }
    this.catalog = openCatalog(config, clock, metrics);
    this.catalogMillis = (System.nanoTime() - catalogStart) / 1_000_000;
    warmUp.interrupt();
    RequestReader reader = new RequestReader(catalog.json);
    Authenticator authenticator = new Authenticator(catalog.tokens, catalog.users.queries());
    BulkService bulk = new BulkService(catalog.engine, reader);
    // Leases on this replica's jobs, the takeover of jobs whose replica died (Jobs#LEASE), and the
    // repair of workflows whose replica died.
    this.leases = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "meridian-job-leases");
      thread.setDaemon(true);
      return thread;
    });
    long every = Jobs.RENEW_EVERY.toMillis();
    leases.scheduleWithFixedDelay(catalog.engine.jobs()::renewAndTakeOver, every, every, TimeUnit.MILLISECONDS);
    // Workflows left Running by a server that stopped mid-test are failed by whichever replica looks first.
    leases.scheduleWithFixedDelay(catalog.workflowRunner::failAbandoned, 5, 5, TimeUnit.SECONDS);
    leases.scheduleWithFixedDelay(HeapTrimmer.of(metrics), 2, 2, TimeUnit.SECONDS);
    // Scheduled ingestion runs: every replica looks; the first to claim a due time on the pipeline's row starts it.
    leases.scheduleWithFixedDelay(() -> {
      try {
        catalog.pipelineClient.startDueRuns(java.time.Instant.now());
      } catch (RuntimeException e) {
        LOG.warn("could not look for due ingestion runs: {}", e.toString());
      }
    }, 5, 5, TimeUnit.SECONDS);
    List<Consumer<ApiRouter>> mounts = new ArrayList<>();
    // Before the users' entity routes: /users/login is a route, not a user's name.
    mounts.add(new meridian.http.routes.SignInRoutes(catalog.signIn, reader, catalog.json)::mount);
    mounts.add(new DatabaseServiceRoutes(catalog.databaseServices, bulk, catalog.testConnections, reader, catalog.json)::mount);
    mounts.add(new WorkflowRoutes(catalog.workflows, catalog.workflowRunner, bulk, reader, catalog.json)::mount);
    mounts.add(new TestConnectionDefinitionRoutes(catalog.testConnectionDefinitions, catalog.json)::mount);
    mounts.add(new JobRoutes(catalog.engine.jobs(), catalog.json)::mount);
    mounts.add(new meridian.http.routes.ConnectionSchemaRoutes(catalog.connectionSchemas, catalog.json)::mount);
    mounts.add(new meridian.http.routes.SearchRoutes(catalog.search, catalog.json)::mount);
    mounts.add(new meridian.http.routes.CsvRoutes(catalog.csv, catalog.all(), catalog.json)::mount);
    mounts.add(new IngestionPipelineRoutes(catalog.pipelines, catalog.pipelineClient, bulk, reader, catalog.json)::mount);
    for (EntityServices<?> kind : catalog.all()) {
      if (kind != catalog.databaseServices && kind != catalog.workflows && kind != catalog.pipelines) {
        mounts.add(new EntityRoutes<>(kind, bulk, reader, catalog.json)::mount);
      }
    }
    SystemRoutes system = new SystemRoutes(catalog::healthy, catalog::searchState, catalog.tokens, metrics, build, catalog.json);
    AuthFilter auth = new AuthFilter(authenticator);
    this.app =
        HttpApp.create(
            config.host(), config.port(), new ErrorMapper(catalog.json), auth, metrics, mounts,
            (routes, api) -> {
              system.mount(routes, api);
              new meridian.http.routes.OpenApiRoutes(catalog.json, build.version()).mount(routes, api);
              new meridian.http.routes.UiRoutes().mount(routes);
            });
  }

  private Catalog openCatalog(MeridianConfig config, Clock clock, PrometheusMeterRegistry metrics) {
    try {
      return Catalog.open(config, clock, metrics);
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
  }

  /**
   * Loads the web server's classes on the second core while this thread opens the catalog (store,
   * migrations, keys): the two take about the same time, and start-up is otherwise their sum.
   * Only class loading happens there; nothing is started or shared.
   */
  private static Thread warmUpHttpClasses() {
    Thread thread = new Thread(() -> {
      ClassLoader loader = ServerContext.class.getClassLoader();
      for (String name : WARM_UP) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        try {
          Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          // Only a head start; the server loads what it needs either way.
        }
      }
    }, "meridian-warm-up");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static final String[] WARM_UP = {
    "io.javalin.Javalin",
    "io.javalin.config.JavalinConfig",
    "io.javalin.jetty.JettyServer",
    "io.javalin.http.servlet.JavalinServlet",
    "org.eclipse.jetty.server.Server",
    "org.eclipse.jetty.server.ServerConnector",
    "org.eclipse.jetty.server.HttpConfiguration",
    "org.eclipse.jetty.server.HttpConnectionFactory",
    "org.eclipse.jetty.ee10.servlet.ServletContextHandler",
    "org.eclipse.jetty.ee10.servlet.ServletHolder",
    "org.eclipse.jetty.util.thread.QueuedThreadPool",
    "org.eclipse.jetty.http.HttpParser",
    "org.eclipse.jetty.http.HttpGenerator",
    "org.eclipse.jetty.server.internal.HttpConnection",
    "org.eclipse.jetty.server.internal.HttpChannelState",
    "com.nimbusds.jose.crypto.RSASSAVerifier",
    "com.nimbusds.jwt.SignedJWT",
    // JDBI's SQL lexers (ANTLR) build their tables when first used, which the catalog's first query
    // would otherwise wait for.
    "org.jdbi.v3.core.internal.lexer.ColonStatementLexer",
    "org.jdbi.v3.core.internal.lexer.DefineStatementLexer",
  };

  /** Opens the catalog and starts serving; returns once the port is bound. */
  public static ServerContext start(MeridianConfig config, Clock clock) {
    ServerContext context = new ServerContext(config, clock);
    try {
      long httpStart = System.nanoTime();
      context.app.start();
      LOG.info("catalog opened in {} ms, HTTP started in {} ms, {} ms since the JVM started",
          context.catalogMillis, (System.nanoTime() - httpStart) / 1_000_000,
          java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
      context.buildSearchInBackground();
    } catch (RuntimeException e) {
      context.close();
      throw new ConfigException("cannot listen on " + config.host() + ":" + config.port() + ": " + rootMessage(e));
    }
    return context;
  }

  /** A store from a release before search gets its index built here, after the port is bound, so start-up does not wait for it. */
  private void buildSearchInBackground() {
    Thread thread = new Thread(() -> {
      try {
        catalog.buildSearchIfPending(LOG::info);
      } catch (RuntimeException e) {
        LOG.warn("could not build the search index (it is built at the next start, or by ./meridian reindex): {}", e.toString());
      }
    }, "meridian-search-build");
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return app.port();
  }

  public BuildInfo build() {
    return build;
  }

  /** Every HTTP route the server answers, as "METHOD path" (Javalin's templates); filters are not routes. */
  public java.util.List<String> routes() {
    java.util.Set<String> methods = java.util.Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    return app.unsafe.internalRouter.allHttpHandlers().stream().map(e -> e.endpoint)
        .filter(e -> methods.contains(e.method.name())).map(e -> e.method.name() + " " + e.path).toList();
  }

  public Catalog catalog() {
    return catalog;
  }

  public String listeningLine() {
    return "Meridian " + build.version() + " listening on http://" + config.host() + ":" + port();
  }

  /** Stops taking requests, lets in-flight ones finish, then closes the store. */
  @Override
  public void close() {
    app.stop();
    catalog.drainJobs(java.time.Duration.ofSeconds(30));
    // Leases are renewed until the jobs in flight are done; a job still running now is taken over
    // by another replica once its lease runs out.
    leases.shutdownNow();
    catalog.close();
    if (lock != null) {
      lock.close();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
