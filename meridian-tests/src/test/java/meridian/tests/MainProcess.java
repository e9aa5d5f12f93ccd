package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code ./meridian} command as its own process, the way the launcher runs it: the server's
 * main class on this test's class path, with no {@code MERIDIAN_*} variable but those given.
 */
public final class MainProcess {
  private MainProcess() {}

  /** What a finished command said and returned. */
  public record Result(int exit, String out, String err) {}

  /** Runs a command to its end (at most two minutes). */
  public static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    Process process = start(env, args);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("exits").isTrue();
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  public static Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  /** Starts a command and leaves it running. */
  public static Process start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        "meridian.server.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("MERIDIAN_"));
    builder.environment().putAll(env);
    return builder.start();
  }
}
