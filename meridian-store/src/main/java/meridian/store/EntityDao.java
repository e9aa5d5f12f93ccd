package meridian.store;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import meridian.store.rows.EntityRow;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * SQL for the entity tables, one table per entity type, all of the same shape. The table name is
 * the only text put into SQL, and it must be one of {@link #TABLES} (ARCHITECTURE rule 6).
 */
public final class EntityDao {
  /** Every entity table the migrations create. */
  public static final Set<String> TABLES =
      Set.of("database_service", "user_entity", "team_entity", "domain_entity", "data_product_entity", "classification", "tag",
          "automations_workflow");

  private static final String COLUMNS =
      "id, name, fqn_hash, json, version_tenths, row_version, deleted, updated_at, updated_by";

  private static final RowMapper<EntityRow> MAPPER =
      (rs, ctx) ->
          new EntityRow(
              UUID.fromString(rs.getString("id")),
              rs.getString("name"),
              rs.getString("fqn_hash"),
              rs.getString("json"),
              rs.getInt("version_tenths"),
              rs.getInt("row_version"),
              rs.getBoolean("deleted"),
              rs.getLong("updated_at"),
              rs.getString("updated_by"));

  private final Dialect dialect;
  private final String table;

  /** Handed out by {@link Database#entities}, so that every DAO knows its dialect. */
  EntityDao(Dialect dialect, String table) {
    if (!TABLES.contains(table)) {
      throw new IllegalArgumentException("unknown entity table " + table);
    }
    this.dialect = dialect;
    this.table = table;
  }

  public String table() {
    return table;
  }

  /**
   * The row with this id, locked until the transaction ends where the dialect has row locks
   * ({@link Dialect#lockForUpdate}): the read of a read-modify-write.
   */
  public Optional<EntityRow> findByIdForUpdate(Handle handle, UUID id) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM <table> WHERE id = :id" + dialect.lockForUpdate())
        .define("table", table)
        .bind("id", id.toString())
        .map(MAPPER)
        .findOne();
  }

  /**
   * Makes this transaction the only one that may create rows in this table until it ends, by
   * locking the table's row in {@code entity_lock}. A unique key decides who wins a race for a new
   * name but not what the losers do next: on PostgreSQL and MariaDB each loser waits for the
   * winner's commit, fails, and may collide again (or deadlock, inserting overlapping names in
   * another order). A writer that lost once takes this lock before it reads again, so it reads
   * after every other locked writer has committed. SQLite has one writer at a time anyway.
   */
  public void lockCreates(Handle handle) {
    if (dialect.lockForUpdate().isEmpty()) {
      return;
    }
    handle.createQuery("SELECT name FROM entity_lock WHERE name = :table" + dialect.lockForUpdate())
        .bind("table", table)
        .mapTo(String.class)
        .findOne();
  }

  /** Like {@link #findByFqnHashes}, locking the rows, in hash order so that two writers lock in the same order. */
  public List<EntityRow> findByFqnHashesForUpdate(Handle handle, Collection<String> fqnHashes) {
    return inChunks(fqnHashes.stream().distinct().sorted().toList(), chunk ->
        handle
            .createQuery("SELECT " + COLUMNS + " FROM <table> WHERE fqn_hash IN (<hashes>) ORDER BY fqn_hash" + dialect.lockForUpdate())
            .define("table", table)
            .bindList("hashes", chunk)
            .map(MAPPER)
            .list());
  }

  public Optional<EntityRow> findById(Handle handle, UUID id) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM <table> WHERE id = :id")
        .define("table", table)
        .bind("id", id.toString())
        .map(MAPPER)
        .findOne();
  }

  public Optional<EntityRow> findByFqnHash(Handle handle, String fqnHash) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM <table> WHERE fqn_hash = :fqnHash")
        .define("table", table)
        .bind("fqnHash", fqnHash)
        .map(MAPPER)
        .findOne();
  }

  public List<EntityRow> findByFqnHashes(Handle handle, Collection<String> fqnHashes) {
    return inChunks(fqnHashes, chunk ->
        handle
            .createQuery("SELECT " + COLUMNS + " FROM <table> WHERE fqn_hash IN (<hashes>)")
            .define("table", table)
            .bindList("hashes", chunk)
            .map(MAPPER)
            .list());
  }

  public List<EntityRow> findByIds(Handle handle, Collection<UUID> ids) {
    List<String> keys = ids.stream().map(UUID::toString).toList();
    return inChunks(keys, chunk ->
        handle
            .createQuery("SELECT " + COLUMNS + " FROM <table> WHERE id IN (<ids>)")
            .define("table", table)
            .bindList("ids", chunk)
            .map(MAPPER)
            .list());
  }


  /**
   * Lists may be narrowed to the entities on the far end of one entity's edges (services of a
   * domain: {@code domain --has--> service}). The two SQL fragments are fixed text; only the
   * related id and the relation name are bound.
   */
  public record Related(UUID id, String relation, boolean relatedIsFrom) {
    static final String FRAGMENT_FROM =
        " AND id IN (SELECT to_id FROM entity_relationship WHERE from_id = :relatedId AND relation = :relation)";
    static final String FRAGMENT_TO =
        " AND id IN (SELECT from_id FROM entity_relationship WHERE to_id = :relatedId AND relation = :relation)";

    String fragment() {
      return relatedIsFrom ? FRAGMENT_FROM : FRAGMENT_TO;
    }
  }

  /*
   * Keyset paging in (name, id) order. The key condition is written as "name >= :name AND (name >
   * :name OR id > :id)" rather than "(name, id) > (:name, :id)" or an OR of the two: every dialect
   * turns the leading "name >=" into a range on the (deleted, name, id) or (name, id) index, which
   * MariaDB does not do for row values. The deleted filter is fixed text chosen in Java, not a
   * bound "(:any OR deleted = :d)" that no planner can use an index for.
   */
  private static final String PAGE_AFTER =
      "SELECT " + COLUMNS + " FROM <table> WHERE <deleted>name >= :name AND (name > :name OR id > :id)<related>"
          + " ORDER BY name, id LIMIT :limit";

  private static final String PAGE_BEFORE =
      "SELECT " + COLUMNS + " FROM <table> WHERE <deleted>name <= :name AND (name < :name OR id < :id)<related>"
          + " ORDER BY name DESC, id DESC LIMIT :limit";

  /**
   * One page in (name, id) order after the key {@code (name, id)}; the empty key starts at the
   * beginning (names are never empty). Keyset paging: the cost of a page does not grow with its
   * position, and rows inserted or deleted elsewhere never shift a page (spec §3.1).
   * {@code deleted} null means both deleted and live rows; {@code related} null means no filter.
   */
  public List<EntityRow> pageAfter(Handle handle, Boolean deleted, Related related, String name, String id, int limit) {
    return page(handle, PAGE_AFTER, deleted, related, name, id, limit);
  }

  /** The page that ends just before the key {@code (name, id)}, nearest first (descending). */
  public List<EntityRow> pageBefore(Handle handle, Boolean deleted, Related related, String name, String id, int limit) {
    return page(handle, PAGE_BEFORE, deleted, related, name, id, limit);
  }

  /** The SQL of a page query as the database receives it, for tests that look at its plan. */
  public String pageSql(Boolean deleted, boolean related) {
    return PAGE_AFTER.replace("<table>", table).replace("<deleted>", deletedFilter(deleted, true))
        .replace("<related>", related ? Related.FRAGMENT_FROM : "");
  }

  private static String deletedFilter(Boolean deleted, boolean and) {
    return deleted == null ? "" : and ? "deleted = :deleted AND " : " WHERE deleted = :deleted";
  }

  private List<EntityRow> page(
      Handle handle, String sql, Boolean deleted, Related related, String name, String id, int limit) {
    var query =
        handle
            .createQuery(sql)
            .define("table", table)
            .define("deleted", deletedFilter(deleted, true))
            .define("related", related == null ? "" : related.fragment())
            .bind("name", name)
            .bind("id", id)
            .bind("limit", limit);
    if (deleted != null) {
      query.bind("deleted", deleted.booleanValue());
    }
    if (related != null) {
      query.bind("relatedId", related.id().toString()).bind("relation", related.relation());
    }
    return query.map(MAPPER).list();
  }

  /**
   * The number of rows, live or deleted or both, narrowed to {@code related}'s when given. The
   * plain totals are read from {@code entity_count} (a few rows, whatever the table's size), which
   * every write keeps with {@link #addToTotals}; a related list counts its edges.
   */
  public int count(Handle handle, Boolean deleted, Related related) {
    if (related == null) {
      var query = handle.createQuery(totalSql(deleted)).bind("name", table);
      if (deleted != null) {
        query.bind("deleted", deleted.booleanValue());
      }
      return query.mapTo(Long.class).one().intValue();
    }
    String where = deletedFilter(deleted, false);
    String relatedText = related == null ? "" : (where.isEmpty() ? " WHERE 1 = 1" : "") + related.fragment();
    var query =
        handle
            .createQuery("SELECT COUNT(*) FROM <table>" + where + relatedText)
            .define("table", table);
    if (deleted != null) {
      query.bind("deleted", deleted.booleanValue());
    }
    if (related != null) {
      query.bind("relatedId", related.id().toString()).bind("relation", related.relation());
    }
    return query.mapTo(Integer.class).one();
  }

  /** The SQL of a list's total (see {@link #count}), also for tests that look at its plan. */
  public String totalSql(Boolean deleted) {
    return "SELECT COALESCE(SUM(n), 0) FROM entity_count WHERE name = :name" + (deleted == null ? "" : " AND deleted = :deleted");
  }

  /**
   * Adds a write's changes to this table's totals, in the write's transaction: {@code live} and
   * {@code deleted} are how many rows it added to (or, negative, took from) each state. One
   * stripe, picked at random, takes the whole change.
   */
  public void addToTotals(Handle handle, int live, int deleted) {
    int stripe = java.util.concurrent.ThreadLocalRandom.current().nextInt(dialect.countStripes());
    for (boolean state : new boolean[] {false, true}) {
      int n = state ? deleted : live;
      if (n != 0) {
        handle.createUpdate(dialect.addToCount())
            .bind("name", table).bind("stripe", stripe).bind("deleted", state).bind("n", (long) n)
            .execute();
      }
    }
  }

  /** The SQL of the get-by-id and get-by-name queries, for tests that look at their plans. */
  public String findSql(boolean byId) {
    return "SELECT " + COLUMNS + " FROM " + table + (byId ? " WHERE id = :id" : " WHERE fqn_hash = :fqnHash");
  }

  /** Up to {@code limit} rows in id order after {@code afterId} ("" for the start): a whole-table walk in pages. */
  public List<EntityRow> rowsAfter(Handle handle, String afterId, int limit) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM <table> WHERE id > :after ORDER BY id LIMIT :limit")
        .define("table", table)
        .bind("after", afterId)
        .bind("limit", limit)
        .map(MAPPER)
        .list();
  }

  /**
   * Replaces a row's document without making it a new version (a key rotation re-seals its
   * secrets); the row version still moves, so a writer that read the row before is refused.
   */
  public void rewriteJson(Handle handle, UUID id, String json) {
    handle
        .createUpdate("UPDATE <table> SET json = " + dialect.jsonValue("json") + ", row_version = row_version + 1 WHERE id = :id")
        .define("table", table)
        .bind("id", id.toString())
        .bind("json", json)
        .execute();
  }

  /** Removes the row if it still has {@code rowVersion}; returns whether it did. */
  public boolean deleteIfRowVersion(Handle handle, UUID id, int rowVersion) {
    return handle
        .createUpdate("DELETE FROM <table> WHERE id = :id AND row_version = :rowVersion")
        .define("table", table)
        .bind("id", id.toString())
        .bind("rowVersion", rowVersion)
        .execute() == 1;
  }

  public void insert(Handle handle, Collection<EntityRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle
            .prepareBatch(
                "INSERT INTO <table> (" + COLUMNS + ") VALUES (:id, :name, :fqnHash, " + dialect.jsonValue("json") + ","
                    + " :versionTenths, :rowVersion, :deleted, :updatedAt, :updatedBy)")
            .define("table", table);
    // In hash order: two writers that insert overlapping new names meet on the first shared one
    // and the second waits there, rather than each holding a name the other needs (a deadlock).
    for (EntityRow row : rows.stream().sorted(java.util.Comparator.comparing(EntityRow::fqnHash)).toList()) {
      bindRow(batch, row).add();
    }
    batch.execute();
  }

  /**
   * Writes each row only if its stored {@code row_version} is still {@code row.rowVersion() - 1}
   * (ARCHITECTURE rule 8). Returns how many rows matched; fewer than {@code rows.size()} means
   * another writer got there first, and the caller must roll back.
   */
  public int updateIfRowVersion(Handle handle, Collection<EntityRow> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    PreparedBatch batch =
        handle
            .prepareBatch(
                """
                UPDATE <table>
                   SET name = :name, fqn_hash = :fqnHash, json = <json>,
                       version_tenths = :versionTenths, row_version = :rowVersion,
                       deleted = :deleted, updated_at = :updatedAt, updated_by = :updatedBy
                 WHERE id = :id AND row_version = :expectedRowVersion
                """)
            .define("json", dialect.jsonValue("json"))
            .define("table", table);
    List<EntityRow> list = List.copyOf(rows);
    for (EntityRow row : list) {
      bindRow(batch, row).bind("expectedRowVersion", row.rowVersion() - 1).add();
    }
    return matched(batch.execute(), list, unknown -> recheck(handle, unknown));
  }

  /**
   * How many of {@code rows} the batch with these update counts changed. A driver may answer
   * {@link Statement#SUCCESS_NO_INFO} for a batched statement (MariaDB's bulk protocol does): that
   * says the statement ran, not that its guard matched, so those rows are re-read and counted only
   * if they now hold exactly what this batch wrote.
   */
  static int matched(int[] counts, List<EntityRow> rows, java.util.function.ToIntFunction<List<EntityRow>> recheck) {
    int matched = 0;
    List<EntityRow> unknown = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == Statement.SUCCESS_NO_INFO) {
        unknown.add(rows.get(i));
      } else if (counts[i] > 0) {
        matched += counts[i];
      }
    }
    return unknown.isEmpty() ? matched : matched + recheck.applyAsInt(unknown);
  }

  /** How many of {@code rows} are stored now with exactly their row version and document. */
  int recheck(Handle handle, List<EntityRow> rows) {
    java.util.Map<UUID, EntityRow> stored = new java.util.HashMap<>();
    findByIds(handle, rows.stream().map(EntityRow::id).toList()).forEach(r -> stored.put(r.id(), r));
    int written = 0;
    for (EntityRow row : rows) {
      EntityRow now = stored.get(row.id());
      if (now != null && now.rowVersion() == row.rowVersion() && now.json().equals(row.json())) {
        written++;
      }
    }
    return written;
  }

  private static PreparedBatch bindRow(PreparedBatch batch, EntityRow row) {
    return batch
        .bind("id", row.id().toString())
        .bind("name", row.name())
        .bind("fqnHash", row.fqnHash())
        .bind("json", row.json())
        .bind("versionTenths", row.versionTenths())
        .bind("rowVersion", row.rowVersion())
        .bind("deleted", row.deleted())
        .bind("updatedAt", row.updatedAt())
        .bind("updatedBy", row.updatedBy());
  }

  /** Keeps IN lists under every driver's bound-parameter limit (SQLite's is the lowest). */
  static <K, R> List<R> inChunks(Collection<K> keys, java.util.function.Function<List<K>, List<R>> query) {
    List<R> result = new ArrayList<>();
    if (keys.isEmpty()) {
      return result;
    }
    List<K> all = List.copyOf(keys);
    for (int from = 0; from < all.size(); from += 500) {
      result.addAll(query.apply(all.subList(from, Math.min(all.size(), from + 500))));
    }
    return result;
  }
}
