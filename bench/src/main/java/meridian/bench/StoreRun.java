package meridian.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/** Everything the benchmark measures on one store, in one run. */
final class StoreRun {
  private final Bench bench;
  private final String kind;
  private final Path work;
  private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  private int logs;

  StoreRun(Bench bench, String kind, Path work) {
    this.bench = bench;
    this.kind = kind;
    this.work = work;
  }

  ObjectNode run() throws Exception {
    Files.createDirectories(work);
    ObjectNode result = Api.JSON.createObjectNode();
    Store store = Store.create(kind, work, "server");
    try {
      MeridianProcess server = starts(store, result.putObject("start"));
      try {
        measureServer(server, store, result);
      } finally {
        server.close();
      }
    } finally {
      store.drop();
    }
    if (!bench.noCeilings) {
      ceilings(result.putObject("ceilings"));
    }
    return result;
  }

  // ------------------------------------------------------------------ start-up

  /**
   * Start-up three ways: the first start after a build on a fresh store (the jar and the class-data
   * archive the build made, read from disk rather than the page cache where the machine allows), a
   * later start on a fresh store, and a restart on the store that start made. Answers the last
   * server, still running.
   */
  private MeridianProcess starts(Store store, ObjectNode start) throws IOException {
    Path target = bench.home().resolve("meridian-server/target");
    for (String file : new String[] {"meridian.jar", "meridian.jsa"}) {
      evictFromPageCache(target.resolve(file));
    }
    try (MeridianProcess first = serve(store)) {
      put(start, "firstAfterBuild", first);
    }
    store.fresh();
    try (MeridianProcess fresh = serve(store)) {
      put(start, "freshStore", fresh);
    }
    MeridianProcess later = MeridianProcess.serve(bench.home().resolve("meridian"), store,
        work.resolve("server-" + (++logs) + ".log"), bench.loadedServerEnv());
    put(start, "restart", later);
    System.out.printf(Locale.ROOT, "%-10s start    first after a build %.0f ms, fresh store %.0f ms, restart %.0f ms (to the first 200)%n",
        kind, start.at("/firstAfterBuild/firstOkMs").asDouble(), start.at("/freshStore/firstOkMs").asDouble(),
        start.at("/restart/firstOkMs").asDouble());
    return later;
  }

