package meridian.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import meridian.store.rows.SearchRow;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * SQL for {@code search_entry}: the rows search finds, written with the entities (in their
 * transaction) and read by {@code GET /api/v1/search/query}. Matching is each store's full-text
 * index ({@link Dialect#searchCondition}); scoring and order are the same portable SQL on all three,
 * so that one query gives the same hits in the same order on each.
 */
public final class SearchDao {
  /** The columns a search may filter and count by, by the name callers use. */
  public static final String TAGS = "tags";
  /**
   * Owners (users and teams, by name or display name, as written: each store's LOWER folds other
   * letters, so case is kept to match alike on all three), from the {@code owns} edges.
   */
  public static final String OWNERS = "owners";
  /** Domains (by name or display name, as written), from the {@code has} edges. */
  public static final String DOMAINS = "domains";
  /** The entity tables at the other end of an owner's or a domain's edge, and the edge's relation. */
  private static final Map<String, List<String>> EDGE_TABLES = Map.of(OWNERS, List.of("user_entity", "team_entity"),
      DOMAINS, List.of("domain_entity"));
  private static final Map<String, String> EDGE_RELATIONS = Map.of(OWNERS, "owns", DOMAINS, "has");
  public static final Map<String, String> FACETS = Map.of(
      "entityType", "s.entity_type",
      "serviceType", "s.service_type",
      "service", "s.service",
      "database", "s.database_name",
      "databaseSchema", "s.schema_name");

  /** How a field's match counts toward a hit's score: name, then display name, columns, description. */
  static final int NAME = 8;
  static final int DISPLAY = 4;
  static final int COLUMNS = 2;
  static final int DESCRIPTION = 1;
  /** Added when the whole query is the entity's name. */
  static final int WHOLE_NAME = 16;

  private final Dialect dialect;
  private final TieredSearch tiered;
  /** The embedded store's statements of a new row, prepared once per connection. */
  /** The embedded store's kept statements (null on the others, which do not use them). */
  private final KeptStatements kept;
  private final FullTextUpkeep upkeep;
  private static final String INSERT_NUMBERED = "INSERT INTO search_entry (seq, id, entity_type, deleted, name_key, service, service_type,"
      + " database_name, schema_name, updated_at, t_name, t_display, t_columns, t_description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  // Qualified: within the subquery a bare id would be search_entry's.
  private static final String COUNT_AND_NUMBER = "INSERT INTO search_count (facet_hash, stripe, entity_type, deleted, service, service_type,"
      + " database_name, schema_name, n) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (facet_hash, stripe) DO UPDATE SET n = search_count.n + excluded.n"
      + " RETURNING search_count.id, COALESCE((SELECT MAX(e.seq) FROM search_entry e WHERE e.seq BETWEEN search_count.id * 4294967296"
      + " AND search_count.id * 4294967296 + 4294967295), search_count.id * 4294967296)";

  /** Handed out by {@link Database#search}. */
  SearchDao(Dialect dialect, KeptStatements kept) {
    this.dialect = dialect;
    this.kept = kept;
    this.upkeep = new FullTextUpkeep(dialect);
    this.tiered = new TieredSearch(this, dialect);
  }

  /** Catching the embedded store's full-text index up, and merging it. */
  public FullTextUpkeep upkeep() {
    return upkeep;
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Puts the rows of these entities (a new entity, an update, a delete or a restore). A row that
   * exists is updated in place, and when none of its searched text changed only its other columns
   * are set: the full-text index is not touched (SQLite's trigger fires on the token columns only;
   * PostgreSQL's and MariaDB's indexes cover only those columns).
   */
  public void put(Handle handle, Collection<SearchRow> rows) {
    put(handle, rows, java.util.Set.of());
  }

  /**
   * {@link #put(Handle, Collection)}, where the rows of {@code created} are of entities this
   * transaction created: they have no row yet, and none is looked for.
   */
  public void put(Handle handle, Collection<SearchRow> rows, java.util.Set<UUID> created) {
    if (rows.isEmpty()) {
      return;
    }
    Map<UUID, SearchRow> stored = new java.util.HashMap<>();
    EntityDao.inChunks(rows.stream().filter(r -> !created.contains(r.id())).map(r -> r.id().toString()).toList(), chunk -> {
      handle.createQuery("SELECT id, entity_type, deleted, name_key, service, service_type, database_name, schema_name, updated_at,"
              + " t_name, t_display, t_columns, t_description FROM search_entry WHERE id IN (<ids>)")
          .bindList("ids", chunk)
          .map((rs, ctx) -> new SearchRow(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getBoolean(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getString(10), rs.getString(11),
              rs.getString(12), rs.getString(13)))
          .forEach(row -> stored.put(row.id(), row));
      return List.of();
    });
    Map<List<Object>, Long> delta = new LinkedHashMap<>();
    List<SearchRow> inserts = new ArrayList<>();
    List<SearchRow> textUpdates = new ArrayList<>();
    List<SearchRow> otherUpdates = new ArrayList<>();
    List<SearchRow> keyTextUpdates = new ArrayList<>();
    List<SearchRow> keyUpdates = new ArrayList<>();
    List<UUID> moved = new ArrayList<>();
    for (SearchRow row : rows) {
      SearchRow old = stored.get(row.id());
      delta.merge(facets(row), 1L, Long::sum);
      if (old == null) {
        inserts.add(row);
        continue;
      }
      delta.merge(facets(old), -1L, Long::sum);
      if (dialect.searchRowsByCombination() && !facets(old).equals(facets(row))) {
        // Its rowid names its combination: the row moves to a number of its new one.
        moved.add(row.id());
        inserts.add(row);
        continue;
      }
      boolean sameText = old.nameTokens().equals(row.nameTokens()) && old.displayTokens().equals(row.displayTokens())
          && old.columnTokens().equals(row.columnTokens()) && old.descriptionTokens().equals(row.descriptionTokens());
      // Setting a column of an index rewrites the row's entry there even to the same value (measured on the embedded store:
      // docs/performance.md), so the facets and the name are set only when one of them changed.
      boolean sameKeys = facets(old).equals(facets(row)) && old.nameKey().equals(row.nameKey());
      if (sameKeys) {
        (sameText ? otherUpdates : textUpdates).add(row);
      } else {
        (sameText ? keyUpdates : keyTextUpdates).add(row);
      }
    }
    String values = "entity_type = :entityType, deleted = :deleted, name_key = :nameKey, service = :service, service_type = :serviceType,"
        + " database_name = :database, schema_name = :schema, updated_at = :updatedAt";
    String time = "updated_at = :updatedAt";
    String text = ", t_name = :name, t_display = :display, t_columns = :columns, t_description = :description";
    EntityDao.inChunks(moved.stream().map(UUID::toString).toList(), chunk -> {
      handle.createUpdate("DELETE FROM search_entry WHERE id IN (<ids>)").bindList("ids", chunk).execute();
      return List.of();
    });
    if (dialect.searchRowsByCombination()) {
      // On the embedded store the counts come first: each combination's statement answers its id and last number too.
      insertNumbered(handle, inserts, countAndNumber(handle, delta, inserts));
    } else {
      execute(handle, "INSERT INTO search_entry (id, entity_type, deleted, name_key, service, service_type, database_name, schema_name,"
          + " updated_at, t_name, t_display, t_columns, t_description) VALUES (:id, :entityType, :deleted, :nameKey, :service,"
          + " :serviceType, :database, :schema, :updatedAt, :name, :display, :columns, :description)", inserts, true);
    }
    execute(handle, "UPDATE search_entry SET " + values + text + " WHERE id = :id", keyTextUpdates, true);
    execute(handle, "UPDATE search_entry SET " + values + " WHERE id = :id", keyUpdates, false);
    execute(handle, "UPDATE search_entry SET " + time + text + " WHERE id = :id", textUpdates, true);
    execute(handle, "UPDATE search_entry SET " + time + " WHERE id = :id", otherUpdates, false);
    if (!dialect.searchRowsByCombination()) {
      addToCounts(handle, delta);
    }
  }

  private static List<Object> facets(SearchRow row) {
    return Arrays.asList(row.entityType(), row.deleted(), row.service(), row.serviceType(), row.database(), row.schema());
  }

  /**
   * On a store whose rowids carry their combination ({@link Dialect#searchRowsByCombination}): adds
   * each net change to its combination's row of {@code search_count} (one stripe there; made on the
   * combination's first use) and answers the rowids of the new rows: the combination's id shifted
   * 32 bits left, plus one more than the highest number its rows have (a rowid range's last row, an
   * index lookup). One statement per combination does both (its upsert returns the id and the last
   * number), where a count, a lookup and, for a new combination, an insert and a second lookup were
   * four statements (docs/performance.md). The embedded store has one writer at a time, so two
   * writes never take one number.
   */
  private Map<UUID, Long> countAndNumber(Handle handle, Map<List<Object>, Long> delta, List<SearchRow> inserts) {
    Map<List<Object>, String> hashes = new java.util.HashMap<>();
    // In the order of their keys, as addToCounts writes them.
    java.util.TreeMap<String, List<Object>> combinations = new java.util.TreeMap<>();
    delta.forEach((key, n) -> {
      if (n != 0) {
        combinations.put(hashes.computeIfAbsent(key, SearchDao::facetHash), key);
      }
    });
    for (SearchRow row : inserts) {
      List<Object> key = facets(row);
      combinations.putIfAbsent(hashes.computeIfAbsent(key, SearchDao::facetHash), key);
    }
    Map<String, long[]> next = new java.util.HashMap<>();
    java.sql.PreparedStatement statement = kept.get(handle, COUNT_AND_NUMBER);
    try {
      for (Map.Entry<String, List<Object>> combination : combinations.entrySet()) {
        List<Object> key = combination.getValue();
        bind(statement, combination.getKey(), key.get(0), key.get(1), key.get(2), key.get(3), key.get(4), key.get(5),
            delta.getOrDefault(key, 0L));
        try (java.sql.ResultSet rs = statement.executeQuery()) {
          rs.next();
          next.put(combination.getKey(), new long[] {rs.getLong(2)});
        }
      }
    } catch (java.sql.SQLException e) {
      throw KeptStatements.failed(e);
    }
    Map<UUID, Long> out = new java.util.HashMap<>();
    for (SearchRow row : inserts) {
      long[] last = next.get(hashes.get(facets(row)));
      if ((last[0] & 0xFFFFFFFFL) == 0xFFFFFFFFL) {
        throw new IllegalStateException("search: a combination of facets has used all of its 4,294,967,295 row numbers");
      }
      out.put(row.id(), ++last[0]);
    }
    return out;
  }

  /** Inserts new rows with their rowids ({@link #countAndNumber}), on the embedded store: one kept statement, batched. */
  private void insertNumbered(Handle handle, List<SearchRow> rows, Map<UUID, Long> seqs) {
    if (rows.isEmpty()) {
      return;
    }
    java.sql.PreparedStatement statement = kept.get(handle, INSERT_NUMBERED);
    try {
      for (SearchRow row : rows) {
        bind(statement, seqs.get(row.id()), row.id().toString(), row.entityType(), row.deleted(), row.nameKey(), row.service(),
            row.serviceType(), row.database(), row.schema(), row.updatedAt(), row.nameTokens(), row.displayTokens(), row.columnTokens(),
            row.descriptionTokens());
        if (rows.size() == 1) {
          statement.executeUpdate();
        } else {
          statement.addBatch();
        }
      }
      if (rows.size() > 1) {
        statement.executeBatch();
      }
    } catch (java.sql.SQLException e) {
      throw KeptStatements.failed(e);
    } finally {
      try {
        statement.clearBatch();
      } catch (java.sql.SQLException e) {
        // The statement's connection failed too: the transaction reports it.
      }
    }
  }

  /** Binds a kept statement's parameters in order: text, whole numbers, booleans (as 1 and 0, as JDBI binds them here) or null. */
  private static void bind(java.sql.PreparedStatement statement, Object... values) throws java.sql.SQLException {
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value instanceof Boolean b) {
        statement.setBoolean(i + 1, b);
      } else if (value instanceof Long n) {
        statement.setLong(i + 1, n);
      } else {
        statement.setString(i + 1, (String) value);
      }
    }
  }

  private static void execute(Handle handle, String sql, List<SearchRow> rows, boolean text) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedBatch batch = handle.prepareBatch(sql);
    // Every value is bound; a statement that sets fewer columns leaves the rest unused.
    batch.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setUnusedBindingAllowed(true);
    for (SearchRow row : rows) {
      batch.bind("id", row.id().toString())
          .bind("entityType", row.entityType())
          .bind("deleted", row.deleted())
          .bind("nameKey", row.nameKey())
          .bind("service", row.service())
          .bind("serviceType", row.serviceType())
          .bind("database", row.database())
          .bind("schema", row.schema())
          .bind("updatedAt", row.updatedAt());
      if (text) {
        batch.bind("name", row.nameTokens())
            .bind("display", row.displayTokens())
            .bind("columns", row.columnTokens())
            .bind("description", row.descriptionTokens());
      }
      batch.add();
    }
    batch.execute();
  }

  /** Removes the rows of these entities (a hard delete). */
  public void remove(Handle handle, Collection<UUID> ids) {
    Map<List<Object>, Long> delta = new LinkedHashMap<>();
    removeCounted(handle, ids, delta);
    addToCounts(handle, delta);
  }

  /** Deletes the rows of {@code ids}, taking each one's facets off {@code delta}. */
  private void removeCounted(Handle handle, Collection<UUID> ids, Map<List<Object>, Long> delta) {
    EntityDao.inChunks(ids.stream().map(UUID::toString).toList(), chunk -> {
      handle.createQuery("SELECT entity_type, deleted, service, service_type, database_name, schema_name FROM search_entry WHERE id IN (<ids>)")
          .bindList("ids", chunk)
          .map((rs, ctx) -> Arrays.<Object>asList(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getString(6)))
          .forEach(key -> delta.merge(key, -1L, Long::sum));
      handle.createUpdate("DELETE FROM search_entry WHERE id IN (<ids>)").bindList("ids", chunk).execute();
      return List.of();
    });
  }

  /**
   * Adds each net change to {@code search_count}, the rows per combination of facets that a search
   * without words reads instead of the rows themselves. An update that changes no facet changes no
   * count. Where writers run at once, a combination's count is spread over stripes (as the list
   * totals are), so that two writes in one schema rarely wait for each other.
   */
  private void addToCounts(Handle handle, Map<List<Object>, Long> delta) {
    // In the order of their keys, so that two transactions lock the rows they share in the same order.
    java.util.TreeMap<String, Map.Entry<List<Object>, Long>> changed = new java.util.TreeMap<>();
    delta.entrySet().stream().filter(e -> e.getValue() != 0).forEach(e -> changed.put(facetHash(e.getKey()), e));
    if (changed.isEmpty()) {
      return;
    }
    PreparedBatch batch = handle.prepareBatch(dialect.addToSearchCount());
    int stripe = java.util.concurrent.ThreadLocalRandom.current().nextInt(dialect.countStripes());
    for (Map.Entry<String, Map.Entry<List<Object>, Long>> entry : changed.entrySet()) {
      Map.Entry<List<Object>, Long> change = entry.getValue();
      List<Object> key = change.getKey();
      batch.bind("hash", entry.getKey()).bind("stripe", stripe)
          .bind("entityType", (String) key.get(0)).bind("deleted", (Boolean) key.get(1)).bind("service", (String) key.get(2))
          .bind("serviceType", (String) key.get(3)).bind("database", (String) key.get(4)).bind("schema", (String) key.get(5))
          .bind("n", change.getValue()).add();
    }
    batch.execute();
  }

  /** SHA-256 of a combination of facets: the key of its counts (the five names are longer than an index entry may be). */
  private static String facetHash(List<Object> key) {
    try {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      for (Object part : key) {
        digest.update((part == null ? "\u0000" : part + "\u0001").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Removes (and uncounts) the rows of {@code entityType} whose entity is no longer in {@code table} (after a rebuild); returns how many. */
  public int removeOrphans(Handle handle, String entityType, String table) {
    if (!EntityDao.TABLE_NAME.matcher(table).matches()) {
      throw new IllegalArgumentException("not a table name: " + table);
    }
    List<UUID> orphans = handle.createQuery("SELECT id FROM search_entry WHERE entity_type = :type AND NOT EXISTS (SELECT 1 FROM " + table
            + " e WHERE e.id = search_entry.id)")
        .bind("type", entityType).map((rs, ctx) -> UUID.fromString(rs.getString(1))).list();
    remove(handle, orphans);
    return orphans.size();
  }

  /** The build state of the index ('pending' or 'ready'). */
  public String buildState(Handle handle) {
    return handle.createQuery("SELECT state FROM search_build WHERE name = 'catalog'").mapTo(String.class).findOne().orElse("ready");
  }

  public void setBuildState(Handle handle, String state) {
    handle.createUpdate("UPDATE search_build SET state = :state WHERE name = 'catalog'").bind("state", state).execute();
  }

  /**
   * A search: {@code tokens} (each required, the last as a prefix; none matches every row) among
   * {@code types}, live or deleted, with each facet of {@code filters} one of its values.
   */
  public record Query(List<String> tokens, String whole, Collection<String> types, boolean deleted, Condition filter) {}

  /**
   * A filter over the facets: {@code In} holds when the row's facet is one of the values ({@code tags}
   * takes tag FQN hashes and holds when the entity or one of its columns has one of those tags),
   * {@code All} when each part holds, {@code Any} when one does (none: always), {@code Not} when its
   * part does not.
   */
  public sealed interface Condition {
    record In(String facet, List<String> values) implements Condition {}

    record All(List<Condition> parts) implements Condition {}

    record Any(List<Condition> parts) implements Condition {}

    record Not(Condition part) implements Condition {}

    Condition TRUE = new All(List.of());
  }

  /** One hit: the entity and its score. */
  public record Hit(UUID id, String entityType, int score) {}

  /** How hits are ordered: by score (then name), by name or by last update; ties by id. */
  public enum Order { SCORE, NAME, UPDATED }

  public List<Hit> hits(Handle handle, Query query, Order order, boolean ascending, int from, int size) {
    String where = where(query);
    if (dialect.searchRowsByCombination() && query.tokens().isEmpty() && !query.filter().equals(Condition.TRUE)
        && columnsOnly(query.filter())) {
      // The filter holds for a row when it holds for its combination, which its rowid names: the walk of the name index
      // tests its entries' rowids, and reads only the page's rows (a schema's tables are one in a hundred of the rows passed).
      where = "s.entity_type IN (<types>) AND s.deleted = :deleted AND (s.seq >> 32) IN (SELECT s.id FROM search_count s WHERE " + where + ")";
    }
    String sql = "SELECT s.id, s.entity_type, " + score(query) + " AS score FROM " + from(query) + " WHERE " + where
        + " ORDER BY " + orderBy(query, order, ascending, "s.") + " LIMIT :size OFFSET :from";
    var statement = handle.createQuery(sql).bind("size", size).bind("from", from);
    bindQuery(statement, query);
    return statement.map((rs, ctx) -> new Hit(UUID.fromString(rs.getString("id")), rs.getString("entity_type"), rs.getInt("score"))).list();
  }

  /** The order of hits, on columns of {@code search_entry} (or of a selection of them) prefixed with {@code alias}. */
  static String orderBy(Query query, Order order, boolean ascending, String alias) {
    String direction = ascending ? " ASC" : " DESC";
    return switch (order) {
      // Without words every score is 0: the name decides, read in the order of the (type, deleted, name) index.
      case SCORE -> query.tokens().isEmpty() ? alias + "name_key, " + alias + "id"
          : "score" + direction + ", " + alias + "name_key, " + alias + "id";
      case NAME -> alias + "name_key" + direction + ", " + alias + "id" + direction;
      case UPDATED -> alias + "updated_at" + direction + ", " + alias + "id" + direction;
    };
  }

  /**
   * A page of hits, the total and column facets of every match ({@link #facets}), and the counts of
   * the joined facets asked for when the statement could count them too (else empty: see {@link #page}).
   */
  public record Page(List<Hit> hits, Facets facets, Map<String, Map<String, Long>> joined) {}

  /**
   * One page of a search's hits and the facets of all its matches. A search with words reads its
   * matches once, in one statement: each match's row is read and scored into a materialised set,
   * from which the page is the top of the order and the facets a grouping (two passes over the
   * rows, each reading every match from the table, cost twice as much: docs/performance.md). On the
   * embedded store the words are matched first, as far as {@link TieredSearch#FEW} matches: past
   * that the index answers ({@link TieredSearch}); below, the statement reads the rows by those
   * rowids. Without words the page comes from the name index and the facets from the kept counts.
   *
   * <p>The same statement counts each facet of {@code joined} (tags, owners, domains: {@link #counts})
   * from the set of matches when there are at most {@link #FROM_EDGES_ABOVE} of them, so that the
   * words are matched once a search, not once a count (each match of the full-text index costs as
   * much as the rest of a narrow search: docs/performance.md). Above that, and on a store that
   * would compute the set again for each count ({@link Dialect#computesSharedSetsOnce}: MariaDB),
   * the answer's {@code joined} is empty and the caller counts with {@link #counts}.
   */
  public Page page(Handle handle, Query query, Order order, boolean ascending, int from, int size, List<String> asked, int buckets) {
    List<String> joined = dialect.computesSharedSetsOnce() ? asked : List.of();
    // On the embedded store: the matches' rowids when they are few, else the index answers a broad search.
    TieredSearch.Matches matches = tiered.matches(handle, query);
    String rowids = matches.rowids();
    if (rowids == null) {
      Page fromIndex = tiered.page(handle, query, matches, order, ascending, from, size, asked, buckets);
      if (fromIndex != null) {
        return fromIndex;
      }
    }
    if (query.tokens().isEmpty()) {
      return new Page(size == 0 ? List.of() : hits(handle, query, order, ascending, from, size), facets(handle, query), Map.of());
    }
    String columns = "entity_type, service_type, service, database_name, schema_name";
    // The page's rows carry their place in the order (ranked again by the store over the page alone, with
    // its own collation), since UNION ALL promises no order; the facet rows carry their count.
    String sql = "WITH m AS " + dialect.materialized() + "(SELECT s.id, s.name_key, s.updated_at, s.entity_type, s.service_type,"
        + " s.service, s.database_name, s.schema_name, " + score(query) + " AS score FROM "
        + (rowids == null ? from(query) + " WHERE " + where(query) : FEW_ROWS + " WHERE " + where(query, FEW_ROWS_CONDITION)) + ")"
        + (joined.isEmpty() ? "" : ", g AS " + dialect.materialized() + "(SELECT COUNT(*) AS matched FROM m)")
        + " SELECT h.id, " + columns + ", h.score, ROW_NUMBER() OVER (ORDER BY " + orderBy(query, order, ascending, "h.") + ") AS n"
        + " FROM (SELECT * FROM m ORDER BY " + orderBy(query, order, ascending, "") + " LIMIT :size OFFSET :from) h"
        + " UNION ALL SELECT NULL, " + columns + ", 0, COUNT(*) FROM m GROUP BY " + columns;
    // A joined facet's rows: its index in the score column, its value first, its count last.
    StringBuilder counted = new StringBuilder(sql);
    for (int i = 0; i < joined.size(); i++) {
      counted.append(" UNION ALL SELECT NULL, c.v, NULL, NULL, NULL, NULL, ").append(i + 1).append(", c.n FROM (")
          .append(countSql(query, joined.get(i), Start.SET, "buckets")).append(") c");
    }
    var statement = handle.createQuery(counted.toString()).bind("size", size).bind("from", from).bind("buckets", buckets);
    bindQuery(statement, query);
    if (rowids != null) {
      // The words are matched already: their text is not bound into the statement.
      statement.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).setUnusedBindingAllowed(true);
      statement.bind("rowids", rowids);
    }
    List<long[]> ranks = new ArrayList<>();
    List<Hit> hits = new ArrayList<>();
    FacetSums sums = new FacetSums();
    List<Map<String, Long>> counts = new ArrayList<>();
    joined.forEach(facet -> counts.add(new LinkedHashMap<>()));
    statement.map((rs, ctx) -> {
      String id = rs.getString(1);
      int facet = rs.getInt(7);
      if (id != null) {
        ranks.add(new long[] {rs.getLong(8), hits.size()});
        hits.add(new Hit(UUID.fromString(id), rs.getString(2), facet));
      } else if (facet > 0) {
        String value = rs.getString(2);
        if (value != null) {
          counts.get(facet - 1).put(value, rs.getLong(8));
        }
      } else {
        sums.add(rs.getLong(8), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
      }
      return Boolean.TRUE;
    }).forEach(row -> { });
    ranks.sort(java.util.Comparator.comparingLong(r -> r[0]));
    List<Hit> ordered = new ArrayList<>(hits.size());
    ranks.forEach(r -> ordered.add(hits.get((int) r[1])));
    Map<String, Map<String, Long>> joinedCounts = new LinkedHashMap<>();
    if (sums.total <= FROM_EDGES_ABOVE) {
      for (int i = 0; i < joined.size(); i++) {
        joinedCounts.put(joined.get(i), counts.get(i));
      }
    }
    return new Page(ordered, sums.facets(), joinedCounts);
  }

  /** The total and per-facet counts of matches, summed from groups of rows that share their five column facets. */
  static final class FacetSums {
    private static final String[] NAMES = {"entityType", "serviceType", "service", "database", "databaseSchema"};
    private final Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    private long total;

    FacetSums() {
      for (String facet : NAMES) {
        counts.put(facet, new java.util.HashMap<>());
      }
    }

    /** A group of {@code n} rows whose facets, in the order of {@link #NAMES}, are {@code values}. */
    void add(long n, String... values) {
      if (n == 0) {
        return;
      }
      total += n;
      for (int i = 0; i < NAMES.length; i++) {
        if (values[i] != null) {
          counts.get(NAMES[i]).merge(values[i], n, Long::sum);
        }
      }
    }

    Facets facets() {
      return new Facets(total, counts);
    }
  }

  /** How many rows a search matches, and how many of them hold each value of each facet of {@link #FACETS}. */
  public record Facets(long total, Map<String, Map<String, Long>> counts) {}

  /**
   * The total and every column facet's counts of a search in one pass: the matches grouped by all
   * facet columns at once (a few rows per schema), summed per facet here.
   */
  public Facets facets(Handle handle, Query query) {
    String columns = "s.entity_type, s.service_type, s.service, s.database_name, s.schema_name";
    // Without words, and filtered by column facets only, the kept counts answer: a few rows per schema.
    boolean kept = query.tokens().isEmpty() && columnsOnly(query.filter());
    var statement = kept
        ? handle.createQuery("SELECT " + columns + ", SUM(s.n) AS n FROM search_count s WHERE " + where(query) + " GROUP BY " + columns)
        : handle.createQuery("SELECT " + columns + ", COUNT(*) AS n FROM " + from(query) + " WHERE " + where(query)
            + " GROUP BY " + columns);
    bindQuery(statement, query);
    FacetSums sums = new FacetSums();
    statement.map((rs, ctx) -> {
      sums.add(rs.getLong("n"), rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
      return Boolean.TRUE;
    }).forEach(row -> { });
    return sums.facets();
  }

  /**
   * Above this many matches, an aggregation over tags, owners or domains starts from their usages
   * or relationships (usually far fewer than a broad search's matches); below it, from the matches.
   * Measured at 200,000 tables (docs/performance.md): a tag count over a schema's 2,000 tables took
   * 200 ms from the matches, under 1 ms from the (few) usages.
   */
  static final long FROM_EDGES_ABOVE = 1_000;

  /**
   * The most frequent values of {@code facet} among the hits (at most {@code size}), with their
   * counts: ES's terms aggregation. {@code matches}: how many entities the search matches (from
   * {@link #facets}), which decides where a join starts.
   */
  public Map<String, Long> counts(Handle handle, Query query, String facet, int size, long matches) {
    // Without words the matches are every row of the types (no index narrows them by place): start from the edges.
    boolean fromEdges = matches > FROM_EDGES_ABOVE || query.tokens().isEmpty();
    var statement = handle.createQuery(countSql(query, facet, fromEdges ? Start.EDGES : Start.MATCHES, "size")).bind("size", size);
    bindQuery(statement, query);
    Map<String, Long> out = new LinkedHashMap<>();
    statement.map((rs, ctx) -> Map.entry(rs.getString("v"), rs.getLong("n"))).forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Where a count starts: from the search's matches, from the edges (usages, relationships), or from the set {@code m} of matches. */
  private enum Start { MATCHES, EDGES, SET }

  /**
   * The SQL of a terms count of {@code facet}: {@code v} and {@code n}, most first, at most the
   * parameter named {@code limit}. From {@link Start#SET} it reads the matches' ids from {@code m},
   * and their number from {@code g.matched} (both defined by the statement before it), and counts
   * only when there are at most {@link #FROM_EDGES_ABOVE} of them.
   */
  private String countSql(Query query, String facet, Start start, String limit) {
    boolean fromEdges = start == Start.EDGES;
    // From the set, its (few) rows are the outer loop: SQLite's planner, without statistics, would scan the edges instead.
    // Its size (g, counted once by the statement) is a one-row table ahead of it, so that past the limit the set is not
    // even scanned (a condition on a subquery beside the set would be tested on each of its rows).
    String matches = start == Start.SET ? "g CROSS JOIN m s" : from(query);
    String join = start == Start.SET ? " " + dialect.searchJoinAfter() + " " : " JOIN ";
    // From the edges, the FROM clause starts from another table than from(query).
    String where = start == Start.SET ? "g.matched <= " + FROM_EDGES_ABOVE
        : where(query, fromEdges ? dialect.searchConditionOnEntry() : dialect.searchCondition());
    if (facet.equals(TAGS)) {
      // A tag on the entity or on one of its columns counts the entity once, as OM's flattened tags do.
      String fqn = dialect.jsonMemberText("t.json", "fullyQualifiedName");
      String joined = fromEdges
          ? "tag_usage_by_field u " + dialect.searchJoinAfter() + " search_entry s ON s.id = u.target_id"
          : matches + join + "tag_usage_by_field u ON u.target_id = s.id";
      return "SELECT " + fqn + " AS v, COUNT(DISTINCT s.id) AS n FROM " + joined + " JOIN tag t ON t.id = u.tag_id WHERE "
          + where + " GROUP BY " + fqn + " ORDER BY n DESC, v LIMIT :" + limit;
    }
    if (EDGE_TABLES.containsKey(facet)) {
      // An entity with two owners counts once under each; the name shown is the display name, or the name.
      List<String> parts = new ArrayList<>();
      for (String table : EDGE_TABLES.get(facet)) {
        String relation = "r.relation = '" + EDGE_RELATIONS.get(facet) + "'";
        String joined = fromEdges
            ? table + " o JOIN entity_relationship r ON r.from_id = o.id AND " + relation + " " + dialect.searchJoinAfter()
                + " search_entry s ON s.id = r.to_id"
            : matches + join + "entity_relationship r ON r.to_id = s.id AND " + relation + " JOIN " + table + " o ON o.id = r.from_id";
        parts.add("SELECT s.id AS id, COALESCE(" + dialect.jsonMemberText("o.json", "displayName") + ", o.name) AS v FROM " + joined
            + " WHERE " + where);
      }
      return "SELECT v, COUNT(DISTINCT id) AS n FROM (" + String.join(" UNION ALL ", parts) + ") x GROUP BY v ORDER BY n DESC, v LIMIT :" + limit;
    }
    String column = FACETS.get(facet);
    if (column == null) {
      throw new IllegalArgumentException("not a facet: " + facet);
    }
    return "SELECT " + column + " AS v, COUNT(*) AS n FROM " + matches + " WHERE " + where
        + " AND " + column + " IS NOT NULL GROUP BY " + column + " ORDER BY n DESC, v LIMIT :" + limit;
  }

  /** Whether a condition reads only columns that {@code search_count} keeps too. */
  static boolean columnsOnly(Condition condition) {
    if (condition instanceof Condition.In in) {
      return FACETS.containsKey(in.facet());
    }
    if (condition instanceof Condition.Not not) {
      return columnsOnly(not.part());
    }
    List<Condition> parts = condition instanceof Condition.All all ? all.parts() : ((Condition.Any) condition).parts();
    return parts.stream().allMatch(SearchDao::columnsOnly);
  }

  private String from(Query query) {
    return dialect.searchFrom(!query.tokens().isEmpty());
  }

  String where(Query query) {
    return where(query, dialect.searchCondition());
  }

  /**
   * The rows of the matches whose rowids {@link TieredSearch#matches} found (bound as
   * {@code :rowids}), on the embedded store: each read by its rowid, the words not matched again.
   */
  private static final String FEW_ROWS = "json_each(:rowids) j CROSS JOIN search_entry s";
  private static final String FEW_ROWS_CONDITION = "s.seq = j.value";

  /** The search's condition, where {@code words} is the SQL that a row holds the words (for the FROM clause it goes with). */
  private String where(Query query, String words) {
    StringBuilder sql = new StringBuilder("s.entity_type IN (<types>) AND s.deleted = :deleted");
    if (!query.tokens().isEmpty()) {
      sql.append(" AND ").append(words);
    }
    if (!query.filter().equals(Condition.TRUE)) {
      sql.append(" AND ").append(render(query.filter(), new int[1]));
    }
    return sql.toString();
  }

  /** The SQL of a condition; its lists are bound as {@code c0}, {@code c1}, … in the order {@link #bindCondition} walks. */
  String render(Condition condition, int[] next) {
    if (condition instanceof Condition.In in) {
      String list = "<c" + next[0]++ + ">";
      if (in.facet().equals(TAGS)) {
        return "EXISTS (SELECT 1 FROM tag_usage_by_field u JOIN tag t ON t.id = u.tag_id WHERE u.target_id = s.id AND t.fqn_hash IN ("
            + list + "))";
      }
      if (EDGE_TABLES.containsKey(in.facet())) {
        List<String> exists = new ArrayList<>();
        for (String table : EDGE_TABLES.get(in.facet())) {
          exists.add("EXISTS (SELECT 1 FROM entity_relationship r JOIN " + table + " o ON o.id = r.from_id WHERE r.to_id = s.id"
              + " AND r.relation = '" + EDGE_RELATIONS.get(in.facet()) + "' AND (o.name IN (" + list + ") OR "
              + dialect.jsonMemberText("o.json", "displayName") + " IN (" + list + ")))");
        }
        return "(" + String.join(" OR ", exists) + ")";
      }
      String column = FACETS.get(in.facet());
      if (column == null) {
        throw new IllegalArgumentException("not a facet: " + in.facet());
      }
      // A row without the facet (a service has no database) is not one of the values, and NOT of that holds.
      return "COALESCE(" + column + ", '') IN (" + list + ")";
    }
    if (condition instanceof Condition.Not not) {
      return "NOT " + render(not.part(), next);
    }
    boolean all = condition instanceof Condition.All;
    List<Condition> parts = all ? ((Condition.All) condition).parts() : ((Condition.Any) condition).parts();
    if (parts.isEmpty()) {
      return "1 = 1";
    }
    List<String> rendered = new ArrayList<>();
    parts.forEach(p -> rendered.add(render(p, next)));
    return "(" + String.join(all ? " AND " : " OR ", rendered) + ")";
  }

  private static void bindCondition(SqlStatement<?> statement, Condition condition, int[] next) {
    if (condition instanceof Condition.In in) {
      // An empty list matches nothing: bound as the empty text, which no facet holds.
      statement.bindList("c" + next[0]++, in.values().isEmpty() ? List.of("") : List.copyOf(in.values()));
    } else if (condition instanceof Condition.Not not) {
      bindCondition(statement, not.part(), next);
    } else {
      List<Condition> parts = condition instanceof Condition.All all ? all.parts() : ((Condition.Any) condition).parts();
      parts.forEach(p -> bindCondition(statement, p, next));
    }
  }

  /**
   * The score of a row: for each token, the weight of the first field that holds it (name 8,
   * display name 4, a column 2, else the description 1), plus 16 when the whole query is the name.
   */
  static String score(Query query) {
    if (query.tokens().isEmpty()) {
      return "0";
    }
    StringBuilder sql = new StringBuilder("(");
    for (int i = 0; i < query.tokens().size(); i++) {
      String p = ":p" + i;
      sql.append(i > 0 ? " + " : "").append("CASE WHEN s.t_name LIKE ").append(p).append(" THEN ").append(NAME)
          .append(" WHEN s.t_display LIKE ").append(p).append(" THEN ").append(DISPLAY)
          .append(" WHEN s.t_columns LIKE ").append(p).append(" THEN ").append(COLUMNS)
          .append(" ELSE ").append(DESCRIPTION).append(" END");
    }
    return sql.append(" + CASE WHEN s.name_key = :whole THEN ").append(WHOLE_NAME).append(" ELSE 0 END)").toString();
  }

  void bindQuery(SqlStatement<?> statement, Query query) {
    statement.bindList("types", List.copyOf(query.types())).bind("deleted", query.deleted());
    List<String> tokens = query.tokens();
    if (!tokens.isEmpty()) {
      statement.bind("match", dialect.searchMatch(tokens)).bind("whole", query.whole());
      for (int i = 0; i < tokens.size(); i++) {
        boolean prefix = i == tokens.size() - 1;
        statement.bind("p" + i, "% " + dialect.searchToken(tokens.get(i)) + (prefix ? "%" : " %"));
      }
    }
    if (!query.filter().equals(Condition.TRUE)) {
      bindCondition(statement, query.filter(), new int[1]);
    }
  }

  /** The tokens of a field as stored: each as this store keeps it, separated and surrounded by spaces. */
  public String field(Collection<String> tokens) {
    if (tokens.isEmpty()) {
      return " ";
    }
    StringBuilder out = new StringBuilder(" ");
    for (String token : tokens) {
      out.append(dialect.searchToken(token)).append(' ');
    }
    return out.toString();
  }
}
