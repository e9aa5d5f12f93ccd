package meridian.core.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import meridian.core.Json;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.search.Tokens;
import meridian.store.EntityDao;
import meridian.store.SearchDao;
import meridian.store.rows.EntityRow;
import meridian.store.rows.SearchRow;

/**
 * The search index as the engine keeps it: every write of a searchable kind
 * ({@link EntityKind#searchIndex}) puts the entity's row in the same transaction (so a search is
 * never behind the catalog), a hard delete removes it, and {@link #rebuild} makes it again from the
 * entity tables (a store written before search existed, or {@code ./meridian reindex}).
 */
public final class SearchStore {
  private static final int BATCH = 500;

  private final Store store;
  private final SearchDao dao;
  private final Json json;

  public SearchStore(Store store, Json json) {
    this.store = store;
    this.dao = store.database.search();
    this.json = json;
    if (dao.dialect().searchIndexCatchesUp()) {
      this.indexer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "meridian-search-index");
        thread.setDaemon(true);
        return thread;
      });
    } else {
      this.indexer = null;
    }
  }

  // ------------------------------------------------------------------ catching up

  /**
   * How long after a write the full-text index catches up in the background (embedded store): the
   * writes of that time share one FTS5 segment, where each write's own transaction wrote one.
   */
  static final long CATCH_UP_AFTER_MS = 200;
  /** At most this many rows in one transaction of catching up, so that the writers waiting behind it wait little. */
  static final int CATCH_UP_ROWS = 2_000;
  /** A write of at least this many rows catches the index up itself, in its own transaction: one segment for them all. */
  static final int CATCH_UP_WITHIN = 100;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SearchStore.class);
  /** Catches the index up after writes; null on the stores whose index is written with the row. */
  private final java.util.concurrent.ScheduledExecutorService indexer;
  private final java.util.concurrent.atomic.AtomicBoolean scheduled = new java.util.concurrent.atomic.AtomicBoolean();
  /**
   * Once the writes have paused this long, the index's segments are merged into one when they are
   * worth it ({@link meridian.store.FullTextUpkeep#fragmented}): FTS5 leaves a dozen after a bulk load, and a search
   * reads each of them.
   */
  static final long TIDY_AFTER_MS = 2_000;
  /** Pages one step of merging writes (one transaction, a tenth of a second or so): a writer that comes meanwhile waits for one step at most. */
  static final int TIDY_PAGES = 500;
  private final java.util.concurrent.atomic.AtomicBoolean tidyScheduled = new java.util.concurrent.atomic.AtomicBoolean();
  /** When the last write that the index catches up on was answered ({@link System#nanoTime}). */
  private volatile long lastWrite = System.nanoTime();
  private volatile boolean closing;

  /**
   * The index catches up shortly, in the background, with the writes that come meanwhile: after a
   * write, and when the server starts (what a stop left noted is on disk). A command of the CLI
   * that opens the store beside a running server does not call it: the server catches up.
   */
  public void nudge() {
    if (indexer == null) {
      return;
    }
    lastWrite = System.nanoTime();
    schedule(scheduled, this::catchUpInBackground, CATCH_UP_AFTER_MS);
    schedule(tidyScheduled, this::tidyInBackground, TIDY_AFTER_MS);
  }

  private void schedule(java.util.concurrent.atomic.AtomicBoolean flag, Runnable task, long afterMs) {
    if (flag.compareAndSet(false, true)) {
      try {
        indexer.schedule(task, afterMs, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Closed: the next start catches up, and tidies.
        flag.set(false);
      }
    }
  }

  /**
   * Merges the index's segments into one, a step at a time, when the writes have paused for
   * {@link #TIDY_AFTER_MS} and the segments are worth it; a write meanwhile stops it after the
   * step, and it starts again once they pause (FTS5 goes on from where it stopped).
   */
  private void tidyInBackground() {
    tidyScheduled.set(false);
    long quietMs = (System.nanoTime() - lastWrite) / 1_000_000;
    if (quietMs < TIDY_AFTER_MS) {
      schedule(tidyScheduled, this::tidyInBackground, TIDY_AFTER_MS - quietMs);
      return;
    }
    long started = lastWrite;
    try {
      mergeWhile(() -> lastWrite == started);
    } catch (RuntimeException e) {
      LOG.warn("search: the full-text index could not be merged now ({}); it will be after the next writes", e.getMessage());
    }
  }

  /**
   * When the index's segments are worth merging, merges them a step ({@link #TIDY_PAGES}) a
   * transaction until they are one, or until {@code goOn} says no or the store closes.
   */
  private void mergeWhile(java.util.function.BooleanSupplier goOn) {
    if (store.read(tx -> dao.upkeep().fragmented(tx.handle))) {
      while (!closing && goOn.getAsBoolean() && store.database.inTransaction(handle -> dao.upkeep().merge(handle, TIDY_PAGES))) {
        // Each step writes about TIDY_PAGES pages of the merge, and FTS5 goes on from there in the next.
      }
    }
  }

  private void catchUpInBackground() {
    scheduled.set(false);
    try {
      catchUp();
    } catch (RuntimeException e) {
      // The rows stay noted: the next write's catching up, or the next search, takes them.
      LOG.warn("search: the full-text index could not catch up now ({}); it will with the next write or search", e.getMessage());
    }
  }

  /**
   * Brings the full-text index up to date with every write answered before this call, in
   * transactions of at most {@link #CATCH_UP_ROWS} rows (a no-op on the stores whose index is written
   * with the row). A search does this first when the index is behind, so it finds every write that
   * was answered before it began.
   */
  public void catchUp() {
    if (indexer == null) {
      return;
    }
    while (store.read(tx -> dao.upkeep().behind(tx.handle))) {
      if (store.database.inTransaction(handle -> dao.upkeep().catchUp(handle, CATCH_UP_ROWS)) < CATCH_UP_ROWS) {
        return;
      }
    }
  }

  /** Stops catching up in the background (before the store closes); what is left is caught up at the next start. */
  public void close() {
    closing = true;
    if (indexer != null) {
      indexer.shutdown();
      try {
        indexer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether a search's work is this process's own CPU (the embedded store), not a database server's. */
  public boolean runsInProcess() {
    return dao.dialect().runsInProcess();
  }

  /** Puts the rows of these entities of {@code kind} (new, changed, deleted or restored). */
  void put(Tx tx, EntityKind<?> kind, Collection<Entity> entities) {
    put(tx, kind, entities, Set.of());
  }

  /** {@link #put(Tx, EntityKind, Collection)}, where {@code created} are the ids of entities this transaction created (no row to look for). */
  void put(Tx tx, EntityKind<?> kind, Collection<Entity> entities, Set<UUID> created) {
    if (kind.searchIndex() == null || entities.isEmpty()) {
      return;
    }
    List<SearchRow> rows = new ArrayList<>(entities.size());
    entities.forEach(e -> rows.add(row(kind, e.doc())));
    dao.put(tx.handle, rows, created);
    caughtUpOrNudged(tx, rows.size());
  }

  /** Removes the rows of these entities of {@code kind} (a hard delete). */
  void remove(Tx tx, EntityKind<?> kind, Collection<UUID> ids) {
    if (kind.searchIndex() != null && !ids.isEmpty()) {
      dao.remove(tx.handle, ids);
      caughtUpOrNudged(tx, ids.size());
    }
  }

  /** After a write of {@code rows} search rows: a large one catches the index up in its own transaction, a small one leaves it to {@link #nudge}. */
  private void caughtUpOrNudged(Tx tx, int rows) {
    if (indexer == null) {
      return;
    }
    if (rows >= CATCH_UP_WITHIN) {
      dao.upkeep().catchUp(tx.handle, Integer.MAX_VALUE);
    }
    // After a small write the index catches up shortly; after any, it is tidied once the writes pause.
    nudge();
  }

  /** The row of one entity: the tokens of what search looks in, and what it filters by. */
  SearchRow row(EntityKind<?> kind, ObjectNode doc) {
    String name = doc.path("name").asText("");
    boolean isService = kind.containment() == null;
    return new SearchRow(
        UUID.fromString(doc.get("id").asText()),
        kind.entityType(),
        doc.path("deleted").asBoolean(false),
        Tokens.foldName(name),
        lower(isService ? doc.path("name") : doc.path("service").path("name")),
        lower(doc.path("serviceType")),
        lower(doc.path("database").path("name")),
        lower(doc.path("databaseSchema").path("name")),
        doc.path("updatedAt").asLong(0),
        dao.field(Tokens.index(name)),
        dao.field(Tokens.index(doc.path("displayName").asText(""))),
        dao.field(columnTokens(doc.path("columns"))),
        dao.field(Tokens.index(doc.path("description").asText(""))));
  }

  /** A facet's value as search compares it: lower case, as OM's keyword fields normalise theirs. */
  private static String lower(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    // Lower case can be longer ("İ" is two characters then): kept within the column's 256.
    String lower = node.asText().toLowerCase(java.util.Locale.ROOT);
    return lower.length() > 256 ? lower.substring(0, 256) : lower;
  }

  /** The tokens of the names (and display names) of every column, nested ones too. */
  private static Set<String> columnTokens(JsonNode columns) {
    Set<String> out = new LinkedHashSet<>();
    List<JsonNode> todo = new ArrayList<>();
    columns.forEach(todo::add);
    while (!todo.isEmpty()) {
      JsonNode column = todo.remove(todo.size() - 1);
      out.addAll(Tokens.index(column.path("name").asText("")));
      if (column.hasNonNull("displayName")) {
        out.addAll(Tokens.index(column.path("displayName").asText("")));
      }
      column.path("children").forEach(todo::add);
    }
    return out;
  }

  // ------------------------------------------------------------------ reads

  /** A page of hits, the column facets of every match, and the counts of {@code joined} (tags, owners, domains). */
  public record Page(SearchDao.Page page, Map<String, Map<String, Long>> joined) {}

  /**
   * One search on one connection: the page and the column facets ({@link SearchDao#page}), then the
   * counts of each facet of {@code joined} ({@link SearchDao#counts}, at most {@code buckets} each).
   * It reads the full-text index as it is: a search with words that must find every write answered
   * before it calls {@link #catchUp} first ({@code SearchService} does).
   */
  public Page page(SearchDao.Query query, SearchDao.Order order, boolean ascending, int from, int size, Collection<String> joined,
      int buckets) {
    return store.read(tx -> page(tx, query, order, ascending, from, size, joined, buckets));
  }

  private Page page(Tx tx, SearchDao.Query query, SearchDao.Order order, boolean ascending, int from, int size, Collection<String> joined,
      int buckets) {
    SearchDao.Page page = dao.page(tx.handle, query, order, ascending, from, size, List.copyOf(joined), buckets);
    Map<String, Map<String, Long>> counts = new java.util.LinkedHashMap<>(page.joined());
    for (String facet : joined) {
      if (!counts.containsKey(facet)) {
        counts.put(facet, dao.counts(tx.handle, query, facet, buckets, page.facets().total()));
      }
    }
    return new Page(page, counts);
  }

  /** 'pending' while the index is being built from the entity tables, else 'ready'. */
  public String state() {
    return store.read(tx -> dao.buildState(tx.handle));
  }

  // ------------------------------------------------------------------ building

  /** What a rebuild has done so far: entities indexed, and how many there are. */
  public interface Progress {
    void report(long done, long total);
  }

  /**
   * Makes the index again from the entity tables of {@code kinds}, in transactions of 500 rows, and
   * marks it ready. Each batch holds its entities locked for share while it puts their rows, so a
   * write of one of them either committed before the batch read it or waits and puts its own row
   * after; an entity created meanwhile is put by its own write. Counts follow each put and removal.
   */
  public long rebuild(List<EntityKind<?>> kinds, Progress progress) {
    List<EntityKind<?>> searchable = kinds.stream().filter(k -> k.searchIndex() != null).toList();
    long total = 0;
    for (EntityKind<?> kind : searchable) {
      total += store.read(tx -> store.database.entities(kind.table()).countAll(tx.handle));
    }
    long done = 0;
    progress.report(0, total);
    for (EntityKind<?> kind : searchable) {
      EntityDao rows = store.database.entities(kind.table());
      String after = "";
      while (true) {
        String from = after;
        List<EntityRow> page = store.database.inTransaction(handle -> {
          List<EntityRow> read = rows.rowsAfter(handle, from, BATCH, true);
          List<SearchRow> search = new ArrayList<>(read.size());
          read.forEach(r -> search.add(row(kind, json.readStored(r.json()))));
          dao.put(handle, search);
          dao.upkeep().catchUp(handle, Integer.MAX_VALUE);
          return read;
        });
        if (page.isEmpty()) {
          break;
        }
        done += page.size();
        progress.report(done, Math.max(total, done));
        after = page.get(page.size() - 1).id().toString();
      }
    }
    store.database.inTransaction(handle -> {
      // Rows of entities that are gone (a store whose tables were restored by hand): the index holds only what is there.
      searchable.forEach(kind -> dao.removeOrphans(handle, kind.entityType(), kind.table()));
      // Ready means caught up too: what the writes meanwhile noted.
      dao.upkeep().catchUp(handle, Integer.MAX_VALUE);
      dao.setBuildState(handle, "ready");
      return null;
    });
    // A rebuild's batches leave FTS5 a segment each: merged now, so that the first searches read one.
    if (indexer != null) {
      mergeWhile(() -> true);
    }
    return done;
  }

  /**
   * A pending index over empty entity tables (a new store) is ready as it is: marked so here, at
   * once, rather than by a build after start-up that would write while the first requests run.
   */
  public void readyIfEmpty(List<EntityKind<?>> kinds) {
    store.database.inTransaction(handle -> {
      if (dao.buildState(handle).equals("pending")
          && kinds.stream().filter(k -> k.searchIndex() != null).allMatch(k -> store.database.entities(k.table()).countAll(handle) == 0)) {
        dao.setBuildState(handle, "ready");
      }
      return null;
    });
  }

  /** Marks the index as needing a build (before {@code ./meridian reindex} rebuilds it). */
  public void markPending() {
    store.database.inTransaction(handle -> {
      dao.setBuildState(handle, "pending");
      return null;
    });
  }
}
