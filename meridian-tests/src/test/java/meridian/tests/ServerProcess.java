package meridian.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import meridian.server.Catalog;
import meridian.server.MeridianConfig;

/**
 * {@code meridian serve} as its own operating-system process (the same main class the launcher
 * runs, on this test's class path), for what an in-process server cannot show: a {@code kill -9}
 * in the middle of writes, or a replica that dies while another keeps serving.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

  private final Process process;
  private final StringBuffer output;
  private final int port;

  private ServerProcess(Process process, int port, StringBuffer output) {
    this.process = process;
    this.port = port;
    this.output = output;
  }

  /** Starts {@code serve} on the store of {@code config}, on a free port, and waits until it listens. */
  public static ServerProcess start(MeridianConfig config, String... extra) {
    // The production JVM options (the build's meridian.jvm.options, as failsafe passes them).
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String option : System.getProperty("meridian.jvm.options", "").trim().split("\\s+")) {
      if (!option.isEmpty()) {
        command.add(option);
      }
    }
    command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"),
        "meridian.server.Main", "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", config.dataDir().toString()));
    if (config.databaseUrl() != null) {
      command.addAll(List.of("--database-url", config.databaseUrl(), "--database-user", config.databaseUser()));
    }
    if (config.secretKeyFile() != null) {
      command.addAll(List.of("--secret-key-file", config.secretKeyFile().toString()));
    }
    command.addAll(List.of(extra));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("MERIDIAN_"));
    if (config.databasePassword() != null) {
      builder.environment().put("MERIDIAN_DATABASE_PASSWORD", config.databasePassword());
    }
    try {
      Process process = builder.start();
      StringBuffer output = new StringBuffer();
      CountDownLatch ready = new CountDownLatch(1);
      int[] port = {-1};
      Thread reader = new Thread(() -> {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = lines.readLine()) != null; ) {
            output.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (port[0] < 0 && m.find()) {
              port[0] = Integer.parseInt(m.group(1));
              ready.countDown();
            }
          }
        } catch (IOException e) {
          // The process is gone; what it said is in output.
        }
        ready.countDown();
      }, "server-process-output");
      reader.setDaemon(true);
      reader.start();
      if (!ready.await(60, TimeUnit.SECONDS) || port[0] < 0) {
        process.destroyForcibly();
        throw new IllegalStateException("the server did not start:\n" + output);
      }
      return new ServerProcess(process, port[0], output);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A token for {@code user}, signed with the key in the store (what {@code ./meridian token} prints). */
  public static String token(MeridianConfig config, String user) {
    try (Catalog catalog = Catalog.open(config, Clock.systemUTC(), null)) {
      return catalog.tokens().issue(user, user.equals(Catalog.INGESTION_BOT), Duration.ofHours(1));
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public Api api(String token) {
    return Api.bearer(baseUrl(), token);
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye; what was acknowledged must already be durable. */
  public void kill9() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** What the process printed so far (it never holds a secret: other tests check the log). */
  public String output() {
    return output.toString();
  }

  /** SIGTERM and a wait for the clean stop. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
