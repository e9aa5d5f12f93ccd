package meridian.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version, source revision and build time, from {@code meridian-build.properties} written by Maven. */
public record BuildInfo(String version, String revision, long timestamp) {
  public static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/meridian-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // Fall through to the defaults: a missing file only means an unpackaged build.
    }
    long timestamp;
    try {
      timestamp = java.time.Instant.parse(p.getProperty("built", "")).toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      timestamp = 0;
    }
    String revision = p.getProperty("revision", "");
    return new BuildInfo(
        p.getProperty("version", "dev"), revision.isEmpty() || revision.startsWith("$") ? "unknown" : revision, timestamp);
  }
}
