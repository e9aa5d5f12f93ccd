package meridian.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's results as Markdown tables (figures, ratios, targets) and SVG charts. */
final class Report {
  static final String BEGIN = "<!-- bench:results:begin (written by ./meridian bench --publish) -->";
  static final String END = "<!-- bench:results:end -->";
  private static final Map<String, String> STORE_NAMES = Map.of("sqlite", "SQLite (embedded)", "postgresql", "PostgreSQL",
      "mariadb", "MariaDB");
  private final JsonNode results;

  Report(JsonNode results) {
    this.results = results;
  }

  // ------------------------------------------------------------------ Markdown

  String markdown() {
    StringBuilder md = new StringBuilder();
    JsonNode m = results.get("machine");
    md.append(String.format(Locale.ROOT, "Run of %s at commit %s: %d cores, %,d MB, %s; server JVM options `%s`; "
            + "each load %d s after a %d s warm-up.%n",
        m.path("date").asText(), m.path("commit").asText(), m.path("cores").asInt(), m.path("memoryMb").asLong(),
        m.path("java").asText(), m.path("launcherJavaOpts").asText(), m.path("durationSeconds").asInt(),
        m.path("warmUpSeconds").asInt()));
    for (Iterator<Map.Entry<String, JsonNode>> it = results.get("stores").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> store = it.next();
      storeMarkdown(md, store.getKey(), store.getValue());
    }
    return md.toString();
  }

