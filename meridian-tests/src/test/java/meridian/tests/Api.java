package meridian.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small client over the JDK HTTP client: one method per verb, bodies as JSON text. */
public final class Api {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
  public static final ObjectMapper JSON = new ObjectMapper();
  /** A header value that means: send no such header at all (e.g. a body without Content-Type). */
  public static final String OMIT = "\u0000omit";

  private final String baseUrl;
  private final String authorization;

  /** {@code authorization} is the raw {@code Authorization} header value, or null for none. */
  private Api(String baseUrl, String authorization) {
    this.baseUrl = baseUrl;
    this.authorization = authorization;
  }

  public static Api bearer(String baseUrl, String token) {
    return new Api(baseUrl, token == null ? null : "Bearer " + token);
  }

  /** The same server with another raw {@code Authorization} header (null: none). */
  public Api withAuthorization(String header) {
    return new Api(baseUrl, header);
  }

  public Response get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Response post(String path, String body) {
    return send("POST", path, body, Map.of());
  }

  public Response put(String path, String body) {
    return send("PUT", path, body, Map.of());
  }

  public Response patch(String path, String body) {
    return send("PATCH", path, body, Map.of("Content-Type", "application/json-patch+json"));
  }

  public Response delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  /**
   * One request; a body is sent as {@code application/json} unless {@code headers} names another
   * {@code Content-Type}, and {@code headers} replace the client's own (Authorization too).
   */
  public Response send(String method, String path, String body, Map<String, String> headers) {
    return send(method, path, body == null ? null : HttpRequest.BodyPublishers.ofString(body), headers, false);
  }

  /** The same with any body publisher (e.g. one of unknown length, sent chunked) and optional 100-continue. */
  public Response send(
      String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers, boolean expectContinue) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(120))
            .expectContinue(expectContinue)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
    boolean typed = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Content-Type"));
    if (body != null && !typed) {
      request.setHeader("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.setHeader("Authorization", authorization);
    }
    headers.forEach((name, value) -> {
      if (!OMIT.equals(value)) {
        request.setHeader(name, value);
      }
    });
    HttpRequest built = request.build();
    try {
      HttpResponse<String> response = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response: status, headers and body, with the body parsed on demand. */
  public record Response(int status, Map<String, List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (status " + status + "): " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst()
          .orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
