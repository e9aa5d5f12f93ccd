package meridian.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The closed loop: wrk (Debian's package) at a number of connections for a fixed time, after a
 * warm-up run of the same. Each connection sends its next request when the last one is answered,
 * so the rate it reaches is the server's throughput at that concurrency.
 */
final class Wrk {
  private Wrk() {}

  record Result(double rps, double p50, double p99, long non2xx) {}

  static void check() {
    try {
      Process process = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      process.waitFor();
    } catch (IOException | InterruptedException e) {
      throw new BenchException("wrk is missing: apt-get install wrk");
    }
  }

  /**
   * Runs wrk against {@code url} at {@code connections}; {@code script} (a Lua file, or null) builds
   * the requests, {@code args} go to it after "--".
   */
  static Result run(String url, int connections, int warmUpSeconds, int seconds, Map<String, String> headers, Path script,
      List<String> args) {
    if (warmUpSeconds > 0) {
      // The warm-up's own run id, so the names it creates are not created again by the measured run.
      List<String> warmArgs = new ArrayList<>(args);
      if (!warmArgs.isEmpty()) {
        warmArgs.set(0, warmArgs.get(0) + "warm");
      }
      exec(url, connections, warmUpSeconds, headers, script, warmArgs);
    }
    return parse(exec(url, connections, seconds, headers, script, args));
  }

  private static String exec(String url, int connections, int seconds, Map<String, String> headers, Path script,
      List<String> args) {
    List<String> command = new ArrayList<>(List.of("wrk", "-t" + Math.min(2, connections), "-c" + connections,
        "-d" + seconds + "s", "--latency", "--timeout", "10s"));
    headers.forEach((name, value) -> command.addAll(List.of("-H", name + ": " + value)));
    if (script != null) {
      command.addAll(List.of("-s", script.toString()));
    }
    command.add(url);
    if (!args.isEmpty()) {
      command.add("--");
      command.addAll(args);
    }
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new BenchException("wrk failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new BenchException("wrk could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted");
    }
  }

  static Result parse(String out) {
    return new Result(number(out, "Requests/sec:\\s+([0-9.]+)"), millis(out, "50%"), millis(out, "99%"),
        (long) number(out, "Non-2xx or 3xx responses:\\s+([0-9]+)"));
  }

  private static double number(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** A latency line of wrk's distribution ("99%   12.34ms") in milliseconds. */
  private static double millis(String out, String label) {
    Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
    if (!m.find()) {
      return Double.NaN;
    }
    double value = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
  }
}
