package meridian.http.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web UI at {@code /}: the page Vite built into the jar's resources ({@code meridian/ui}, from
 * the {@code meridian-ui} module), served with a Content-Security-Policy that allows no inline
 * script or style and no other origin, and its content-hashed assets cached for a year. The UI is
 * a client of the public API like any other; these routes need no token (the API calls do).
 */
public final class UiRoutes {
  static final String ROOT = "meridian/ui/";
  public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self';"
      + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
  /** Vite's asset names: a name, a content hash, an extension; nothing that could climb out of the folder. */
  private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9_.-]+-[A-Za-z0-9_-]{6,}\\.(js|css|svg|png|woff2)");
  private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml", "png", "image/png", "woff2", "font/woff2");

  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  public void mount(RoutesConfig routes) {
    routes.get("/", this::page);
    routes.get("/assets/{file}", this::asset);
  }

  private void page(Context ctx) {
    byte[] page = read("index.html");
    secure(ctx);
    if (page == null) {
      ctx.status(200).contentType("text/plain; charset=utf-8").header("Cache-Control", "no-cache")
          .result("Meridian is running. This build has no web UI (build it with: mvn -B -DskipTests package); the API is at /api/v1.");
      return;
    }
    // The page names the current assets: always asked again, so a new release is seen at once.
    ctx.status(200).contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(page);
  }

  private void asset(Context ctx) {
    String file = ctx.pathParam("file");
    var matcher = ASSET.matcher(file);
    byte[] bytes = matcher.matches() ? read("assets/" + file) : null;
    secure(ctx);
    if (bytes == null) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("no such asset: " + file);
      return;
    }
    ctx.status(200).contentType(TYPES.get(matcher.group(1))).header("Cache-Control", "public, max-age=31536000, immutable").result(bytes);
  }

  private static void secure(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
  }

  /** A resource of the built UI, read once; null when this build has none. */
  private byte[] read(String name) {
    byte[] cached = cache.get(name);
    if (cached != null) {
      return cached;
    }
    try (InputStream in = UiRoutes.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      cache.put(name, bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
