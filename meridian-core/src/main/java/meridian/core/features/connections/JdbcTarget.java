package meridian.core.features.connections;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to reach a service of one of the types this server can test itself, over JDBC with the
 * drivers it ships: PostgreSQL and Redshift (PostgreSQL's driver), MySQL and MariaDB (MariaDB's),
 * SQLite. {@code problem} is set, and nothing is tried, when the config can't be tested here
 * (another authentication than a password, say).
 *
 * <p>Nothing of the config reaches the driver but the host and port, the database name (encoded)
 * and the properties set here: a user's text can't add driver options to the URL (pgjdbc's
 * {@code socketFactory}, say), and OM's {@code connectionOptions} / {@code connectionArguments},
 * which are for OM's ingestion, are not passed on.
 */
public record JdbcTarget(Flavor flavor, String url, Properties properties, String database, String problem) {
  /** The families of SQL the steps speak. */
  public enum Flavor {
    POSTGRES,
    REDSHIFT,
    MYSQL,
    SQLITE
  }

  static final Set<String> TYPES = Set.of("Postgres", "Redshift", "Mysql", "MariaDB", "SQLite");

  /** {@code host}, {@code host:port}, {@code [v6]:port}; nothing a URL could read as more. */
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?");

  /** The schemas no test picks as "a random schema". */
  static final List<String> SYSTEM_SCHEMAS =
      List.of("information_schema", "pg_catalog", "pg_toast", "performance_schema", "mysql", "sys");

  /**
   * The target for {@code serviceType} and its config (secrets in the clear), or empty for a type
   * without a driver here. {@code privateDir} is the server's own data directory, whose files a
   * SQLite test may not open.
   */
  public static Optional<JdbcTarget> of(
      String serviceType, JsonNode config, int timeoutSeconds, Path privateDir, OutboundPolicy outbound) {
    return switch (serviceType) {
      case "Postgres" -> Optional.of(postgres(Flavor.POSTGRES, config, config.path("authType"), "postgres", timeoutSeconds, outbound));
      case "Redshift" -> Optional.of(postgres(Flavor.REDSHIFT, config, config, "dev", timeoutSeconds, outbound));
      case "Mysql" -> Optional.of(mysql(config, config.path("authType"), timeoutSeconds, outbound));
      case "MariaDB" -> Optional.of(mysql(config, config, timeoutSeconds, outbound));
      case "SQLite" -> Optional.of(sqlite(config, privateDir));
      default -> Optional.empty();
    };
  }

  /**
   * The host:port to put in the URL: the host resolved and checked against the outbound policy,
   * then given as the address that was checked (or its name, for a TLS check of it); null with
   * {@code refusal[0]} set when the policy refuses it.
   */
  private static String checked(String hostPort, OutboundPolicy outbound, boolean keepName, String[] refusal) {
    java.util.regex.Matcher m = HOST_PORT.matcher(hostPort);
    if (!m.matches()) {
      return hostPort;
    }
    OutboundPolicy.Decision decision = outbound.check(m.group(1), keepName);
    if (decision.refusal() != null) {
      refusal[0] = decision.refusal();
      return null;
    }
    return decision.host() + (m.group(2) == null ? "" : m.group(2));
  }

