package meridian.store;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The upkeep of the embedded store's full-text index (FTS5), where a write notes what the index
 * must catch up on rather than writing it ({@link Dialect#searchIndexCatchesUp}, migration 015):
 * catching up from the notes, and merging the index's segments. On the other stores, whose index
 * is written with the row, each is a no-op. The engine decides when ({@code SearchStore}).
 */
public final class FullTextUpkeep {
  private final Dialect dialect;

  FullTextUpkeep(Dialect dialect) {
    this.dialect = dialect;
  }

  /**
   * Whether the full-text index has rows to catch up on ({@link Dialect#searchIndexCatchesUp}): writes
   * answered since it last caught up. Never on the stores whose index is written with the row.
   */
  public boolean behind(Handle handle) {
    return dialect.searchIndexCatchesUp()
        && handle.createQuery("SELECT EXISTS (SELECT 1 FROM search_pending)").mapTo(Boolean.class).one();
  }

  /**
   * Brings the full-text index up to date for at most {@code limit} of the rows it is behind on (in
   * the order of their rowids), in the caller's write transaction: each one's tokens as the index
   * holds them taken out, its row as it is now (when it is still there) put in. Returns how many it
   * caught up on; fewer than {@code limit}: the index is up to date, as of this transaction.
   */
  public int catchUp(Handle handle, int limit) {
    if (!dialect.searchIndexCatchesUp()) {
      return 0;
    }
    Long last = handle.createQuery("SELECT MAX(seq) FROM (SELECT seq FROM search_pending ORDER BY seq LIMIT :limit)")
        .bind("limit", limit).mapTo(Long.class).one();
    if (last == null) {
      return 0;
    }
    handle.createUpdate("INSERT INTO search_fts (search_fts, rowid, t_name, t_display, t_columns, t_description)"
        + " SELECT 'delete', seq, t_name, t_display, t_columns, t_description FROM search_pending WHERE seq <= :last AND indexed = 1")
        .bind("last", last).execute();
    handle.createUpdate("INSERT INTO search_fts (rowid, t_name, t_display, t_columns, t_description)"
        + " SELECT s.seq, s.t_name, s.t_display, s.t_columns, s.t_description FROM search_pending p CROSS JOIN search_entry s"
        + " WHERE p.seq <= :last AND s.seq = p.seq")
        .bind("last", last).execute();
    return handle.createUpdate("DELETE FROM search_pending WHERE seq <= :last").bind("last", last).execute();
  }

  /**
   * Whether the embedded store's full-text index is worth merging into one segment ({@link #merge}):
   * it has more than one, and those besides the largest hold at least a quarter of the largest's
   * pages. FTS5 writes a segment per transaction and merges them only as far as a few per level; a
   * word is then looked up, and a prefix's terms merged, in each of them: on a million tables
   * loaded in bulk (twelve segments), a prefix took three times as long to match as in one
   * (docs/performance.md). Merging whenever the rest reaches a quarter of the largest rewrites the
   * index at most about five times for what is written into it. Never on the other stores.
   */
  public boolean fragmented(Handle handle) {
    if (!dialect.searchIndexCatchesUp()) {
      return false;
    }
    // FTS5's own table of each segment's leaf pages (one row a page that starts a term): their count per segment.
    List<Long> pages = handle.createQuery("SELECT COUNT(*) FROM search_fts_idx GROUP BY segid").mapTo(Long.class).list();
    if (pages.size() < 2) {
      return false;
    }
    long largest = java.util.Collections.max(pages);
    long all = pages.stream().mapToLong(Long::longValue).sum();
    return (all - largest) * 4 >= largest;
  }

  /**
   * One step of merging the embedded store's full-text index into one segment, in the caller's
   * transaction: FTS5 writes about {@code pages} pages of the merge and remembers where it stopped.
   * Returns whether there was anything to merge (FTS5 changes rows only then).
   */
  public boolean merge(Handle handle, int pages) {
    if (!dialect.searchIndexCatchesUp()) {
      return false;
    }
    long before = handle.createQuery("SELECT total_changes()").mapTo(Long.class).one();
    // A negative number of pages: every segment is merged into one, not only levels that hold several.
    handle.createUpdate("INSERT INTO search_fts (search_fts, rank) VALUES ('merge', :pages)").bind("pages", -pages).execute();
    long after = handle.createQuery("SELECT total_changes()").mapTo(Long.class).one();
    return after - before >= 2;
  }
}
