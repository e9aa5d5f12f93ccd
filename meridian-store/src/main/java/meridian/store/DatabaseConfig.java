package meridian.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the catalog lives: the embedded SQLite file in {@code dataDir}, or an external database
 * when {@code url} is set.
 */
public record DatabaseConfig(Path dataDir, String url, String user, String password, int maxPoolSize) {
  public DatabaseConfig {
    Objects.requireNonNull(dataDir, "dataDir is null");
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

  @Override
  public String toString() {
    // The password never reaches a log line.
    return "DatabaseConfig[url=" + jdbcUrl() + ", user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
  }
}
