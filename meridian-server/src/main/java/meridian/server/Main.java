package meridian.server;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import meridian.core.engine.Target;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.read.Fields;
import meridian.core.features.secrets.KeyRotation;
import meridian.core.features.secrets.MasterKey;
import meridian.http.BuildInfo;
import meridian.model.Include;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command line: {@code serve}, {@code token}, {@code migrate}, {@code rotate-secret-key},
 * {@code backup}, {@code restore}, {@code version} (contract §1).
 */
@Command(
    name = "meridian",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Meridian: a metadata catalog server that speaks OpenMetadata's database-service API.",
    subcommands = {Main.Serve.class, Main.Token.class, Main.Migrate.class, Main.RotateSecretKey.class, BackupCommands.Backup.class,
        BackupCommands.Restore.class, IngestCommand.class, ReindexCommand.class, CsvCommands.Export.class, CsvCommands.Import.class, SetPasswordCommand.class, Main.VersionCommand.class, StartupTraining.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Every option can also be set by an environment variable MERIDIAN_<OPTION>, e.g. MERIDIAN_PORT=9000."})
public final class Main implements Runnable {
  /** Environment variables the launcher and the options read; any other MERIDIAN_* is a mistake. */
  static final Set<String> KNOWN_ENV =
      Set.of("MERIDIAN_PORT", "MERIDIAN_HOST", "MERIDIAN_DATA_DIR", "MERIDIAN_DATABASE_URL", "MERIDIAN_DATABASE_USER",
          "MERIDIAN_DATABASE_PASSWORD", "MERIDIAN_SECRET_KEY_FILE", "MERIDIAN_JAVA_OPTS", "MERIDIAN_JAR",
          "MERIDIAN_TEST_CONNECTION_TIMEOUT", "MERIDIAN_DATABASE_POOL_SIZE", "MERIDIAN_DATABASE_TIMEOUT", "MERIDIAN_TOKEN",
          "MERIDIAN_OUTBOUND_ALLOW", "MERIDIAN_OUTBOUND_DENY");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    if (args.length == 0 || !args[0].equals("serve")) {
      // `token` prints a token that scripts capture: its stdout must hold nothing else.
      System.setProperty("meridian.log.target", "System.err");
      System.setProperty("meridian.migrate.log", "WARN");
    }
    System.exit(run(args, System.getenv()));
  }

  /** Runs a command and returns its exit code: 0 ok, 2 bad configuration or usage, 1 anything else. */
  static int run(String[] args, Map<String, String> env) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (e instanceof ConfigException) {
        // One line (contract §1), even when a library's message (Flyway's, a driver's) has several.
        err.println("meridian: " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", " "));
        err.flush();
        return 2;
      }
      err.println("meridian: unexpected failure: " + e);
      e.printStackTrace(err);
      err.flush();
      return 1;
    });
    Set<String> unknown = new TreeSet<>();
    env.keySet().stream().filter(k -> k.startsWith("MERIDIAN_") && !KNOWN_ENV.contains(k)).forEach(unknown::add);
    if (!unknown.isEmpty()) {
      cli.getErr().println("meridian: unknown environment variable(s) " + unknown + "; known are " + new TreeSet<>(KNOWN_ENV));
      cli.getErr().flush();
      return 2;
    }
    return cli.execute(args);
  }

  /** Where the catalog is: shared by every command that opens it. */
  static final class StoreOptions {
    @Option(names = "--data-dir", defaultValue = "${env:MERIDIAN_DATA_DIR:-./data}", paramLabel = "DIR",
        description = "Directory of the embedded store (SQLite, WAL) and its key file (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--database-url", defaultValue = "${env:MERIDIAN_DATABASE_URL}", paramLabel = "JDBC_URL",
        description = "Use this PostgreSQL (jdbc:postgresql://…) or MariaDB/MySQL (jdbc:mariadb://…) database instead of the embedded store.")
    String databaseUrl;

    @Option(names = "--database-user", defaultValue = "${env:MERIDIAN_DATABASE_USER}", paramLabel = "USER",
        description = "User for --database-url.")
    String databaseUser;

    @Option(names = "--database-password", defaultValue = "${env:MERIDIAN_DATABASE_PASSWORD}", paramLabel = "PASSWORD",
        description = "Password for --database-url; prefer the environment variable MERIDIAN_DATABASE_PASSWORD.")
    String databasePassword;

    @Option(names = "--secret-key-file", defaultValue = "${env:MERIDIAN_SECRET_KEY_FILE}", paramLabel = "FILE",
        description = "Master key (≥ 32 bytes) that seals connection secrets and the token-signing key. Default for the"
            + " embedded store: DIR/secret.key, created on first start. Required with --database-url; every replica gets the same file.")
    Path secretKeyFile;

    MeridianConfig config(String host, int port) {
      return new MeridianConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, secretKeyFile);
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the server (runs schema migrations first).")
  static final class Serve implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--port", defaultValue = "${env:MERIDIAN_PORT:-8585}", description = "Port to listen on (default: ${DEFAULT-VALUE}, OpenMetadata's).")
    int port;

    @Option(names = "--host", defaultValue = "${env:MERIDIAN_HOST:-0.0.0.0}", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--test-connection-timeout", defaultValue = "${env:MERIDIAN_TEST_CONNECTION_TIMEOUT:-10s}", paramLabel = "DURATION",
        description = "How long a whole test connection may take, e.g. 10s or 1m (default: ${DEFAULT-VALUE}); past it the step"
            + " that runs fails with 'timed out'.")
    String testConnectionTimeout;

    @Option(names = "--database-pool-size", defaultValue = "${env:MERIDIAN_DATABASE_POOL_SIZE:-0}", paramLabel = "N",
        description = "Connections this process keeps to the store (default: 16 with --database-url, 8 for the embedded"
            + " store). With replicas, the database must allow N connections per replica.")
    int databasePoolSize;

    @Option(names = "--database-timeout", defaultValue = "${env:MERIDIAN_DATABASE_TIMEOUT:-5s}", paramLabel = "DURATION",
        description = "How long a request waits for a store connection (default: ${DEFAULT-VALUE}); past it, or while the"
            + " store cannot be reached, requests get 503 and /healthz says 503.")
    String databaseTimeout;

    @Option(names = "--outbound-allow", defaultValue = "${env:MERIDIAN_OUTBOUND_ALLOW}", paramLabel = "CIDR[,CIDR…]",
        description = "The only addresses test connection and ingestion may connect to (default: any not denied), e.g."
            + " 10.0.0.0/8,192.168.1.20. Checked on the addresses a host name resolves to, on every connect.")
    String outboundAllow;

    @Option(names = "--outbound-deny", defaultValue = "${env:MERIDIAN_OUTBOUND_DENY}", paramLabel = "CIDR[,CIDR…]",
        description = "Addresses test connection and ingestion may never connect to (default: the cloud metadata addresses "
            + meridian.core.features.connections.OutboundPolicy.DEFAULT_DENY + "; giving this replaces them).")
    String outboundDeny;

    @Option(names = "--ingestion-kept-runs", defaultValue = "${env:MERIDIAN_INGESTION_KEPT_RUNS:-100}", paramLabel = "N",
        description = "Runs whose status each ingestion pipeline keeps, newest first (default: ${DEFAULT-VALUE}); older ones"
            + " go when a run starts.")
    int ingestionKeptRuns;

    @Option(names = "--ingestion-statement-timeout", defaultValue = "${env:MERIDIAN_INGESTION_STATEMENT_TIMEOUT:-2m}",
        paramLabel = "DURATION", description = "How long one catalog query against a source may take during ingestion"
            + " (default: ${DEFAULT-VALUE}); past it the listing fails and nothing under it is marked deleted.")
    String ingestionStatementTimeout;

    @Override
    public Integer call() throws InterruptedException {
      meridian.core.features.connections.OutboundPolicy outbound;
      try {
        outbound = meridian.core.features.connections.OutboundPolicy.parse(outboundAllow, outboundDeny);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--outbound-allow / --outbound-deny: " + e.getMessage());
      }
      Duration timeout = parseDuration("--test-connection-timeout", testConnectionTimeout);
      if (timeout == null) {
        throw new ConfigException("--test-connection-timeout must be a duration such as 10s, not never");
      }
      Duration storeTimeout = parseDuration("--database-timeout", databaseTimeout);
      if (storeTimeout == null) {
        throw new ConfigException("--database-timeout must be a duration such as 5s, not never");
      }
      Duration statementTimeout = parseDuration("--ingestion-statement-timeout", ingestionStatementTimeout);
      meridian.core.features.ingestion.IngestionSettings ingestion;
      try {
        ingestion = new meridian.core.features.ingestion.IngestionSettings(ingestionKeptRuns, statementTimeout);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
      MeridianConfig config = store.config(host, port).withServing(timeout, databasePoolSize, storeTimeout).withOutbound(outbound)
          .withIngestion(ingestion);
      ServerContext server = ServerContext.start(config, Clock.systemUTC());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stopped.countDown();
      }, "meridian-shutdown"));
      System.out.println(server.listeningLine());
      System.out.flush();
      stopped.await();
      return 0;
    }
  }

  @Command(name = "token", mixinStandardHelpOptions = true,
      description = "Print a signed JWT for an existing user or bot (opens the same store as serve).")
  static final class Token implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "The user or bot, e.g. admin or ingestion-bot.")
    String user;

    @Option(names = "--expires-in", defaultValue = "24h", paramLabel = "DURATION",
        description = "Lifetime such as 30m, 24h, 7d, or 'never' (default: ${DEFAULT-VALUE}).")
    String expiresIn;

    @Override
    public Integer call() {
      Duration lifetime = parseDuration("--expires-in", expiresIn);
      try (Catalog catalog = Catalog.open(store.config("127.0.0.1", 0), Clock.systemUTC(), null)) {
        Entity found =
            catalog.users().queries().find(Target.byName(user), Include.NON_DELETED, Fields.NONE)
                .orElseThrow(() -> new ConfigException("there is no user or bot named " + user + " in this catalog"));
        System.out.println(catalog.tokens().issue(found.name(), found.doc().path("isBot").asBoolean(), lifetime));
      }
      return 0;
    }
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Bring the store's schema up to date, then exit.")
  static final class Migrate implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Override
    public Integer call() {
      try (Catalog catalog = Catalog.open(store.config("127.0.0.1", 0), Clock.systemUTC(), null)) {
        System.out.println("meridian: " + catalog.migration());
      }
      return 0;
    }
  }

  @Command(name = "rotate-secret-key", mixinStandardHelpOptions = true,
      description = {
        "Re-seal every stored secret (connection secrets, their history, the token-signing key) under a new master key,"
            + " in one transaction: all of it, or nothing if anything fails.",
        "Stop the server first: this refuses to run while a server uses the store. Afterwards start every server with the new"
            + " key file; for the embedded store's own key (DIR/secret.key, no --secret-key-file) that file is replaced for you."})
  static final class RotateSecretKey implements Callable<Integer> {
    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--new-key-file", required = true, paramLabel = "FILE",
        description = "The new master key (≥ 32 bytes, e.g. openssl rand -base64 32 > new.key).")
    Path newKeyFile;

    @Override
    public Integer call() throws java.io.IOException {
      MeridianConfig config = store.config("127.0.0.1", 0);
      MasterKey newKey;
      try {
        newKey = MasterKey.load(newKeyFile);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
      try (meridian.store.StoreLock lock = config.embedded() ? meridian.store.StoreLock.acquire(config.dataDir(), "rotate-secret-key") : null;
          Catalog catalog = Catalog.open(config, Clock.systemUTC(), null)) {
        KeyRotation.Result result;
        try {
          result = catalog.rotateKey(newKey);
        } catch (KeyRotation.ForeignKeyException e) {
          throw new ConfigException(e.getMessage() + "; nothing was changed");
        }
        String next;
        if (config.embedded() && config.secretKeyFile() == null) {
          // The store's own key file: put the new key in its place, privately, in one rename.
          Path keyFile = config.keyFile();
          Path fresh = keyFile.resolveSibling(keyFile.getFileName() + ".new");
          java.nio.file.Files.deleteIfExists(fresh);
          meridian.store.PrivateFiles.createFile(fresh);
          java.nio.file.Files.write(fresh, java.nio.file.Files.readAllBytes(newKeyFile));
          java.nio.file.Files.move(fresh, keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
              java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          next = keyFile + " now holds the new key";
        } else {
          next = "start every server with --secret-key-file " + newKeyFile;
        }
        System.out.println("meridian: re-sealed " + result.values() + " secret(s) in " + result.rows() + " row(s) under key "
            + result.newKeyId() + " (was " + result.oldKeyId() + "); " + next);
      } catch (meridian.store.StoreException e) {
        throw new ConfigException(e.getMessage());
      }
      return 0;
    }
  }

  @Command(name = "version", description = "Print the version.")
  static final class VersionCommand implements Runnable {
    @Override
    public void run() {
      BuildInfo build = BuildInfo.load();
      System.out.println("Meridian " + build.version() + " (revision " + build.revision() + ")");
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo build = BuildInfo.load();
      return new String[] {"Meridian " + build.version() + " (revision " + build.revision() + ")"};
    }
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");

  static Duration parseDuration(String option, String text) {
    if (text.equalsIgnoreCase("never")) {
      return null;
    }
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new ConfigException(option + " must look like 30s, 30m, 24h or 7d" + (option.equals("--expires-in") ? " (or be 'never')" : "")
          + ", not " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
