package meridian.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./meridian bench}: Meridian against this machine's own limits, in one run. See
 * docs/performance.md for the method and the figures.
 */
@Command(name = "meridian bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Measures the real server (the executable jar, through ./meridian, on a fresh store) against this machine's "
            + "own ceilings, measured in the same run: a bare Javalin route serving the same 1 KB of JSON (HTTP) and "
            + "plain JDBC on the same store (storage). Prints Meridian's figures and their ratios to the ceilings, and "
            + "writes them as JSON, Markdown and SVG charts to --out.",
        "",
        "Needs wrk (apt-get install wrk) and a build (mvn -B -DskipTests package). PostgreSQL and MariaDB are this "
            + "machine's (127.0.0.1, postgres / root); each run gets throw-away databases, dropped at the end. "
            + "Method and figures: docs/performance.md.",
        ""})
public final class Bench implements Callable<Integer> {
  @Option(names = "--store", split = ",", defaultValue = "sqlite", paramLabel = "STORE",
      description = "sqlite, postgresql or mariadb; several with commas (default: ${DEFAULT-VALUE}).")
  List<String> stores;

  @Option(names = "--duration", defaultValue = "10s", paramLabel = "TIME",
      description = "How long each load is measured, after its warm-up (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(names = "--warm-up", defaultValue = "3s", paramLabel = "TIME",
      description = "How long each load runs before it is measured (default: ${DEFAULT-VALUE}).")
  String warmUp;

  @Option(names = "--c64", description = "Also measure each request kind with 64 connections.")
  boolean c64;

  @Option(names = "--only", split = ",", paramLabel = "KIND",
      description = "Measure only these request kinds (get_name, get_id, get_fields, list, get_wide, put_same, create, put_change, patch).")
  List<String> only;

  @Option(names = "--delete-tables", defaultValue = "100000", paramLabel = "N",
      description = "Tables loaded into one service and then deleted with it, recursively (default: ${DEFAULT-VALUE}; 0 skips it).")
  int deleteTables;

  @Option(names = "--scale", description = "Also measure reads, lists and creates as the catalog grows (see --scale-sizes).")
  boolean scale;

  @Option(names = "--scale-sizes", split = ",", defaultValue = "10000,1000000", paramLabel = "N",
      description = "Catalog sizes for --scale, in services and in tables of one service (default: ${DEFAULT-VALUE}).")
  List<Integer> scaleSizes;

  @Option(names = "--open-loop-client", defaultValue = "socket", paramLabel = "CLIENT",
      description = "The open loop's HTTP client: socket (its own, one keep-alive connection a worker) or jdk "
          + "(java.net.http.HttpClient, which costs more CPU a request; default: ${DEFAULT-VALUE}).")
  String openLoopClient;

  @Option(names = "--java-opts", paramLabel = "OPTS",
      description = "JVM options for the server instead of the launcher's own (MERIDIAN_JAVA_OPTS), to compare JVM choices.")
  String javaOpts;

  @Option(names = "--jfr", paramLabel = "FILE",
      description = "Record the loaded server with JFR (settings=profile) into FILE; summarise it with bench/jfr-top.sh FILE.")
  Path jfr;

  @Option(names = "--no-ceilings", description = "Skip the ceilings (for comparing two builds or JVM choices quickly).")
  boolean noCeilings;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Where results.json, results.md and the charts go (default: bench/out in the checkout).")
  Path out;

  @Option(names = "--publish", description = "Also write the tables and charts into docs/performance.md and docs/performance/.")
  boolean publish;

  private final Path home = Path.of(System.getProperty("meridian.home", ".")).toAbsolutePath().normalize();

