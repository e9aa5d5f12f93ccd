package meridian.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU went in a JFR recording (of `./meridian bench --jfr FILE`): the methods most often
 * on top of a sampled stack (self time), and the methods of our own packages most often anywhere
 * in one (total time), as shares of all samples.
 *
 *   java -cp meridian.jar:bench/target/classes meridian.bench.JfrTop FILE [rows] [package-prefix]
 */
public final class JfrTop {
  private JfrTop() {}

  public static void main(String[] args) throws IOException {
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    String ours = args.length > 2 ? args[2] : "meridian.";
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> libraries = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      Set<String> libs = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String name = name(frame);
        if (seen.add(name)) {
          total.merge(name, 1, Integer::sum);
        }
        String lib = library(name);
        if (lib != null && libs.add(lib)) {
          libraries.merge(lib, 1, Integer::sum);
        }
      }
    }
    System.out.printf("%d execution samples%n%nself (on top of the stack):%n", samples);
    print(self, rows, samples, "");
    System.out.printf("%nlibraries (anywhere in the stack):%n");
    print(libraries, rows, samples, "");
    System.out.printf("%ntotal (anywhere in the stack), %s* only:%n", ours);
    print(total, rows, samples, ours);
  }

  private static final List<String> LIBRARIES = List.of("org.eclipse.jetty", "io.javalin", "com.fasterxml.jackson",
      "org.jdbi", "org.sqlite", "com.zaxxer.hikari", "org.postgresql", "org.mariadb", "ch.qos.logback", "org.slf4j",
      "io.micrometer", "com.nimbusds", "com.networknt", "org.flywaydb", "sun.security", "kotlin");

  private static String library(String method) {
    for (String library : LIBRARIES) {
      if (method.startsWith(library)) {
        return library;
      }
    }
    return null;
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static void print(Map<String, Integer> counts, int rows, int samples, String prefix) {
    counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .sorted((a, b) -> b.getValue() - a.getValue()).limit(rows)
        .forEach(e -> System.out.printf("%6.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
  }
}
