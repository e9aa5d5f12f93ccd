package meridian.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One request of a load, sent either on a plain socket (the open loop's own client) or the JDK's HttpClient. */
record Req(String method, String path, Map<String, String> headers, String body) {
  static Req get(String path, Map<String, String> headers) {
    return new Req("GET", path, headers, null);
  }

  /** The request as HTTP/1.1 bytes, for a keep-alive connection to {@code host:port}. */
  byte[] encode(String hostPort) {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
        .append(hostPort).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(content.length).append("\r\n");
    }
    byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[start.length + content.length];
    System.arraycopy(start, 0, all, 0, start.length);
    System.arraycopy(content, 0, all, start.length, content.length);
    return all;
  }

  HttpRequest toHttpRequest(String base) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
    headers.forEach(builder::header);
    return builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
