package meridian.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./meridian ingest --service NAME [--follow]}: starts a metadata run of a service on a
 * running server, over its API, as OM's UI would (the service's metadata pipeline, made with OM's
 * defaults when it has none: asking for a run is asking for a pipeline), and with {@code --follow}
 * shows the run until it ends — a progress line redrawn on a terminal, plain lines otherwise — and
 * exits 1 when it failed.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {
      "Run the metadata ingestion of a database service on a running server (the service's metadata pipeline; one is made"
          + " with OM's defaults if it has none).",
      "Exit status with --follow: 0 when the run succeeded (or partly: OM's partialSuccess), 1 when it failed, 2 for bad usage."})
final class IngestCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PIPELINES = "/api/v1/services/ingestionPipelines";

  @Option(names = "--service", required = true, paramLabel = "NAME", description = "The database service to ingest.")
  String service;

  @Option(names = "--pipeline", paramLabel = "NAME", description = "Which of the service's metadata pipelines (when it has several).")
  String pipeline;

  @Option(names = "--follow", description = "Wait for the run to end, showing its progress.")
  boolean follow;

  @Option(names = "--server", defaultValue = "http://127.0.0.1:8585", paramLabel = "URL",
      description = "The server's address (default: ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "--token", defaultValue = "${env:MERIDIAN_TOKEN}", paramLabel = "JWT",
      description = "A token of a user or bot who may run the service's pipelines; prefer the environment variable MERIDIAN_TOKEN"
          + " (e.g. MERIDIAN_TOKEN=$(./meridian token --user ingestion-bot)).")
  String token;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (token == null || token.isBlank()) {
      throw new ConfigException("--token (or MERIDIAN_TOKEN) is required, e.g. MERIDIAN_TOKEN=$(./meridian token --user ingestion-bot)");
    }
    JsonNode target = pipeline();
    JsonNode triggered = call("POST", PIPELINES + "/trigger/" + target.get("id").asText(), "");
    String reason = triggered.path("reason").asText();
    String run = reason.replaceAll(".*run ", "");
    String fqn = target.get("fullyQualifiedName").asText();
    System.out.println("meridian: started run " + run + " of " + fqn);
    if (!follow) {
      return 0;
    }
    boolean terminal = System.console() != null;
    PrintStream out = System.out;
    long started = System.currentTimeMillis();
    JsonNode status;
    long lastRecords = -1;
    while (true) {
      Thread.sleep(200); // a run of a few thousand tables takes seconds: a finer look costs one small read
      status = call("GET", PIPELINES + "/" + encode(fqn) + "/pipelineStatus/" + run, null);
      String state = status.path("pipelineState").asText();
      long records = status.at("/status/0/records").asLong(0);
      long seconds = (System.currentTimeMillis() - started) / 1000;
      if (terminal) {
        out.print("\r" + spinner(seconds) + " " + state + ": " + records + " records, " + seconds + " s   ");
        out.flush();
      } else if (records != lastRecords) {
        out.println("meridian: " + state + ": " + records + " records after " + seconds + " s");
      }
      lastRecords = records;
      if (!state.equals("running") && !state.equals("queued")) {
        break;
      }
    }
    if (terminal) {
      out.println();
    }
    JsonNode step = status.at("/status/0");
    System.out.println("meridian: run " + run + " ended " + status.get("pipelineState").asText() + ": " + step.path("records").asLong()
        + " records, " + step.path("updated_records").asLong() + " updated, " + step.path("errors").asLong() + " errors, "
        + step.path("filtered").asLong() + " filtered");
    for (JsonNode failure : step.path("failures")) {
      System.out.println("  " + failure.path("name").asText() + ": " + failure.path("error").asText());
    }
    return status.get("pipelineState").asText().equals("failed") ? 1 : 0;
  }

  private static String spinner(long seconds) {
    return new String[] {"|", "/", "-", "\\"}[(int) (seconds % 4)];
  }

  /** The service's metadata pipeline: the one named, its only one, or a new one with OM's defaults. */
  private JsonNode pipeline() throws IOException, InterruptedException {
    JsonNode svc = call("GET", "/api/v1/services/databaseServices/name/" + encode(service), null);
    JsonNode list = call("GET", PIPELINES + "?pipelineType=metadata&limit=100&service=" + encode(svc.get("fullyQualifiedName").asText()),
        null).get("data");
    if (pipeline != null) {
      for (JsonNode p : list) {
        if (p.get("name").asText().equals(pipeline)) {
          return p;
        }
      }
      throw new ConfigException("service " + service + " has no metadata pipeline named " + pipeline);
    }
    if (list.size() == 1) {
      return list.get(0);
    }
    if (list.size() > 1) {
      StringBuilder names = new StringBuilder();
      list.forEach(p -> names.append(names.length() == 0 ? "" : ", ").append(p.get("name").asText()));
      throw new ConfigException("service " + service + " has several metadata pipelines (" + names + "); name one with --pipeline");
    }
    ObjectNode create = JSON.createObjectNode();
    create.put("name", service + "_metadata");
    create.put("pipelineType", "metadata");
    create.putObject("service").put("id", svc.get("id").asText()).put("type", "databaseService");
    create.putObject("sourceConfig").putObject("config").put("type", "DatabaseMetadata");
    create.putObject("airflowConfig");
    System.out.println("meridian: made the metadata pipeline " + service + "_metadata (OM's defaults, no schedule)");
    return call("POST", PIPELINES, create.toString());
  }

  private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.replaceAll("/+$", "") + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("cannot reach the server at " + server + ": " + e.getMessage());
    }
    JsonNode answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    if (response.statusCode() >= 400) {
      throw new ConfigException(method + " " + path + " answered " + response.statusCode() + ": " + answer.path("message").asText(response.body()));
    }
    return answer;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
