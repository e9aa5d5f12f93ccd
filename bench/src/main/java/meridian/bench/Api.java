package meridian.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The calls the benchmark makes to set a catalog up and to time one-off operations. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  final String base;
  final String token;

  Api(String base, String token) {
    this.base = base;
    this.token = token;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(30))
        .header("Authorization", "Bearer " + token);
  }

  static HttpRequest.BodyPublisher body(String json) {
    return HttpRequest.BodyPublishers.ofString(json);
  }

  JsonNode get(String path) {
    return send(request(path).GET().build());
  }

  JsonNode post(String path, String json) {
    return send(request(path).header("Content-Type", "application/json").POST(body(json)).build());
  }

  JsonNode put(String path, String json) {
    return send(request(path).header("Content-Type", "application/json").PUT(body(json)).build());
  }

  JsonNode delete(String path) {
    return send(request(path).DELETE().build());
  }

  /** Sends one request and answers its JSON body; anything but a 2xx stops the benchmark. */
  JsonNode send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        String body = response.body();
        throw new BenchException(request.method() + " " + request.uri().getPath() + " answered "
            + response.statusCode() + ": " + (body.length() > 500 ? body.substring(0, 500) + "…" : body));
      }
      return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new BenchException(request.method() + " " + request.uri().getPath() + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted");
    }
  }
}
