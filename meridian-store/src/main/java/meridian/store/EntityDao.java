package meridian.store;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import meridian.store.rows.EntityRow;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * SQL for the entity tables, one table per entity type, all of the same shape. The table name is
 * the only text put into SQL: a kind declares it, it must be a plain lower-case identifier
 * ({@link #TABLE_NAME}), and {@link #verify} proves at start that the migrations made it, with
 * every column and its create lock (ARCHITECTURE rule 6).
 */
public final class EntityDao {
  /** What a table name may be: lower-case letters, digits and underscores, as the migrations name them. */
  public static final java.util.regex.Pattern TABLE_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private static final String COLUMNS =
      "id, name, fqn_hash, parent_id, json, version_tenths, row_version, deleted, updated_at, updated_by";

  private static final RowMapper<EntityRow> MAPPER =
      (rs, ctx) ->
          new EntityRow(
              UUID.fromString(rs.getString("id")),
              rs.getString("name"),
              rs.getString("fqn_hash"),
              rs.getString("parent_id") == null ? null : UUID.fromString(rs.getString("parent_id")),
              rs.getString("json"),
              rs.getInt("version_tenths"),
              rs.getInt("row_version"),
              rs.getBoolean("deleted"),
              rs.getLong("updated_at"),
              rs.getString("updated_by"));

  private final Dialect dialect;
  private final String table;
  // The point reads every request makes, rendered once: a query with <table> is rendered by JDBI's
  // template engine on every call, which costs more than SQLite takes to answer it.
  private final String findByIdSql;
  private final String findByFqnHashSql;
  private final String stampSql;

  /** Handed out by {@link Database#entities}, so that every DAO knows its dialect. */
  EntityDao(Dialect dialect, String table) {
    if (!TABLE_NAME.matcher(table).matches()) {
      throw new IllegalArgumentException("not a table name: " + table);
    }
    this.dialect = dialect;
    this.table = table;
    this.findByIdSql = findSql(true);
    this.findByFqnHashSql = findSql(false);
    this.stampSql = "SELECT id, row_version, deleted FROM " + table + " WHERE fqn_hash = :fqnHash";
  }

  /** What identifies a row's current state without its document: its id, row version and deleted flag. */
  public record Stamp(UUID id, int rowVersion, boolean deleted) {}

  /** The stamp of the row with this FQN hash: one index probe, no document read. */
  public Optional<Stamp> stampByFqnHash(Handle handle, String fqnHash) {
    return handle
        .createQuery(stampSql)
        .bind("fqnHash", fqnHash)
        .map((rs, ctx) -> new Stamp(UUID.fromString(rs.getString(1)), rs.getInt(2), rs.getBoolean(3)))
        .findOne();
  }

  public String table() {
    return table;
  }

  /**
   * Proves, at start, that the migrations made this kind's table with every column the DAO reads
   * and its row in {@code entity_lock}: a kind declared without its SQL fails the start with a
   * message that says what is missing, never a silent no-op at the first race.
   */
  public void verify(Handle handle) {
    try {
      handle.createQuery("SELECT " + COLUMNS + " FROM <table> WHERE 1 = 0").define("table", table).mapToMap().list();
    } catch (RuntimeException e) {
      throw new StoreException("the store has no entity table " + table + " with the columns " + COLUMNS
          + "; a kind names a table no migration made", e);
    }
    boolean locked = handle.createQuery("SELECT name FROM entity_lock WHERE name = :table").bind("table", table)
        .mapTo(String.class).findOne().isPresent();
    if (!locked) {
      throw new StoreException("the store has no entity_lock row for " + table + "; the migration that made the table must add it", null);
    }
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
    boolean locked = handle.createQuery("SELECT name FROM entity_lock WHERE name = :table" + dialect.lockForUpdate())
        .bind("table", table)
        .mapTo(String.class)
        .findOne()
        .isPresent();
    if (!locked) {
      // verify() refuses to start without the row; reaching here means it was deleted since.
      throw new IllegalStateException("entity_lock has no row for " + table + ": concurrent creates would not queue");
    }
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

  /**
   * Like {@link #findByFqnHashes}, with a shared lock on the rows (see {@link Dialect#lockForShare}):
   * the parents a write creates or changes children under, held until it commits.
   */
  public List<EntityRow> findByFqnHashesForShare(Handle handle, Collection<String> fqnHashes) {
    return inChunks(fqnHashes.stream().distinct().sorted().toList(), chunk ->
        handle
            .createQuery("SELECT " + COLUMNS + " FROM <table> WHERE fqn_hash IN (<hashes>) ORDER BY fqn_hash" + dialect.lockForShare())
            .define("table", table)
            .bindList("hashes", chunk)
            .map(MAPPER)
            .list());
  }

  public Optional<EntityRow> findById(Handle handle, UUID id) {
    return handle
        .createQuery(findByIdSql)
        .bind("id", id.toString())
        .map(MAPPER)
        .findOne();
  }

  public Optional<EntityRow> findByFqnHash(Handle handle, String fqnHash) {
    return handle
        .createQuery(findByFqnHashSql)
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
   * turns the leading "name >=" into a range on the (deleted, name, id), (parent_id, deleted, name,
   * id) or (name, id) index, which MariaDB does not do for row values. The deleted and parent
   * filters are fixed text chosen in Java, not a bound "(:any OR deleted = :d)" that no planner can
   * use an index for.
   */
  private static final String PAGE_AFTER =
      "SELECT " + COLUMNS + " FROM <table> WHERE <parent><deleted>name >= :name AND (name > :name OR id > :id)<related>"
          + " ORDER BY name, id LIMIT :limit";

  private static final String PAGE_BEFORE =
      "SELECT " + COLUMNS + " FROM <table> WHERE <parent><deleted>name <= :name AND (name < :name OR id < :id)<related>"
          + " ORDER BY name DESC, id DESC LIMIT :limit";

  /**
   * One page in (name, id) order after the key {@code (name, id)}; the empty key starts at the
   * beginning (names are never empty). Keyset paging: the cost of a page does not grow with its
   * position, and rows inserted or deleted elsewhere never shift a page (spec §3.1).
   * {@code deleted} null means both deleted and live rows; {@code related} null means no filter;
   * {@code parent} narrows to one parent's children (then {@code deleted} must be given, so that the
   * page is one range of the parent index; the caller merges the live and deleted pages).
   */
  public List<EntityRow> pageAfter(Handle handle, UUID parent, Boolean deleted, Related related, String name, String id, int limit) {
    return page(handle, PAGE_AFTER, parent, deleted, related, name, id, limit);
  }

  /** The page that ends just before the key {@code (name, id)}, nearest first (descending). */
  public List<EntityRow> pageBefore(Handle handle, UUID parent, Boolean deleted, Related related, String name, String id, int limit) {
    return page(handle, PAGE_BEFORE, parent, deleted, related, name, id, limit);
  }

  /**
   * One page of the children of any of {@code parents} (at most 500 of them) in one state, in
   * (name, id) order: for a list narrowed to an ancestor with many parents below it (a
   * classification's tags). The database reads each parent's range of the index and sorts what it
   * found after the key.
   */
  public List<EntityRow> pageUnder(Handle handle, boolean after, Collection<UUID> parents, boolean deleted, String name, String id, int limit) {
    if (parents.size() > 500) {
      throw new IllegalArgumentException("at most 500 parents a query");
    }
    String sql = (after ? PAGE_AFTER : PAGE_BEFORE).replace("<parent>", "parent_id IN (<parents>) AND ");
    return handle.createQuery(sql)
        .define("table", table)
        .define("deleted", deletedFilter(deleted, true))
        .define("related", "")
        .bindList("parents", parents.stream().map(UUID::toString).toList())
        .bind("deleted", deleted)
        .bind("name", name)
        .bind("id", id)
        .bind("limit", limit)
        .map(MAPPER)
        .list();
  }

  /** The SQL of a page query as the database receives it, for tests that look at its plan. */
  public String pageSql(boolean parent, Boolean deleted, boolean related) {
    return PAGE_AFTER.replace("<table>", table).replace("<parent>", parent ? PARENT : "")
        .replace("<deleted>", deletedFilter(deleted, true)).replace("<related>", related ? Related.FRAGMENT_FROM : "");
  }

  private static final String PARENT = "parent_id = :parentId AND ";

  private static String deletedFilter(Boolean deleted, boolean and) {
    return deleted == null ? "" : and ? "deleted = :deleted AND " : " WHERE deleted = :deleted";
  }

  private List<EntityRow> page(
      Handle handle, String sql, UUID parent, Boolean deleted, Related related, String name, String id, int limit) {
    if (parent != null && deleted == null) {
      throw new IllegalArgumentException("a page of one parent's children is of live or of deleted rows, not both");
    }
    var query =
        handle
            .createQuery(sql)
            .define("table", table)
            .define("parent", parent == null ? "" : PARENT)
            .define("deleted", deletedFilter(deleted, true))
            .define("related", related == null ? "" : related.fragment())
            .bind("name", name)
            .bind("id", id)
            .bind("limit", limit);
    if (parent != null) {
      query.bind("parentId", parent.toString());
    }
    if (deleted != null) {
      query.bind("deleted", deleted.booleanValue());
    }
    if (related != null) {
      query.bind("relatedId", related.id().toString()).bind("relation", related.relation());
    }
    return query.map(MAPPER).list();
  }

  /**
   * The number of rows, live or deleted or both, of the whole table or of one parent's children;
   * narrowed to {@code related}'s when given. The plain and per-parent totals are read from
   * {@code entity_count_by_parent} (a few rows, whatever the table's size), which every write keeps
   * with {@link #addToTotals}; a related list counts its edges.
   */
  public int count(Handle handle, UUID parent, Boolean deleted, Related related) {
    if (related == null) {
      var query = handle.createQuery(totalSql(deleted)).bind("name", table).bind("parentId", parent == null ? "" : parent.toString());
      if (deleted != null) {
        query.bind("deleted", deleted.booleanValue());
      }
      return query.mapTo(Long.class).one().intValue();
    }
    String where = deletedFilter(deleted, false);
    String relatedText = (where.isEmpty() ? " WHERE 1 = 1" : "") + related.fragment();
    var query =
        handle
            .createQuery("SELECT COUNT(*) FROM <table>" + where + relatedText)
            .define("table", table);
    if (deleted != null) {
      query.bind("deleted", deleted.booleanValue());
    }
    query.bind("relatedId", related.id().toString()).bind("relation", related.relation());
    return query.mapTo(Integer.class).one();
  }

  /** The SQL of a list's total (see {@link #count}), also for tests that look at its plan. */
  public String totalSql(Boolean deleted) {
    return "SELECT COALESCE(SUM(n), 0) FROM entity_count_by_parent WHERE name = :name AND parent_id = :parentId"
        + (deleted == null ? "" : " AND deleted = :deleted");
  }

  /**
   * Adds a write's changes to this table's totals and, for a child, to its parent's, in the write's
   * transaction: {@code live} and {@code deleted} are how many rows it added to (or, negative, took
   * from) each state. One stripe, picked at random, takes the whole change.
   */
  public void addToTotals(Handle handle, UUID parent, int live, int deleted) {
    if (live == 0 && deleted == 0) {
      return;
    }
    int stripe = java.util.concurrent.ThreadLocalRandom.current().nextInt(dialect.countStripes());
    PreparedBatch batch = handle.prepareBatch(dialect.addToCount());
    for (String scope : parent == null ? List.of("") : List.of("", parent.toString())) {
      for (boolean state : new boolean[] {false, true}) {
        int n = state ? deleted : live;
        if (n != 0) {
          batch.bind("name", table).bind("parentId", scope).bind("stripe", stripe).bind("deleted", state).bind("n", (long) n).add();
        }
      }
    }
    batch.execute();
  }

  /** How many rows, live or deleted or both, have any of {@code parents} as their parent, from the kept totals. */
  public long countUnder(Handle handle, Collection<UUID> parents, Boolean deleted) {
    long[] n = {0};
    inChunks(parents.stream().map(UUID::toString).toList(), chunk -> {
      var query = handle.createQuery("SELECT COALESCE(SUM(n), 0) FROM entity_count_by_parent WHERE name = :name AND parent_id IN (<ids>)"
          + (deleted == null ? "" : " AND deleted = :deleted")).bind("name", table).bindList("ids", chunk);
      if (deleted != null) {
        query.bind("deleted", deleted.booleanValue());
      }
      n[0] += query.mapTo(Long.class).one();
      return List.of();
    });
    return n[0];
  }

  /** Removes the per-parent totals of a parent that is gone (hard-deleted): they are all zero by then. */
  public void dropTotalsOf(Handle handle, Collection<UUID> parents) {
    inChunks(parents.stream().map(UUID::toString).toList(), chunk -> {
      handle.createUpdate("DELETE FROM entity_count_by_parent WHERE name = :name AND parent_id IN (<ids>)")
          .bind("name", table).bindList("ids", chunk).execute();
      return List.of();
    });
  }

  /**
   * Takes a shared lock on these rows until the transaction ends (see {@link Dialect#lockForShare}):
   * the parents a write creates or changes children under. Returns the ids still there.
   */
  public List<UUID> lockShared(Handle handle, Collection<UUID> ids) {
    return inChunks(ids.stream().map(UUID::toString).distinct().sorted().toList(), chunk ->
        handle.createQuery("SELECT id FROM <table> WHERE id IN (<ids>)" + dialect.lockForShare())
            .define("table", table).bindList("ids", chunk)
            .map((rs, ctx) -> UUID.fromString(rs.getString(1))).list());
  }

  /** Whether any row, live or deleted, has {@code parent} as its parent: one probe of the parent index. */
  public boolean hasChildren(Handle handle, UUID parent) {
    return handle.createQuery("SELECT id FROM <table> WHERE parent_id = :parentId LIMIT 1")
        .define("table", table).bind("parentId", parent.toString()).mapTo(String.class).findOne().isPresent();
  }

  /** The SQL of {@link #hasChildren}, for tests that look at its plan. */
  public String hasChildrenSql() {
    return "SELECT id FROM " + table + " WHERE parent_id = :parentId LIMIT 1";
  }

  /**
   * Up to {@code limit} children of any of {@code parents}, live or deleted as {@code deleted} says
   * (null: either), locked for the write that walks them: one batch of a subtree walk, a range of
   * the parent index per parent. No order is promised; the walk's writes move rows out of the
   * range it asks for, so the next batch asks again from the start.
   */
  public List<EntityRow> childrenForUpdate(Handle handle, Collection<UUID> parents, Boolean deleted, int limit) {
    List<String> ids = parents.stream().map(UUID::toString).toList();
    List<EntityRow> out = new ArrayList<>();
    for (int from = 0; from < ids.size() && out.size() < limit; from += 500) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      var query = handle.createQuery("SELECT " + COLUMNS + " FROM <table> WHERE parent_id IN (<ids>)"
              + (deleted == null ? "" : " AND deleted = :deleted") + " LIMIT :limit" + dialect.lockForUpdate())
          .define("table", table).bindList("ids", chunk).bind("limit", limit - out.size());
      if (deleted != null) {
        query.bind("deleted", deleted.booleanValue());
      }
      out.addAll(query.map(MAPPER).list());
    }
    return out;
  }

  /**
   * The ids of every child of any of {@code parents} whose own kind has children, for the levels of
   * a subtree walk above its leaves (a service's databases and schemas: a few rows per level).
   */
  public List<UUID> childIds(Handle handle, Collection<UUID> parents) {
    return inChunks(parents.stream().map(UUID::toString).toList(), chunk ->
        handle.createQuery("SELECT id FROM <table> WHERE parent_id IN (<ids>)")
            .define("table", table).bindList("ids", chunk)
            .map((rs, ctx) -> UUID.fromString(rs.getString(1))).list());
  }

  /** A live child's id, name and the text of one member of its document. */
  public record ChildMember(UUID id, String name, String value) {}

  /**
   * The live children of {@code parent}, each with the text of the top-level member {@code member}
   * of its document (null when it has none), extracted by the database: the documents are neither
   * sent nor parsed (an ingestion run compares a schema's tables by their sourceHash).
   */
  public List<ChildMember> childMembers(Handle handle, UUID parent, String member) {
    return handle.createQuery("SELECT id, name, " + dialect.jsonMemberText("json", member)
            + " FROM <table> WHERE parent_id = :parentId AND deleted = :deleted")
        .define("table", table)
        .bind("parentId", parent.toString())
        .bind("deleted", false)
        .map((rs, ctx) -> new ChildMember(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3)))
        .list();
  }

  /** Removes rows by id (a batch of a recursive hard delete, already locked by the walk); returns how many. */
  public int deleteByIds(Handle handle, Collection<UUID> ids) {
    int[] n = {0};
    inChunks(ids.stream().map(UUID::toString).toList(), chunk -> {
      n[0] += handle.createUpdate("DELETE FROM <table> WHERE id IN (<ids>)").define("table", table).bindList("ids", chunk).execute();
      return List.of();
    });
    return n[0];
  }

  /** The SQL of the get-by-id and get-by-name queries, for tests that look at their plans. */
  public String findSql(boolean byId) {
    return "SELECT " + COLUMNS + " FROM " + table + (byId ? " WHERE id = :id" : " WHERE fqn_hash = :fqnHash");
  }

  /** Up to {@code limit} rows in id order after {@code afterId} ("" for the start): a whole-table walk in pages. */
  /** Every row of the table, deleted or not. */
  public long countAll(Handle handle) {
    return handle.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one();
  }

  public List<EntityRow> rowsAfter(Handle handle, String afterId, int limit) {
    return rowsAfter(handle, afterId, limit, false);
  }

  /**
   * The same, {@code shared}: each row locked for share until the transaction ends, and read as last
   * committed (a writer of one of them is waited for): what a copy derived from the rows (the search
   * index) reads, so that a write cannot land between the read and the copy.
   */
  public List<EntityRow> rowsAfter(Handle handle, String afterId, int limit, boolean shared) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM <table> WHERE id > :after ORDER BY id LIMIT :limit" + (shared ? dialect.lockForShare() : ""))
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
                "INSERT INTO <table> (" + COLUMNS + ") VALUES (:id, :name, :fqnHash, :parentId, " + dialect.jsonValue("json") + ","
                    + " :versionTenths, :rowVersion, :deleted, :updatedAt, :updatedBy)")
            .define("table", table);
    // In hash order: two writers that insert overlapping new names meet on the first shared one
    // and the second waits there, rather than each holding a name the other needs (a deadlock).
    for (EntityRow row : rows.stream().sorted(Comparator.comparing(EntityRow::fqnHash)).toList()) {
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
    Map<UUID, EntityRow> stored = new HashMap<>();
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
        .bind("parentId", row.parentId() == null ? null : row.parentId().toString())
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