  public static void main(String[] args) {
    CommandLine line = new CommandLine(new Bench());
    line.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof BenchException) {
        System.err.println("bench: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    System.exit(line.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!List.of("socket", "jdk").contains(openLoopClient)) {
      throw new BenchException("--open-loop-client is socket or jdk, not " + openLoopClient);
    }
    for (String store : stores) {
      if (!Store.KINDS.contains(store)) {
        throw new BenchException("unknown store " + store + " (sqlite, postgresql or mariadb)");
      }
    }
    if (out == null) {
      out = home.resolve("bench/out");
    }
    Path jar = home.resolve("meridian-server/target/meridian.jar");
    if (!Files.isRegularFile(jar)) {
      throw new BenchException(jar + " is missing; build first: mvn -B -DskipTests package");
    }
    Wrk.check();
    Files.createDirectories(out);
    Path work = Files.createTempDirectory("meridian-bench");
    ObjectNode results = Api.JSON.createObjectNode();
    results.set("machine", machine());
    ObjectNode byStore = results.putObject("stores");
    try {
      for (String store : stores) {
        byStore.set(store, new StoreRun(this, store, work.resolve(store)).run());
        write(results);
      }
    } finally {
      Store.deleteTree(work);
    }
    Report report = new Report(results);
    System.out.println();
    System.out.println(report.markdown());
    write(results);
    Files.writeString(out.resolve("results.md"), report.markdown());
    report.charts(out);
    if (publish) {
      report.publish(home.resolve("docs/performance.md"), home.resolve("docs/performance"));
      System.out.println("bench: wrote docs/performance.md and docs/performance/*.svg");
    }
    System.out.println("bench: results in " + out.toAbsolutePath());
    return 0;
  }

  private void write(ObjectNode results) throws IOException {
    Files.writeString(out.resolve("results.json"),
        Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results), StandardCharsets.UTF_8);
  }

  private ObjectNode machine() {
    ObjectNode m = Api.JSON.createObjectNode();
    m.put("date", Instant.now().toString());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memoryMb", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize() / (1024 * 1024));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("commit", git("rev-parse", "--short", "HEAD"));
    m.put("launcherJavaOpts", javaOpts != null ? javaOpts : launcherOpts());
    m.put("durationSeconds", seconds(duration));
    m.put("warmUpSeconds", seconds(warmUp));
    return m;
  }

  /** The launcher's JVM options: what the build wrote beside the jar (the parent pom's meridian.jvm.options). */
  String launcherOpts() {
    try {
      return Files.readString(home.resolve("meridian-server/target/jvm.options")).trim();
    } catch (IOException e) {
      return "";
    }
  }

  private String git(String... args) {
    try {
      List<String> command = new ArrayList<>(List.of("git", "-C", home.toString()));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String result = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 ? result : "unknown";
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }

  static int seconds(String time) {
    String t = time.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Math.max(1, Integer.parseInt(t.substring(0, t.length() - 2)) / 1000);
      }
      if (t.endsWith("m")) {
        return Integer.parseInt(t.substring(0, t.length() - 1)) * 60;
      }
      return Integer.parseInt(t.endsWith("s") ? t.substring(0, t.length() - 1) : t);
    } catch (NumberFormatException e) {
      throw new BenchException("a time is a number of seconds, like 20s or 1m, not " + time);
    }
  }

  // ------------------------------------------------------------------ what a store's run needs

  Path home() {
    return home;
  }

  int durationSeconds() {
    return seconds(duration);
  }

  int warmUpSeconds() {
    return seconds(warmUp);
  }

  boolean jdkClient() {
    return openLoopClient.equals("jdk");
  }

  boolean wants(String kind) {
    return only == null || only.contains(kind);
  }

  List<Integer> connections() {
    return c64 ? List.of(1, 8, 64) : List.of(1, 8);
  }

  Map<String, String> serverEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("MERIDIAN_DATABASE_PASSWORD", "");
    if (javaOpts != null) {
      env.put("MERIDIAN_JAVA_OPTS", javaOpts);
    }
    return env;
  }

  /** The environment of the server the loads run against: with --jfr, recording. */
  Map<String, String> loadedServerEnv() {
    Map<String, String> env = serverEnv();
    if (jfr != null) {
      env.put("MERIDIAN_JAVA_OPTS", (javaOpts != null ? javaOpts : launcherOpts()) + " -XX:StartFlightRecording=filename="
          + jfr.toAbsolutePath() + ",settings=profile,dumponexit=true");
    }
    return env;
  }

  /** The class path of the ceilings: the server's jar (Javalin, the JDBC drivers) and these classes. */
  String ceilingClassPath() {
    return home.resolve("meridian-server/target/meridian.jar") + ":" + home.resolve("bench/target/classes");
  }
}