  private void storeMarkdown(StringBuilder md, String kind, JsonNode s) {
    JsonNode http = s.at("/ceilings/http");
    JsonNode jdbc = kind.equals("sqlite") ? s.at("/ceilings/jdbc/normal") : s.at("/ceilings/jdbc/default");
    JsonNode full = s.at("/ceilings/jdbc/full");
    md.append("\n### ").append(STORE_NAMES.getOrDefault(kind, kind)).append("\n\n");
    md.append("| request | c1 req/s | c8 req/s | c8 ÷ ceiling | open loop 50%: p50 / p99 / p999 ms | 80%: p50 / p99 / p999 ms |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("endpoints").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      boolean write = v.path("write").asBoolean();
      double ceiling = write ? jdbc.path("insert_c8").asDouble() : http.at("/get_c8/rps").asDouble();
      md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %s %s | %s | %s |%n", v.path("label").asText(),
          v.at("/c1/rps").asDouble(), v.at("/c8/rps").asDouble(), ratio(v.at("/c8/rps").asDouble(), ceiling),
          write ? "of JDBC inserts" : "of HTTP GET", percentiles(v.path("open50")), percentiles(v.path("open80"))));
    }
    if (http.isMissingNode()) {
      md.append("\nCeilings not measured in this run (--no-ceilings).\n\n");
    } else {
      md.append("\nCeilings, same run: ");
      md.append(String.format(Locale.ROOT, "bare Javalin route GET %,.0f / %,.0f req/s (c1 / c8), PUT %,.0f / %,.0f; ",
          http.at("/get_c1/rps").asDouble(), http.at("/get_c8/rps").asDouble(), http.at("/put_c1/rps").asDouble(),
          http.at("/put_c8/rps").asDouble()));
      md.append(jdbcLine(kind.equals("sqlite") ? "JDBC, synchronous=NORMAL" : "JDBC", jdbc));
      if (!full.isMissingNode()) {
        md.append("; ").append(jdbcLine("synchronous=FULL", full));
      }
      md.append(".\n\n");
    }

    JsonNode once = s.path("once");
    md.append("| timed once | entities | seconds | per second |\n|---|---:|---:|---:|\n");
    for (String[] row : new String[][] {{"bulkServices1000", "bulk of services"}, {"bulkServices10000", "bulk of services"},
        {"bulkTables1000", "bulk of tables (20 columns)"}, {"bulkTables10000", "bulk of tables (20 columns)"},
        {"loadTables", "tables loaded into one service, 5,000 a request"},
        {"recursiveDelete", "recursive hard delete of that service"}}) {
      JsonNode r = once.path(row[0]);
      if (!r.isMissingNode()) {
        md.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %,d |%n", row[1], r.path("entities").asInt(),
            r.path("seconds").asDouble(), r.path("perSecond").asLong()));
      }
    }
    md.append(String.format(Locale.ROOT, "| test connection against this machine's PostgreSQL (median of %d) | | %.3f | |%n",
        once.at("/testConnection/runs").asInt(), once.at("/testConnection/seconds").asDouble()));
    md.append(String.format(Locale.ROOT, "%nStore bytes per service %,d, per table of 20 columns %,d. ",
        once.path("bytesPerService").asLong(), once.path("bytesPerTable").asLong()));
    JsonNode start = s.path("start");
    md.append(String.format(Locale.ROOT, "Ready (process start → first 200): first start after a build %.0f ms, on a fresh "
            + "store %.0f ms, restart %.0f ms. RSS idle %.0f MB, right after the loads %.0f MB, %d s later %.0f MB.%n%n",
        start.at("/firstAfterBuild/firstOkMs").asDouble(), start.at("/freshStore/firstOkMs").asDouble(),
        start.at("/restart/firstOkMs").asDouble(), s.at("/rssMb/idle").asDouble(), s.at("/rssMb/afterLoads").asDouble(),
        StoreRun.QUIET.toSeconds(), s.at("/rssMb/afterLoadsQuiet").asDouble()));
    targets(md, kind, s, http, jdbc);
    scale(md, s.path("scale"));
  }

  private void targets(StringBuilder md, String kind, JsonNode s, JsonNode http, JsonNode jdbc) {
    JsonNode e = s.path("endpoints");
    List<String[]> rows = new ArrayList<>();
    double insert = jdbc.path("insert_c8").asDouble();
    atLeast(rows, "GET by name ≥ 0.5× HTTP ceiling", e.at("/get_name/c8/rps").asDouble(), http.at("/get_c8/rps").asDouble(), 0.5);
    atLeast(rows, "create ≥ 0.5× JDBC inserts", e.at("/create/c8/rps").asDouble(), insert, 0.5);
    atLeast(rows, "PUT upsert (a change) ≥ 0.5× JDBC inserts", e.at("/put_change/c8/rps").asDouble(), insert, 0.5);
    atLeast(rows, "PUT upsert (no change) ≥ 0.5× JDBC inserts", e.at("/put_same/c8/rps").asDouble(), insert, 0.5);
    atLeast(rows, "PUT, no change ≥ GET by name", e.at("/put_same/c8/rps").asDouble(), e.at("/get_name/c8/rps").asDouble(), 1.0);
    double bulk = s.at("/once/bulkServices10000/seconds").asDouble();
    double batch = jdbc.path("batch10k_seconds").asDouble();
    if (bulk > 0 && batch > 0) {
      rows.add(new String[] {"bulk of 10,000 ≤ 2× a raw 10,000-row batch",
          String.format(Locale.ROOT, "%.2f s vs %.2f s = %.1f×", bulk, batch, bulk / batch), mark(bulk <= 2 * batch)});
    }
    below(rows, "GET by name p99 < 5 ms at 80% load", e.at("/get_name/open80/p99Ms").asDouble(), 5);
    below(rows, "PUT (a change) p99 < 10 ms at 80% load", e.at("/put_change/open80/p99Ms").asDouble(), 10);
    JsonNode start = s.path("start");
    for (String[] st : new String[][] {{"firstAfterBuild", "first start after a build"}, {"freshStore", "a fresh store"},
        {"restart", "a restart"}}) {
      below(rows, "ready < 1,500 ms, " + st[1], start.at("/" + st[0] + "/firstOkMs").asDouble(), 1500);
    }
    below(rows, "RSS idle < 150 MB", s.at("/rssMb/idle").asDouble(), 150);
    below(rows, "RSS right after the loads < 250 MB", s.at("/rssMb/afterLoads").asDouble(), 250);
    below(rows, "RSS " + StoreRun.QUIET.toSeconds() + " s after the loads < 250 MB", s.at("/rssMb/afterLoadsQuiet").asDouble(), 250);
    md.append(kind.equals("sqlite") ? "| target (embedded store) | measured | met |\n" : "| target (set for the embedded store; reported) | measured | met |\n");
    md.append("|---|---|---|\n");
    for (String[] row : rows) {
      md.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
  }

  private void scale(StringBuilder md, JsonNode scale) {
    if (scale.isMissingNode()) {
      return;
    }
    md.append("\n| catalog size | GET req/s · p99 ms | list page 1 req/s · p99 ms | deep page req/s · p99 ms | create req/s | load s |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    for (String what : List.of("services", "tables")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = scale.path(what).fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> size = it.next();
        JsonNode v = size.getValue();
        md.append(String.format(Locale.ROOT, "| %,d %s | %,.0f · %.2f | %,.0f · %.2f | %,.0f · %.2f | %,.0f | %.1f |%n",
            Integer.parseInt(size.getKey()), what, v.at("/get/rps").asDouble(), v.at("/get/p99Ms").asDouble(),
            v.at("/list/rps").asDouble(), v.at("/list/p99Ms").asDouble(), v.at("/deepPage/rps").asDouble(),
            v.at("/deepPage/p99Ms").asDouble(), v.at("/create/rps").asDouble(), v.path("loadSeconds").asDouble()));
      }
    }
    md.append("\np99 at one fixed rate per row kind (half of what the smallest size reached), so sizes compare at equal load.\n");
  }

  private static void atLeast(List<String[]> rows, String target, double value, double ceiling, double factor) {
    if (value <= 0 || ceiling <= 0) {
      return;
    }
    rows.add(new String[] {target, String.format(Locale.ROOT, "%,.0f vs %,.0f = %.2f×", value, ceiling, value / ceiling),
        mark(value >= factor * ceiling)});
  }

  private static void below(List<String[]> rows, String target, double value, double limit) {
    if (value > 0) {
      rows.add(new String[] {target, String.format(Locale.ROOT, "%,.1f", value), mark(value < limit)});
    }
  }

  private static String mark(boolean met) {
    return met ? "✓" : "✗";
  }

  private static String ratio(double value, double ceiling) {
    return ceiling > 0 ? String.format(Locale.ROOT, "%.2f×", value / ceiling) : "–";
  }

  private static String percentiles(JsonNode open) {
    if (open.isMissingNode()) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", open.path("p50Ms").asDouble(), open.path("p99Ms").asDouble(),
        open.path("p999Ms").asDouble());
  }

  private static String jdbcLine(String label, JsonNode j) {
    return String.format(Locale.ROOT, "%s inserts %,.0f / %,.0f per s, point reads %,.0f / %,.0f per s, a 10,000-row batch %.2f s",
        label, j.path("insert_c1").asDouble(), j.path("insert_c8").asDouble(), j.path("read_c1").asDouble(),
        j.path("read_c8").asDouble(), j.path("batch10k_seconds").asDouble());
  }

  // ------------------------------------------------------------------ charts

  /** Writes each store's charts into {@code dir}: throughput against the ceilings, p99, and (with --scale) size. */
  List<Path> charts(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = results.get("stores").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> store = it.next();
      String kind = store.getKey();
      JsonNode s = store.getValue();
      String name = STORE_NAMES.getOrDefault(kind, kind);
      JsonNode jdbc = kind.equals("sqlite") ? s.at("/ceilings/jdbc/normal") : s.at("/ceilings/jdbc/default");
      double httpGet = s.at("/ceilings/http/get_c8/rps").asDouble();
      double inserts = jdbc.path("insert_c8").asDouble();
      List<Svg.Bar> throughput = new ArrayList<>();
      List<Svg.Bar> p99 = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> e = s.path("endpoints").fields(); e.hasNext(); ) {
        JsonNode v = e.next().getValue();
        boolean write = v.path("write").asBoolean();
        double rps = v.at("/c8/rps").asDouble();
        double ceiling = write ? inserts : httpGet;
        if (ceiling > 0) {
          throughput.add(new Svg.Bar(v.path("label").asText(), rps / ceiling, false, String.format(Locale.ROOT,
              "%.2f× (%,.0f req/s of %,.0f, %s)", rps / ceiling, rps, ceiling, write ? "JDBC inserts" : "HTTP GET")));
        }
        p99.add(new Svg.Bar(v.path("label").asText(), v.at("/open80/p99Ms").asDouble(), false, null));
      }
      if (!throughput.isEmpty()) {
        written.add(write(dir.resolve(kind + "-throughput.svg"), Svg.bars(name
            + ": throughput at 8 connections as a share of this machine's ceiling", "", throughput,
            List.of(new Svg.Line("target 0.5×", 0.5), new Svg.Line("ceiling", 1.0)))));
      }
      written.add(write(dir.resolve(kind + "-p99.svg"), Svg.bars(name + ": p99 at 80% of that throughput (open loop)", "ms", p99,
          List.of(new Svg.Line("GET target 5 ms", 5), new Svg.Line("PUT target 10 ms", 10)))));
      JsonNode scale = s.path("scale");
      if (!scale.isMissingNode()) {
        List<Svg.Bar> sizes = new ArrayList<>();
        for (String what : List.of("services", "tables")) {
          for (Iterator<Map.Entry<String, JsonNode>> e = scale.path(what).fields(); e.hasNext(); ) {
            Map.Entry<String, JsonNode> size = e.next();
            String n = String.format(Locale.ROOT, "%,d %s", Integer.parseInt(size.getKey()), what);
            for (String read : List.of("get", "list", "deepPage")) {
              sizes.add(new Svg.Bar(n + ": " + read, size.getValue().at("/" + read + "/p99Ms").asDouble(), false, null));
            }
          }
        }
        written.add(write(dir.resolve(kind + "-scale.svg"), Svg.bars(name + ": p99 against catalog size (equal load)", "ms", sizes,
            List.of())));
      }
    }
    return written;
  }

  private static Path write(Path file, String content) throws IOException {
    return Files.writeString(file, content);
  }

  /** Replaces the generated part of docs/performance.md and writes the charts beside it. */
  void publish(Path markdown, Path chartDir) throws IOException {
    List<Path> charts = charts(chartDir);
    StringBuilder block = new StringBuilder(BEGIN).append("\n").append(markdown());
    block.append("\n");
    for (Path chart : charts) {
      block.append("![").append(chart.getFileName()).append("](performance/").append(chart.getFileName()).append(")\n");
    }
    block.append(END);
    String text = Files.exists(markdown) ? Files.readString(markdown) : "";
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    String updated = begin >= 0 && end > begin
        ? text.substring(0, begin) + block + text.substring(end + END.length())
        : text + "\n" + block + "\n";
    Files.writeString(markdown, updated);
  }
}
