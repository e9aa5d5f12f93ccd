package meridian.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fresh store for one measurement: the embedded SQLite file in a data directory of its own, or a
 * throw-away database on this machine's PostgreSQL (127.0.0.1:5432, postgres) or MariaDB
 * (127.0.0.1:3306, root), dropped by {@link #drop()}.
 */
final class Store {
  static final List<String> KINDS = List.of("sqlite", "postgresql", "mariadb");
  private static final String PG_ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final String MARIADB_ADMIN = "jdbc:mariadb://127.0.0.1:3306/";

  final String kind;
  final Path dataDir;
  private final Path keyFile;
  private final String database;

  private Store(String kind, Path dataDir, Path keyFile, String database) {
    this.kind = kind;
    this.dataDir = dataDir;
    this.keyFile = keyFile;
    this.database = database;
  }

  static Store create(String kind, Path work, String name) {
    Path dataDir = work.resolve(name);
    String database = kind.equals("sqlite") ? null : "meridian_bench_" + name + "_" + ProcessHandle.current().pid();
    Store store = new Store(kind, dataDir, work.resolve(name + ".key"), database);
    store.fresh();
    return store;
  }

  /** Empties the store: a new data directory, or the database dropped and created again. */
  void fresh() {
    try {
      deleteTree(dataDir);
      Files.createDirectories(dataDir);
      if (database != null) {
        admin("DROP DATABASE IF EXISTS " + database + (kind.equals("postgresql") ? " WITH (FORCE)" : ""));
        if (kind.equals("mariadb")) {
          admin("SET GLOBAL max_allowed_packet = GREATEST(@@GLOBAL.max_allowed_packet, 134217728)");
        }
        admin("CREATE DATABASE " + database);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(key));
      }
    } catch (IOException e) {
      throw new BenchException("cannot prepare " + dataDir + ": " + e.getMessage());
    }
  }

  void drop() {
    try {
      if (database != null) {
        admin("DROP DATABASE IF EXISTS " + database + (kind.equals("postgresql") ? " WITH (FORCE)" : ""));
      }
      deleteTree(dataDir);
    } catch (IOException | BenchException e) {
      System.err.println("bench: could not drop " + (database != null ? database : dataDir) + ": " + e.getMessage());
    }
  }

  /** The options of `meridian serve` and `meridian token` that open this store. */
  List<String> serverArgs() {
    List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
    if (kind.equals("postgresql")) {
      args.addAll(List.of("--database-url", "jdbc:postgresql://127.0.0.1:5432/" + database, "--database-user", "postgres",
          "--secret-key-file", keyFile.toString()));
    } else if (kind.equals("mariadb")) {
      args.addAll(List.of("--database-url", "jdbc:mariadb://127.0.0.1:3306/" + database, "--database-user", "root",
          "--secret-key-file", keyFile.toString()));
    }
    return args;
  }

  /** The JDBC URL and user of this store, for the raw JDBC ceiling (which gets a store of its own). */
  String jdbcUrl() {
    return switch (kind) {
      case "postgresql" -> "jdbc:postgresql://127.0.0.1:5432/" + database;
      case "mariadb" -> "jdbc:mariadb://127.0.0.1:3306/" + database;
      default -> "jdbc:sqlite:" + dataDir.resolve("ceiling.db");
    };
  }

  String jdbcUser() {
    return kind.equals("postgresql") ? "postgres" : kind.equals("mariadb") ? "root" : "";
  }

  /** The bytes the store takes now (for an external one, after its statistics are refreshed). */
  long bytes() {
    try {
      switch (kind) {
        case "postgresql": {
          try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
            try (ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
              rs.next();
              return rs.getLong(1);
            }
          }
        }
        case "mariadb": {
          try (Connection c = DriverManager.getConnection(jdbcUrl(), "root", ""); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")) {
              while (rs.next()) {
                tables.add("`" + rs.getString(1) + "`");
              }
            }
            s.execute("ANALYZE TABLE " + String.join(",", tables));
            try (ResultSet rs = s.executeQuery(
                "SELECT SUM(data_length + index_length) FROM information_schema.tables WHERE table_schema = DATABASE()")) {
              rs.next();
              return rs.getLong(1);
            }
          }
        }
        default: {
          try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
          }
        }
      }
    } catch (SQLException | IOException e) {
      throw new BenchException("cannot measure the store's size: " + e.getMessage());
    }
  }

  private void admin(String sql) {
    String url = kind.equals("postgresql") ? PG_ADMIN : MARIADB_ADMIN;
    String user = kind.equals("postgresql") ? "postgres" : "root";
    try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new BenchException(kind + " on this machine: " + e.getMessage());
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
