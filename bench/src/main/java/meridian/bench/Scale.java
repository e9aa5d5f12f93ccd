package meridian.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code --scale}: the same reads, lists and creates as the catalog grows, first in services (up
 * to each size of {@code --scale-sizes}), then in tables of one schema of one service. At each
 * size: the throughput of a GET by name, of page 1 of the list, of a page half-way through it and
 * of creates (wrk, 8 connections), and the latency of the GET and the lists at one fixed rate for
 * every size (open loop: half the rate the first size reached), so the sizes compare at equal load.
 */
final class Scale {
  private final Bench bench;
  private final String kind;
  private final Api api;
  private final Store store;
  private final Map<String, Double> rates = new HashMap<>();

  Scale(Bench bench, String kind, Api api, Store store) {
    this.bench = bench;
    this.kind = kind;
    this.api = api;
    this.store = store;
  }

  ObjectNode run() throws Exception {
    ObjectNode out = Api.JSON.createObjectNode();
    ObjectNode services = out.putObject("services");
    long bytes = store.bytes();
    int loaded = 0;
    for (int size : bench.scaleSizes) {
      long start = System.nanoTime();
      for (; loaded < size; loaded += 10_000) {
        int count = Math.min(10_000, size - loaded);
        StringJoiner items = new StringJoiner(",", "[", "]");
        for (int i = loaded; i < loaded + count; i++) {
          items.add(Fixtures.service(String.format("scale_%07d", i)));
        }
        StoreRun.bulk(api, Endpoint.SERVICES + "/bulk", items.toString(), count);
        progress("services", loaded + count, size);
      }
      ObjectNode at = services.putObject(Integer.toString(size));
      at.put("loadSeconds", StoreRun.round((System.nanoTime() - start) / 1e9));
      at.put("bytesPerService", (store.bytes() - bytes) / Math.max(1, loaded));
      measure(at, size, "services", Endpoint.SERVICES + "/name/" + String.format("scale_%07d", size / 2), Endpoint.SERVICES + "?limit=50",
          Endpoint.SERVICES, "{\"name\":\"sc_' .. run .. '_' .. tid .. '_' .. counter .. '\",\"serviceType\":\"Mysql\"}");
    }

    ObjectNode tables = out.putObject("tables");
    api.post(Endpoint.SERVICES, Fixtures.service("scale_tables"));
    api.post("/api/v1/databases", "{\"name\":\"db\",\"service\":\"scale_tables\"}");
    api.post("/api/v1/databaseSchemas", "{\"name\":\"sch\",\"database\":\"scale_tables.db\"}");
    String schema = "scale_tables.db.sch";
    bytes = store.bytes();
    loaded = 0;
    for (int size : bench.scaleSizes) {
      long start = System.nanoTime();
      for (; loaded < size; loaded += 5_000) {
        int count = Math.min(5_000, size - loaded);
        StoreRun.bulk(api, "/api/v1/tables/bulk", StoreRun.tables(loaded, count, schema), count);
        progress("tables", loaded + count, size);
      }
      ObjectNode at = tables.putObject(Integer.toString(size));
      at.put("loadSeconds", StoreRun.round((System.nanoTime() - start) / 1e9));
      at.put("bytesPerTable", (store.bytes() - bytes) / Math.max(1, loaded));
      measure(at, size, "tables", "/api/v1/tables/name/" + schema + "." + String.format("table_%07d", size / 2),
          "/api/v1/tables?databaseSchema=" + schema + "&limit=50", "/api/v1/tables",
          Fixtures.table("tc_' .. run .. '_' .. tid .. '_' .. counter .. '", schema, 20));
    }
    return out;
  }

  private void measure(ObjectNode at, int size, String what, String get, String list, String createPath, String createBody)
      throws Exception {
    String deep = list + "&after=" + URLEncoder.encode(cursorHalfWay(list), StandardCharsets.UTF_8);
    Map<String, String> auth = Map.of("Authorization", "Bearer " + api.token);
    Map<String, String> json = Map.of("Authorization", "Bearer " + api.token, "Content-Type", "application/json");
    for (Map.Entry<String, String> read : List.of(Map.entry("get", get), Map.entry("list", list), Map.entry("deepPage", deep))) {
      Wrk.Result w = Wrk.run(api.base + read.getValue(), 8, bench.warmUpSeconds(), bench.durationSeconds(), auth, null, List.of());
      double rate = rates.computeIfAbsent(what + read.getKey(), k -> w.rps() / 2);
      Req request = Req.get(read.getValue(), auth);
      OpenLoop.Result r = OpenLoop.run(api.base, bench.jdkClient(), i -> request, rate, 8, Duration.ofSeconds(bench.warmUpSeconds()),
          Duration.ofSeconds(bench.durationSeconds()));
      at.putObject(read.getKey()).put("rps", StoreRun.round(w.rps())).put("openRate", StoreRun.round(rate))
          .put("p50Ms", StoreRun.round(r.p50())).put("p99Ms", StoreRun.round(r.p99())).put("p999Ms", StoreRun.round(r.p999()));
      System.out.printf(Locale.ROOT, "%-10s scale    %s %-8s %,d: %8.0f req/s (c8); at %.0f req/s p50 %.2f ms p99 %.2f ms%n", kind,
          what, read.getKey(), size, w.rps(), rate, r.p50(), r.p99());
    }
    Path script = Files.writeString(Files.createTempFile("scale-create", ".lua"), """
        counter = 0
        local threads = 0
        function setup(thread) threads = threads + 1; thread:set("tid", threads) end
        function init(args) run = args[1] or "0" end
        function request()
          counter = counter + 1
          return wrk.format("POST", nil, nil, '%s')
        end
        """.formatted(createBody));
    try {
      Wrk.Result w = Wrk.run(api.base + createPath, 8, bench.warmUpSeconds(), bench.durationSeconds(), json, script,
          List.of(Long.toString(System.nanoTime() % 1_000_000_000L, 36)));
      at.putObject("create").put("rps", StoreRun.round(w.rps())).put("p50Ms", StoreRun.round(w.p50()))
          .put("p99Ms", StoreRun.round(w.p99())).put("non2xx", w.non2xx());
      System.out.printf(Locale.ROOT, "%-10s scale    %s create   at %,d: %8.0f req/s (c8), p99 %.2f ms%n", kind, what, size, w.rps(), w.p99());
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /** The cursor of the page half-way through a list, walked to in pages of 10,000. */
  private String cursorHalfWay(String list) {
    String first = list.replace("limit=50", "limit=0");
    long total = api.get(first).at("/paging/total").asLong();
    String page = list.replace("limit=50", "limit=10000");
    String after = null;
    for (long seen = 0; seen + 10_000 <= total / 2; seen += 10_000) {
      JsonNode answer = api.get(page + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
      after = answer.at("/paging/after").asText(null);
      if (after == null) {
        break;
      }
    }
    if (after == null) {
      after = api.get(list).at("/paging/after").asText("");
    }
    return after;
  }

  private void progress(String what, int done, int size) {
    if (done % 100_000 == 0 || done == size) {
      System.out.printf(Locale.ROOT, "%-10s scale    loaded %,d of %,d %s%n", kind, done, size, what);
    }
  }
}