  /** Asks the kernel to forget a file's cached pages (GNU dd: iflag=nocache with count=0); best effort. */
  private static void evictFromPageCache(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    try {
      new ProcessBuilder("dd", "if=" + file, "iflag=nocache", "count=0").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    } catch (IOException e) {
      // no dd: the start is measured from the page cache, as a start right after a build is
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void put(ObjectNode start, String name, MeridianProcess p) {
    start.putObject(name).put("listeningMs", round(p.listeningMillis)).put("firstOkMs", round(p.firstOkMillis));
  }

  private MeridianProcess serve(Store store) {
    return MeridianProcess.serve(bench.home().resolve("meridian"), store, work.resolve("server-" + (++logs) + ".log"),
        bench.serverEnv());
  }

  private String token(Store store) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(bench.home().resolve("meridian").toString(), "token"));
    command.addAll(store.serverArgs());
    command.addAll(List.of("--user", "admin"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(bench.serverEnv());
    Process p = builder.start();
    String token = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0 || token.isEmpty()) {
      throw new BenchException("./meridian token failed");
    }
    return token;
  }

  // ------------------------------------------------------------------ the server under load

  /** How long the server is left quiet after the loads before its memory is measured again. */
  static final Duration QUIET = Duration.ofSeconds(45);

  private void measureServer(MeridianProcess server, Store store, ObjectNode result) throws Exception {
    Thread.sleep(3000);
    ObjectNode memory = result.putObject("rssMb");
    memory.put("idle", round(server.rssMegabytes()));
    Api api = new Api(server.base(), token(store));
    Catalog catalog = Catalog.setUp(api);

    ObjectNode endpoints = result.putObject("endpoints");
    for (Endpoint endpoint : Endpoint.all(api, runId, catalog.patchIds(), catalog.wideTable(), catalog.serviceId())) {
      if (bench.wants(endpoint.name())) {
        endpoints.set(endpoint.name(), measure(server, endpoint));
      }
    }
    once(api, store, result.putObject("once"));
    memory.put("afterLoads", round(server.rssMegabytes()));
    // The server gives memory back once quiet for half a minute (HeapTrimmer: then a few full collections, two seconds apart).
    Thread.sleep(QUIET.toMillis());
    memory.put("afterLoadsQuiet", round(server.rssMegabytes()));
    System.out.printf(Locale.ROOT, "%-10s memory   RSS idle %.0f MB, right after the loads %.0f MB, %d s later %.0f MB%n", kind,
        memory.get("idle").asDouble(), memory.get("afterLoads").asDouble(), QUIET.toSeconds(), memory.get("afterLoadsQuiet").asDouble());
    if (bench.scale) {
      result.set("scale", new Scale(bench, kind, api, store).run());
    }
  }

  private ObjectNode measure(MeridianProcess server, Endpoint endpoint) throws InterruptedException {
    ObjectNode out = Api.JSON.createObjectNode().put("label", endpoint.label()).put("write", endpoint.write());
    Path script = endpoint.script(work);
    int warm = bench.warmUpSeconds();
    int seconds = bench.durationSeconds();
    double at8 = 0;
    for (int c : bench.connections()) {
      Wrk.Result w = Wrk.run(server.base() + endpoint.path(), c, warm, seconds, endpoint.headers(), script,
          List.of(runId + "c" + c));
      out.putObject("c" + c).put("rps", round(w.rps())).put("p50Ms", round(w.p50())).put("p99Ms", round(w.p99()))
          .put("non2xx", w.non2xx());
      if (c == 8) {
        at8 = w.rps();
      }
      System.out.printf(Locale.ROOT, "%-10s %-11s c%-3d %9.0f req/s   p50 %7.2f ms  p99 %7.2f ms%s%n", kind, endpoint.name(), c,
          w.rps(), w.p50(), w.p99(), w.non2xx() > 0 ? "   (" + w.non2xx() + " non-2xx)" : "");
    }
    for (int percent : new int[] {50, 80}) {
      long offset = percent * 1_000_000_000L;
      OpenLoop.Result r = OpenLoop.run(server.base(), bench.jdkClient(), i -> endpoint.open().apply(offset + i), at8 * percent / 100.0, 8,
          Duration.ofSeconds(warm), Duration.ofSeconds(seconds));
      out.putObject("open" + percent).put("rate", round(r.rate())).put("achieved", round(r.achieved()))
          .put("p50Ms", round(r.p50())).put("p99Ms", round(r.p99())).put("p999Ms", round(r.p999()))
          .put("failures", r.failures());
      System.out.printf(Locale.ROOT, "%-10s %-11s %d%% %8.0f req/s   p50 %7.2f ms  p99 %7.2f ms  p999 %7.2f ms (open loop)%s%n",
          kind, endpoint.name(), percent, r.rate(), r.p50(), r.p99(), r.p999(),
          r.failures() > 0 ? "   (" + r.failures() + " failed)" : "");
    }
    return out;
  }

  // ------------------------------------------------------------------ timed once

  private void once(Api api, Store store, ObjectNode once) {
    for (int n : new int[] {1_000, 10_000}) {
      StringJoiner items = new StringJoiner(",", "[", "]");
      for (int i = 0; i < n; i++) {
        items.add(Fixtures.service("bulk_" + runId + "_" + n + "_" + i));
      }
      long before = store.bytes();
      double s = timed(() -> bulk(api, Endpoint.SERVICES + "/bulk", items.toString(), n));
      report(once, "bulkServices" + n, n, s, "services through the bulk");
      if (n == 10_000) {
        once.put("bytesPerService", (store.bytes() - before) / n);
      }
    }
    api.post(Endpoint.SERVICES, Fixtures.service("bench_bulk"));
    api.post("/api/v1/databases", "{\"name\":\"db\",\"service\":\"bench_bulk\"}");
    for (int n : new int[] {1_000, 10_000}) {
      api.post("/api/v1/databaseSchemas", "{\"name\":\"s" + n + "\",\"database\":\"bench_bulk.db\"}");
      String body = tables(0, n, "bench_bulk.db.s" + n);
      double s = timed(() -> bulk(api, "/api/v1/tables/bulk", body, n));
      report(once, "bulkTables" + n, n, s, "tables of 20 columns through the bulk");
    }
    if (bench.deleteTables > 0) {
      int n = bench.deleteTables;
      api.post(Endpoint.SERVICES, Fixtures.service("bench_big"));
      api.post("/api/v1/databases", "{\"name\":\"db\",\"service\":\"bench_big\"}");
      api.post("/api/v1/databaseSchemas", "{\"name\":\"sch\",\"database\":\"bench_big.db\"}");
      long before = store.bytes();
      double load = timed(() -> {
        for (int from = 0; from < n; from += 5_000) {
          int count = Math.min(5_000, n - from);
          bulk(api, "/api/v1/tables/bulk", tables(from, count, "bench_big.db.sch"), count);
        }
      });
      report(once, "loadTables", n, load, "tables of 20 columns loaded, 5,000 a request");
      once.put("bytesPerTable", (store.bytes() - before) / n);
      double delete = timed(() -> api.delete(Endpoint.SERVICES + "/name/bench_big?recursive=true&hardDelete=true"));
      report(once, "recursiveDelete", n, delete, "tables deleted with their service (recursive, hard)");
    }
    double[] tests = new double[5];
    String request = "{\"name\":\"bench_pg\",\"serviceType\":\"Postgres\",\"connection\":{\"config\":{\"type\":\"Postgres\","
        + "\"hostPort\":\"127.0.0.1:5432\",\"username\":\"postgres\",\"authType\":{\"password\":\"any\"},\"database\":\"postgres\"}}}";
    for (int i = 0; i < tests.length; i++) {
      tests[i] = timed(() -> {
        JsonNode answer = api.post(Endpoint.SERVICES + "/testConnection", request);
        if (!"Successful".equals(answer.path("status").asText())) {
          throw new BenchException("test connection against this machine's PostgreSQL did not pass: " + answer);
        }
      });
    }
    Arrays.sort(tests);
    once.putObject("testConnection").put("seconds", round(tests[tests.length / 2])).put("runs", tests.length);
    System.out.printf(Locale.ROOT, "%-10s once     test connection against PostgreSQL: median %.0f ms of %d%n", kind,
        tests[tests.length / 2] * 1000, tests.length);
  }

  private void report(ObjectNode once, String name, int n, double seconds, String what) {
    once.putObject(name).put("entities", n).put("seconds", round(seconds)).put("perSecond", Math.round(n / seconds));
    System.out.printf(Locale.ROOT, "%-10s once     %,d %s: %.2f s = %,.0f/s%n", kind, n, what, seconds, n / seconds);
  }

  static String tables(int from, int count, String schema) {
    StringJoiner items = new StringJoiner(",", "[", "]");
    for (int i = from; i < from + count; i++) {
      items.add(Fixtures.table(String.format("table_%07d", i), schema, 20));
    }
    return items.toString();
  }

  static void bulk(Api api, String path, String body, int n) {
    JsonNode result = api.put(path, body);
    if (result.path("numberOfRowsFailed").asInt(-1) != 0 || result.path("numberOfRowsPassed").asInt() != n) {
      String text = result.toString();
      throw new BenchException("a bulk of " + n + " did not pass whole: " + (text.length() > 500 ? text.substring(0, 500) : text));
    }
  }

  static double timed(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  // ------------------------------------------------------------------ the ceilings

  private void ceilings(ObjectNode ceilings) throws Exception {
    int warm = bench.warmUpSeconds();
    int seconds = bench.durationSeconds();
    ObjectNode http = ceilings.putObject("http");
    try (MeridianProcess ceiling = MeridianProcess.ceiling(bench.ceilingClassPath(), "meridian.bench.HttpCeiling",
        work.resolve("http-ceiling.log"))) {
      Path put = Files.writeString(work.resolve("ceiling-put.lua"),
          "wrk.method = \"PUT\"\nwrk.body = '" + Fixtures.serviceDocument(1024) + "'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
      for (String method : List.of("get", "put")) {
        for (int c : bench.connections()) {
          Wrk.Result w = Wrk.run(ceiling.base() + "/doc", c, warm, seconds, java.util.Map.of(), method.equals("put") ? put : null,
              List.of());
          http.putObject(method + "_c" + c).put("rps", round(w.rps())).put("p50Ms", round(w.p50())).put("p99Ms", round(w.p99()));
          System.out.printf(Locale.ROOT, "%-10s ceiling  HTTP %s c%-3d %9.0f req/s   p50 %7.2f ms  p99 %7.2f ms%n", kind,
              method.toUpperCase(Locale.ROOT), c, w.rps(), w.p50(), w.p99());
        }
      }
    }
    ObjectNode jdbc = ceilings.putObject("jdbc");
    Store raw = Store.create(kind, work, "ceiling");
    try {
      for (String synchronous : kind.equals("sqlite") ? List.of("FULL", "NORMAL") : List.of("default")) {
        raw.fresh();
        ProcessBuilder builder = new ProcessBuilder(MeridianProcess.javaBinary(), "-cp", bench.ceilingClassPath(),
            "meridian.bench.JdbcCeiling", raw.jdbcUrl(), raw.jdbcUser(), Integer.toString(seconds), synchronous)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
          throw new BenchException("the JDBC ceiling failed: " + out);
        }
        JsonNode figures = Api.JSON.readTree(out.substring(out.lastIndexOf('{')));
        jdbc.set(synchronous.toLowerCase(Locale.ROOT), figures);
        System.out.printf(Locale.ROOT, "%-10s ceiling  JDBC%s: inserts c1 %.0f/s c8 %.0f/s, point reads c1 %.0f/s c8 %.0f/s, "
            + "10,000-row batch %.2f s%n", kind, kind.equals("sqlite") ? " synchronous=" + synchronous : "",
            figures.get("insert_c1").asDouble(), figures.get("insert_c8").asDouble(), figures.get("read_c1").asDouble(),
            figures.get("read_c8").asDouble(), figures.get("batch10k_seconds").asDouble());
      }
    } finally {
      raw.drop();
    }
  }

  static double round(double value) {
    return Double.isNaN(value) ? value : Math.round(value * 100) / 100.0;
  }
}
