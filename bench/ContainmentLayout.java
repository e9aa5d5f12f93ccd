import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * How to store containment (issue 14, part 1), measured rather than guessed: the two known layouts
 * of a table under service → database → schema, on one store, with the same rows.
 *
 *   path:   fqn_hash is a hash per FQN part joined by dots (OM's layout), so the subtree of X is
 *           the range [hash(X) + ".", hash(X) + "/") of the unique index; plus parent_id for
 *           name-ordered lists of one parent's children.
 *   parent: fqn_hash is one hash of the whole FQN (today's layout); parent_id only, so the subtree
 *           of a service is walked level by level (databases, then schemas, then tables).
 *
 * For each: the time to insert N tables in transactions of 1,000, the time to read the ids of every
 * table under the service with its document (what a recursive delete walks) in batches of 1,000, an "is it empty?"
 * probe, and the store's bytes per table.
 *
 *   mvn -B -DskipTests package && bench/containment-layout.sh [sqlite|postgresql|mariadb] [tables]
 */
public class ContainmentLayout {
  static final int BATCH = 1_000;
  static final int SCHEMAS = 20;
  static String doc;

  public static void main(String[] args) throws Exception {
    String store = args.length > 0 ? args[0] : "sqlite";
    int tables = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    StringBuilder columns = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      columns.append(i == 0 ? "" : ",").append("{\"name\":\"column_").append(i)
          .append("\",\"dataType\":\"VARCHAR\",\"dataLength\":64,\"dataTypeDisplay\":\"varchar(64)\",\"description\":\"a column\"}");
    }
    doc = "{\"columns\":[" + columns + "],\"description\":\"a table of the benchmark\"}";
    for (String layout : new String[] {"path", "parent", "path", "parent"}) {
      try (Connection c = open(store, args.length > 2 ? args[2] : null)) {
        run(c, store, layout, tables);
      }
    }
  }

  static Connection open(String store, String dir) throws Exception {
    return switch (store) {
      case "sqlite" -> {
        String file = (dir == null ? System.getProperty("java.io.tmpdir") : dir) + "/containment-" + UUID.randomUUID() + ".db";
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA synchronous=FULL");
        }
        yield c;
      }
      case "postgresql" -> DriverManager.getConnection(System.getProperty("url", "jdbc:postgresql://127.0.0.1:5432/meridian_bench"), "postgres", "");
      case "mariadb" -> DriverManager.getConnection(System.getProperty("url", "jdbc:mariadb://127.0.0.1:3306/meridian_bench"), "root", "");
      default -> throw new IllegalArgumentException(store);
    };
  }

  static void run(Connection c, String store, String layout, int tables) throws Exception {
    String hashType = layout.equals("path") ? "VARCHAR(1024)" : "CHAR(64)";
    String collate = store.equals("postgresql") ? " COLLATE \"C\"" : "";
    String suffix = store.equals("mariadb") ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin" : "";
    String hashColumn = store.equals("mariadb") ? hashType + " CHARACTER SET ascii COLLATE ascii_bin" : hashType + collate;
    try (Statement s = c.createStatement()) {
      for (String t : new String[] {"bench_service", "bench_database", "bench_schema", "bench_table"}) {
        s.execute("DROP TABLE IF EXISTS " + t);
        s.execute("CREATE TABLE " + t + " (id CHAR(36) NOT NULL PRIMARY KEY, name VARCHAR(256)" + collate + " NOT NULL, fqn_hash "
            + hashColumn + " NOT NULL UNIQUE, parent_id CHAR(36), json " + (store.equals("mariadb") ? "LONGTEXT" : "TEXT")
            + " NOT NULL, deleted BOOLEAN NOT NULL DEFAULT FALSE)" + suffix);
        s.execute("CREATE INDEX " + t + "_deleted_name_id ON " + t + " (deleted, name, id)");
        s.execute("CREATE INDEX " + t + "_name_id ON " + t + " (name, id)");
        s.execute("CREATE INDEX " + t + "_parent ON " + t + " (parent_id, deleted, name, id)");
      }
    }
    c.setAutoCommit(false);
    String service = UUID.randomUUID().toString();
    insert(c, "bench_service", List.of(new Row(service, "svc", hash(layout, "svc"), null)));
    List<Row> databases = new ArrayList<>();
    List<Row> schemas = new ArrayList<>();
    for (int d = 0; d < 2; d++) {
      String dbFqn = "svc.db" + d;
      Row db = new Row(UUID.randomUUID().toString(), "db" + d, hash(layout, dbFqn), service);
      databases.add(db);
      for (int s = 0; s < SCHEMAS / 2; s++) {
        schemas.add(new Row(UUID.randomUUID().toString(), "schema" + s, hash(layout, dbFqn + ".schema" + s), db.id()));
      }
    }
    insert(c, "bench_database", databases);
    insert(c, "bench_schema", schemas);
    c.commit();
    long start = System.nanoTime();
    List<Row> batch = new ArrayList<>();
    for (int i = 0; i < tables; i++) {
      Row schema = schemas.get(i % schemas.size());
      String fqn = "svc.db" + (schemas.indexOf(schema) / (SCHEMAS / 2)) + "." + schema.name() + ".table_" + i;
      batch.add(new Row(UUID.randomUUID().toString(), "table_" + i, hash(layout, fqn), schema.id()));
      if (batch.size() == BATCH) {
        insert(c, "bench_table", batch);
        c.commit();
        batch.clear();
      }
    }
    insert(c, "bench_table", batch);
    c.commit();
    double insertSeconds = (System.nanoTime() - start) / 1e9;
    if (store.equals("postgresql")) {
      try (Statement s = c.createStatement()) {
        c.setAutoCommit(true);
        s.execute("ANALYZE");
        c.setAutoCommit(false);
      }
    }

    start = System.nanoTime();
    int found = layout.equals("path") ? walkByRange(c, hash(layout, "svc")) : walkByParent(c, service);
    double walkSeconds = (System.nanoTime() - start) / 1e9;
    c.commit();

    start = System.nanoTime();
    int probes = 1_000;
    for (int i = 0; i < probes; i++) {
      Row schema = schemas.get(i % schemas.size());
      try (PreparedStatement p = c.prepareStatement(layout.equals("path")
          ? "SELECT 1 FROM bench_table WHERE fqn_hash > ? AND fqn_hash < ? LIMIT 1"
          : "SELECT 1 FROM bench_table WHERE parent_id = ? LIMIT 1")) {
        if (layout.equals("path")) {
          p.setString(1, schema.hash() + ".");
          p.setString(2, schema.hash() + "/");
        } else {
          p.setString(1, schema.id());
        }
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
        }
      }
    }
    double probeMicros = (System.nanoTime() - start) / 1e3 / probes;
    c.commit();
    System.out.printf("%-10s %-6s insert %,d tables %6.2f s (%,.0f/s)   subtree walk %,d ids %6.3f s   is-empty %5.0f µs   %s%n",
        store, layout, tables, insertSeconds, tables / insertSeconds, found, walkSeconds, probeMicros, bytesPerTable(c, store, tables));
  }

  /** Every table under the service: one range of the unique index, read in keyset batches. */
  static int walkByRange(Connection c, String serviceHash) throws Exception {
    int found = 0;
    String from = serviceHash + ".";
    while (true) {
      int n = 0;
      try (PreparedStatement p = c.prepareStatement(
          "SELECT id, fqn_hash, json FROM bench_table WHERE fqn_hash > ? AND fqn_hash < ? ORDER BY fqn_hash LIMIT " + BATCH)) {
        p.setString(1, from);
        p.setString(2, serviceHash + "/");
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            from = rs.getString(2);
            rs.getString(3);
            n++;
          }
        }
      }
      found += n;
      if (n < BATCH) {
        return found;
      }
    }
  }

  /**
   * Every table under the service: its databases, their schemas, then each schema's tables in
   * keyset batches along the (parent_id, deleted, name, id) index, live rows and deleted ones.
   */
  static int walkByParent(Connection c, String service) throws Exception {
    int found = 0;
    for (String db : ids(c, "SELECT id FROM bench_database WHERE parent_id = ?", service)) {
      for (String schema : ids(c, "SELECT id FROM bench_schema WHERE parent_id = ?", db)) {
        for (boolean deleted : new boolean[] {false, true}) {
          String name = "";
          String id = "";
          while (true) {
            int n = 0;
            try (PreparedStatement p = c.prepareStatement("SELECT id, name, json FROM bench_table WHERE parent_id = ? AND deleted = ?"
                + " AND name >= ? AND (name > ? OR id > ?) ORDER BY name, id LIMIT " + BATCH)) {
              p.setString(1, schema);
              p.setBoolean(2, deleted);
              p.setString(3, name);
              p.setString(4, name);
              p.setString(5, id);
              try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                  id = rs.getString(1);
                  name = rs.getString(2);
                  rs.getString(3);
                  n++;
                }
              }
            }
            found += n;
            if (n < BATCH) {
              break;
            }
          }
        }
      }
    }
    return found;
  }

  static List<String> ids(Connection c, String sql, String parent) throws Exception {
    List<String> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, parent);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  static String bytesPerTable(Connection c, String store, int tables) throws Exception {
    String sql = switch (store) {
      case "sqlite" -> "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'bench_table%' OR name LIKE 'sqlite_autoindex_bench_table%'";
      case "postgresql" -> "SELECT pg_total_relation_size('bench_table')";
      default -> "SELECT data_length + index_length FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'bench_table'";
    };
    if (store.equals("mariadb")) {
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE TABLE bench_table");
      }
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? String.format("%,d bytes/table", rs.getLong(1) / tables) : "";
    } catch (Exception e) {
      return "(size unknown: " + e.getMessage() + ")";
    }
  }

  record Row(String id, String name, String hash, String parentId) {}

  static void insert(Connection c, String table, List<Row> rows) throws Exception {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " (id, name, fqn_hash, parent_id, json) VALUES (?, ?, ?, ?, ?)")) {
      for (Row r : rows) {
        p.setString(1, r.id());
        p.setString(2, r.name());
        p.setString(3, r.hash());
        p.setString(4, r.parentId());
        p.setString(5, doc);
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /** The path layout hashes each dot-separated part (128 bits of SHA-256, hex); the other, the whole FQN. */
  static String hash(String layout, String fqn) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    if (layout.equals("parent")) {
      return HexFormat.of().formatHex(sha.digest(fqn.getBytes(StandardCharsets.UTF_8)));
    }
    StringBuilder out = new StringBuilder();
    for (String part : fqn.split("\\.")) {
      out.append(out.isEmpty() ? "" : ".").append(HexFormat.of().formatHex(sha.digest(part.getBytes(StandardCharsets.UTF_8)), 0, 16));
    }
    return out.toString();
  }
}
