package meridian.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the benchmark starts and stops: Meridian through its launcher (with the launcher's JVM
 * flags, as a user runs it) or a ceiling in a JVM with the JVM's default flags. Knows when it
 * listened and first answered 200, and its resident memory.
 */
final class MeridianProcess implements AutoCloseable {
  private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
  final int port;
  final Process process;
  final Path log;
  /** Milliseconds from process start to the "listening on" line and to the first 200. */
  final double listeningMillis;
  final double firstOkMillis;

  private MeridianProcess(int port, Process process, Path log, double listeningMillis, double firstOkMillis) {
    this.port = port;
    this.process = process;
    this.log = log;
    this.listeningMillis = listeningMillis;
    this.firstOkMillis = firstOkMillis;
  }

  /** Starts `meridian serve` on {@code store} and waits until /api/v1/system/version answers 200. */
  static MeridianProcess serve(Path launcher, Store store, Path log, Map<String, String> env) {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(launcher.toString(), "serve"));
    command.addAll(store.serverArgs());
    command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
    return start(command, env, port, log, "/api/v1/system/version");
  }

  /** Starts a ceiling's main class in a JVM with the default flags, on the jar and the bench's classes. */
  static MeridianProcess ceiling(String classPath, String mainClass, Path log) {
    int port = freePort();
    List<String> command = List.of(javaBinary(), "-cp", classPath, mainClass, Integer.toString(port));
    return start(command, Map.of(), port, log, "/doc");
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static MeridianProcess start(List<String> command, Map<String, String> env, int port, Path log, String probe) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new BenchException("cannot start " + command.get(0) + ": " + e.getMessage());
    }
    double listening = Double.NaN;
    URI uri = URI.create("http://127.0.0.1:" + port + probe);
    long deadline = start + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new BenchException("the process stopped while starting; its output:\n" + read(log));
      }
      if (Double.isNaN(listening) && read(log).contains("listening on")) {
        listening = (System.nanoTime() - start) / 1e6;
      }
      try {
        HttpResponse<Void> response = PROBE.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          double ok = (System.nanoTime() - start) / 1e6;
          return new MeridianProcess(port, process, log, Double.isNaN(listening) ? ok : listening, ok);
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted");
      }
    }
    process.destroyForcibly();
    throw new BenchException("not ready within 60 s; its output:\n" + read(log));
  }

  /** Resident memory in MB, from /proc (the launcher execs java, so this is the JVM's). */
  double rssMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      // gone
    }
    return Double.NaN;
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new BenchException("no free port: " + e.getMessage());
    }
  }
}
