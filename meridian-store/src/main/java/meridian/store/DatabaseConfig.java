package meridian.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the catalog lives: the embedded SQLite file in {@code dataDir}, or an external database
 * when {@code url} is set. {@code connectionTimeout} bounds how long a request waits for a
 * connection before the store counts as unavailable.
 */
public record DatabaseConfig(
    Path dataDir, String url, String user, String password, int maxPoolSize, Duration connectionTimeout) {
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  public DatabaseConfig {
    Objects.requireNonNull(dataDir, "dataDir is null");
    if (connectionTimeout == null) {
      connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
    }
  }

  public DatabaseConfig(Path dataDir, String url, String user, String password, int maxPoolSize) {
    this(dataDir, url, user, password, maxPoolSize, DEFAULT_CONNECTION_TIMEOUT);
  }

  public boolean embedded() {
    return url == null || url.isBlank();
  }

  /** The embedded store's file. */
  public Path embeddedFile() {
    return dataDir.resolve("meridian.db");
  }

  public String jdbcUrl() {
    return embedded() ? "jdbc:sqlite:" + embeddedFile() : url;
  }

  /** The URL without a {@code password=} parameter, for messages and logs. */
  public String safeUrl() {
    return jdbcUrl().replaceAll("(?i)(password=)[^&;]*", "$1****");
  }

  @Override
  public String toString() {
    // The password never reaches a log line.
    return "DatabaseConfig[url=" + safeUrl() + ", user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
  }
}
