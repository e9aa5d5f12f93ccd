package meridian.server;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import meridian.store.DatabaseConfig;

/**
 * Everything a server process is told at start (contract §1), validated once. {@link #toString}
 * never shows the database password.
 */
public record MeridianConfig(
    String host, int port, Path dataDir, String databaseUrl, String databaseUser, String databasePassword,
    Path secretKeyFile, java.time.Duration testConnectionTimeout, int databasePoolSize, java.time.Duration databaseTimeout,
    meridian.core.features.connections.OutboundPolicy outbound, meridian.core.features.ingestion.IngestionSettings ingestion) {

  /** Contract defaults: a test connection gets 10 s in all. */
  public static final java.time.Duration DEFAULT_TEST_CONNECTION_TIMEOUT = java.time.Duration.ofSeconds(10);
  /** Connections per process: 8 for the embedded store (one writer at a time anyway), 16 for an external one. */
  public static final int DEFAULT_EMBEDDED_POOL = 8;
  public static final int DEFAULT_EXTERNAL_POOL = 16;

  public MeridianConfig(
      String host, int port, Path dataDir, String databaseUrl, String databaseUser, String databasePassword, Path secretKeyFile) {
    this(host, port, dataDir, databaseUrl, databaseUser, databasePassword, secretKeyFile, DEFAULT_TEST_CONNECTION_TIMEOUT);
  }

  public MeridianConfig(
      String host, int port, Path dataDir, String databaseUrl, String databaseUser, String databasePassword, Path secretKeyFile,
      java.time.Duration testConnectionTimeout) {
    this(host, port, dataDir, databaseUrl, databaseUser, databasePassword, secretKeyFile, testConnectionTimeout, 0, null, null, null);
  }

  /** This configuration with the serve-only settings replaced. */
  public MeridianConfig withServing(java.time.Duration testConnectionTimeout, int databasePoolSize, java.time.Duration databaseTimeout) {
    return new MeridianConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, secretKeyFile,
        testConnectionTimeout, databasePoolSize, databaseTimeout, outbound, ingestion);
  }

  /** This configuration with another outbound policy ({@code --outbound-allow}, {@code --outbound-deny}). */
  public MeridianConfig withOutbound(meridian.core.features.connections.OutboundPolicy policy) {
    return new MeridianConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, secretKeyFile,
        testConnectionTimeout, databasePoolSize, databaseTimeout, policy, ingestion);
  }

  /** This configuration with other ingestion settings ({@code --ingestion-kept-runs}, {@code --ingestion-statement-timeout}). */
  public MeridianConfig withIngestion(meridian.core.features.ingestion.IngestionSettings settings) {
    return new MeridianConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, secretKeyFile,
        testConnectionTimeout, databasePoolSize, databaseTimeout, outbound, settings);
  }

  public MeridianConfig {
    Objects.requireNonNull(host, "host is null");
    Objects.requireNonNull(dataDir, "dataDir is null");
    if (testConnectionTimeout == null) {
      testConnectionTimeout = DEFAULT_TEST_CONNECTION_TIMEOUT;
    }
    if (testConnectionTimeout.isNegative() || testConnectionTimeout.isZero() || testConnectionTimeout.toMinutes() > 10) {
      throw new ConfigException("--test-connection-timeout must be more than 0 and at most 10m, not "
          + testConnectionTimeout.toString().substring(2).toLowerCase(Locale.ROOT));
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException("--port must be between 0 and 65535, not " + port);
    }
    if (databaseTimeout == null) {
      databaseTimeout = DatabaseConfig.DEFAULT_CONNECTION_TIMEOUT;
    }
    if (outbound == null) {
      outbound = meridian.core.features.connections.OutboundPolicy.DEFAULT;
    }
    if (ingestion == null) {
      ingestion = meridian.core.features.ingestion.IngestionSettings.DEFAULT;
    }
    if (databaseTimeout.toMillis() < 1000 || databaseTimeout.toMinutes() > 5) {
      throw new ConfigException("--database-timeout must be at least 1s and at most 5m, not "
          + databaseTimeout.toString().substring(2).toLowerCase(Locale.ROOT));
    }
    if (databasePoolSize < 0 || databasePoolSize > 500) {
      throw new ConfigException("--database-pool-size must be between 1 and 500, not " + databasePoolSize);
    }
    if (databaseUrl != null && databaseUrl.isBlank()) {
      databaseUrl = null;
    }
    if (databaseUrl != null) {
      String lower = databaseUrl.toLowerCase(Locale.ROOT);
      if (!lower.startsWith("jdbc:postgresql:") && !lower.startsWith("jdbc:mariadb:") && !lower.startsWith("jdbc:mysql:")) {
        throw new ConfigException("--database-url must start with jdbc:postgresql:// or jdbc:mariadb://, not " + databaseUrl);
      }
      if (secretKeyFile == null) {
        throw new ConfigException(
            "--secret-key-file is required with --database-url: the database alone must never be enough to read"
                + " secrets (make one with: openssl rand -base64 32 > meridian.key)");
      }
    }
  }

  public boolean embedded() {
    return databaseUrl == null;
  }

  /** The key file in use: the given one, or {@code <data-dir>/secret.key} for the embedded store. */
  public Path keyFile() {
    return secretKeyFile != null ? secretKeyFile : dataDir.resolve("secret.key");
  }

  public DatabaseConfig database() {
    int pool = databasePoolSize > 0 ? databasePoolSize : embedded() ? DEFAULT_EMBEDDED_POOL : DEFAULT_EXTERNAL_POOL;
    return new DatabaseConfig(dataDir, databaseUrl, databaseUser, databasePassword, pool, databaseTimeout);
  }

  @Override
  public String toString() {
    return "MeridianConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", database="
        + (embedded() ? "embedded" : database().safeUrl()) + ", secretKeyFile=" + keyFile() + "]";
  }
}
