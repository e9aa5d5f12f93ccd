package meridian.server;

import java.nio.file.Path;
import java.util.Objects;
import meridian.store.DatabaseConfig;

/**
 * Everything a server process is told at start (contract §1), validated once. {@link #toString}
 * never shows the database password.
 */
public record MeridianConfig(
    String host, int port, Path dataDir, String databaseUrl, String databaseUser, String databasePassword,
    Path secretKeyFile, java.time.Duration testConnectionTimeout) {

  /** Contract defaults: a test connection gets 10 s in all. */
  public static final java.time.Duration DEFAULT_TEST_CONNECTION_TIMEOUT = java.time.Duration.ofSeconds(10);

  public MeridianConfig(
      String host, int port, Path dataDir, String databaseUrl, String databaseUser, String databasePassword, Path secretKeyFile) {
    this(host, port, dataDir, databaseUrl, databaseUser, databasePassword, secretKeyFile, DEFAULT_TEST_CONNECTION_TIMEOUT);
  }

  public MeridianConfig {
    Objects.requireNonNull(host, "host is null");
    Objects.requireNonNull(dataDir, "dataDir is null");
    if (testConnectionTimeout == null) {
      testConnectionTimeout = DEFAULT_TEST_CONNECTION_TIMEOUT;
    }
    if (testConnectionTimeout.isNegative() || testConnectionTimeout.isZero() || testConnectionTimeout.toMinutes() > 10) {
      throw new ConfigException("--test-connection-timeout must be more than 0 and at most 10m, not "
          + testConnectionTimeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException("--port must be between 0 and 65535, not " + port);
    }
    if (databaseUrl != null && databaseUrl.isBlank()) {
      databaseUrl = null;
    }
    if (databaseUrl != null) {
      String lower = databaseUrl.toLowerCase(java.util.Locale.ROOT);
      if (!lower.startsWith("jdbc:postgresql:") && !lower.startsWith("jdbc:mariadb:") && !lower.startsWith("jdbc:mysql:")) {
        throw new ConfigException("--database-url must start with jdbc:postgresql:// or jdbc:mariadb://, not " + databaseUrl);
      }
      if (secretKeyFile == null) {
        throw new ConfigException(
            "--secret-key-file is required with --database-url: the database alone must never be enough to read"
                + " secrets (make one with: openssl rand -base64 32 > meridian.key)");
      }
      // The PostgreSQL and MariaDB stores (drivers, migrations, their test suites) are the
      // production-stores step of the roadmap; until then say so instead of "No suitable driver".
      throw new ConfigException(
          "--database-url is not supported by this build yet (PostgreSQL and MariaDB come with the production-stores"
              + " step); leave it out to use the embedded store in --data-dir");
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
    return new DatabaseConfig(dataDir, databaseUrl, databaseUser, databasePassword, embedded() ? 8 : 16);
  }

  @Override
  public String toString() {
    return "MeridianConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", database="
        + (embedded() ? "embedded" : databaseUrl) + ", secretKeyFile=" + keyFile() + "]";
  }
}