  private static JdbcTarget postgres(Flavor flavor, JsonNode config, JsonNode auth, String defaultDatabase, int bound,
      OutboundPolicy outbound) {
    Properties p = new Properties();
    // The driver's own timeouts come a second after the test's bound, so that the bound is what ends a hung test.
    int timeout = bound + 1;
    String problem = credentials(config, auth, p);
    String database = config.path("database").asText(defaultDatabase);
    p.setProperty("connectTimeout", Integer.toString(timeout));
    p.setProperty("loginTimeout", Integer.toString(timeout));
    p.setProperty("socketTimeout", Integer.toString(timeout));
    p.setProperty("ApplicationName", "meridian-test-connection");
    String sslMode = config.path("sslMode").asText(null);
    if (sslMode != null) {
      p.setProperty("sslmode", sslMode);
    }
    String hostPort = config.path("hostPort").asText(null);
    problem = problem != null ? problem : hostPortProblem(hostPort);
    if (problem == null) {
      String[] refusal = {null};
      hostPort = checked(hostPort, outbound, sslMode != null && sslMode.startsWith("verify"), refusal);
      problem = refusal[0];
    }
    return new JdbcTarget(flavor, "jdbc:postgresql://" + hostPort + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8), p, database,
        problem);
  }

  private static JdbcTarget mysql(JsonNode config, JsonNode auth, int bound, OutboundPolicy outbound) {
    Properties p = new Properties();
    int timeout = bound + 1;
    String problem = credentials(config, auth, p);
    p.setProperty("connectTimeout", Integer.toString(timeout * 1000));
    p.setProperty("socketTimeout", Integer.toString(timeout * 1000));
    // A server may ask a client for a local file in answer to any query; this one never sends files,
    // and never hands the password over in the clear.
    p.setProperty("allowLocalInfile", "false");
    p.setProperty("restrictedAuth", "mysql_native_password,client_ed25519,caching_sha2_password");
    String hostPort = config.path("hostPort").asText(null);
    problem = problem != null ? problem : hostPortProblem(hostPort);
    if (problem == null) {
      String[] refusal = {null};
      hostPort = checked(hostPort, outbound, false, refusal);
      problem = refusal[0];
    }
    // The schema is chosen once connected (setCatalog), so that its name never becomes part of the URL.
    String schema = config.path("databaseSchema").asText(null);
    return new JdbcTarget(Flavor.MYSQL, "jdbc:mariadb://" + hostPort + "/", p, schema == null || schema.isEmpty() ? null : schema, problem);
  }

  private static JdbcTarget sqlite(JsonNode config, Path privateDir) {
    String path = config.path("databaseMode").asText(":memory:");
    Properties p = new Properties();
    // Read-only, so that a test never creates or changes the file it tests.
    p.setProperty("open_mode", "1");
    String problem = null;
    if (!path.equals(":memory:")) {
      problem = sqliteProblem(path, privateDir);
    }
    return new JdbcTarget(Flavor.SQLITE, "jdbc:sqlite:" + path, p, null, problem);
  }

  private static String sqliteProblem(String path, Path privateDir) {
    if (path.startsWith("file:") || path.contains("?")) {
      return "connection.config.databaseMode must be the path of a SQLite file, not a URI";
    }
    Path file = Path.of(path);
    if (!file.isAbsolute() || !Files.isRegularFile(file)) {
      return "there is no SQLite database file at " + path + " (give an absolute path on the server's machine)";
    }
    try {
      if (privateDir != null && Files.isDirectory(privateDir) && file.toRealPath().startsWith(privateDir.toRealPath())) {
        return "the files of this server's own data directory can't be tested";
      }
    } catch (IOException e) {
      return "the SQLite database file at " + path + " can't be read: " + e.getMessage();
    }
    return null;
  }

  private static String hostPortProblem(String hostPort) {
    if (hostPort == null || hostPort.isEmpty()) {
      return "connection.config.hostPort is not set";
    }
    if (!HOST_PORT.matcher(hostPort).matches()) {
      return "connection.config.hostPort must be host:port (a name or address, then an optional port), not \""
          + (hostPort.length() > 80 ? hostPort.substring(0, 80) + "…" : hostPort) + "\"";
    }
    return null;
  }

  /** A user name and password, from the config or its basic-auth member; a reason when auth is of another kind. */
  private static String credentials(JsonNode config, JsonNode auth, Properties p) {
    String user = config.path("username").asText(null);
    if (user == null) {
      return "connection.config.username is not set";
    }
    p.setProperty("user", user);
    if (auth.isObject() && (auth.has("awsConfig") || auth.has("azureConfig"))) {
      return "IAM or Azure authentication can't be tested by this server; test it with a password, or from OM's ingestion";
    }
    JsonNode password = auth.path("password");
    if (password.isTextual()) {
      p.setProperty("password", password.asText());
    }
    return null;
  }
}
