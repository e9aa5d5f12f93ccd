package meridian.bench;

import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP ceiling: a bare Javalin route on Jetty (the stack Meridian runs on) answering a fixed 1 KB
 * JSON document, with nothing else on the request path. GET /doc answers it; PUT /doc reads the
 * body and answers it. Run by the benchmark in a JVM of its own with the JVM's default flags.
 *
 *   java -cp meridian.jar:bench-classes meridian.bench.HttpCeiling PORT
 */
public final class HttpCeiling {
  private HttpCeiling() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    byte[] doc = Fixtures.serviceDocument(1024).getBytes(StandardCharsets.UTF_8);
    Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jetty.host = "127.0.0.1";
      config.jetty.port = port;
      config.http.generateEtags = false;
      config.routes.get("/doc", ctx -> ctx.contentType("application/json").result(doc));
      config.routes.put("/doc", ctx -> {
        ctx.bodyAsBytes();
        ctx.contentType("application/json").result(doc);
      });
    }).start();
    System.out.println("listening on " + port);
  }
}
