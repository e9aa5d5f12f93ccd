package meridian.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import meridian.store.rows.SearchRow;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded store a write notes what the full-text index must catch up on, and catching up
 * brings the index to exactly what the rows hold: new rows found, changed rows found by their new
 * words only, deleted rows gone, a rowid used again by another row, and FTS5's own check of the
 * index against the rows passes. The notes are part of the write's transaction.
 */
class SearchCatchUpTest {
  @TempDir Path dir;
  ThrowawayStore store;
  Database db;
  SearchDao search;

  @BeforeEach
  void open() {
    store = new ThrowawayStore(Dialect.SQLITE, dir);
    db = Database.open(store.config, null);
    db.migrate();
    search = db.search();
  }

  @AfterEach
  void close() {
    db.close();
    store.close();
  }

  private static SearchRow row(UUID id, String schema, String name, String columns) {
    return new SearchRow(id, "table", false, name, "svc", "mysql", "db", schema, 1L, " " + name + " ", " ", " " + columns + " ", " ");
  }

  private List<String> matches(String word) {
    return db.read(h -> h.createQuery("SELECT s.name_key FROM search_fts CROSS JOIN search_entry s WHERE search_fts MATCH :w"
        + " AND s.seq = search_fts.rowid ORDER BY s.name_key").bind("w", word).mapTo(String.class).list());
  }

  /** FTS5's check of the index against its content table: fails when they differ. */
  private void indexMatchesTheRows() {
    db.inTransaction(h -> {
      try (java.sql.Statement check = h.getConnection().createStatement()) {
        return check.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)");
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    });
  }

  private int caughtUp(int limit) {
    Integer n = db.inTransaction(h -> search.upkeep().catchUp(h, limit));
    return n;
  }

  private boolean behind() {
    return db.read(h -> search.upkeep().behind(h));
  }

  @Test
  void caughtUpTheIndexHoldsWhatTheRowsHold() {
    UUID orders = UUID.randomUUID();
    UUID ledger = UUID.randomUUID();
    UUID moved = UUID.randomUUID();
    db.inTransaction(h -> {
      search.put(h, List.of(row(orders, "s1", "orders", "amount"), row(ledger, "s1", "ledger", "amount"),
          row(moved, "s1", "moved", "region")), Set.of(orders, ledger, moved));
      return null;
    });
    assertThat(behind()).isTrue();
    assertThat(matches("amount")).as("not caught up yet").isEmpty();
    assertThatThrownBy(this::indexMatchesTheRows).as("the index is behind the rows").hasMessageContaining("SQLITE_CORRUPT_VTAB");

    assertThat(caughtUp(100)).isEqualTo(3);
    assertThat(behind()).isFalse();
    assertThat(matches("amount")).containsExactly("ledger", "orders");
    indexMatchesTheRows();

    // Changed twice (the index still holds the first words), one deleted, one moved to another schema (a new rowid).
    db.inTransaction(h -> {
      search.put(h, List.of(row(orders, "s1", "orders", "currency")));
      search.put(h, List.of(row(orders, "s1", "orders", "status")));
      search.remove(h, List.of(ledger));
      search.put(h, List.of(row(moved, "s2", "moved", "region")));
      return null;
    });
    assertThat(matches("amount")).as("the index as it was").containsExactly("orders");
    assertThat(caughtUp(100)).isEqualTo(4);
    assertThat(matches("amount")).isEmpty();
    assertThat(matches("currency")).isEmpty();
    assertThat(matches("status")).containsExactly("orders");
    assertThat(matches("region")).as("once, at its new rowid").containsExactly("moved");
    indexMatchesTheRows();

    // The deleted row's rowid is the last of its combination: a new row there takes it again before the index catches up.
    UUID again = UUID.randomUUID();
    db.inTransaction(h -> {
      search.remove(h, List.of(orders));
      search.put(h, List.of(row(again, "s1", "again", "note")), Set.of(again));
      return null;
    });
    assertThat(caughtUp(100)).isEqualTo(1);
    assertThat(matches("status")).isEmpty();
    assertThat(matches("note")).containsExactly("again");
    indexMatchesTheRows();
  }

  @Test
  void catchingUpTakesAtMostTheRowsAskedAndAWriteRolledBackNotesNothing() {
    db.inTransaction(h -> {
      for (int i = 0; i < 5; i++) {
        UUID id = UUID.randomUUID();
        search.put(h, List.of(row(id, "s1", "t" + i, "amount")), Set.of(id));
      }
      return null;
    });
    assertThat(caughtUp(2)).isEqualTo(2);
    assertThat(matches("amount")).containsExactly("t0", "t1");
    assertThat(behind()).isTrue();
    assertThat(caughtUp(10)).isEqualTo(3);
    assertThat(behind()).isFalse();
    assertThat(caughtUp(10)).isZero();

    assertThatThrownBy(() -> db.inTransaction((Handle h) -> {
      UUID id = UUID.randomUUID();
      search.put(h, List.of(row(id, "s1", "never", "amount")), Set.of(id));
      throw new IllegalStateException("rolled back");
    })).hasMessage("rolled back");
    assertThat(behind()).isFalse();
    indexMatchesTheRows();
    assertThat(matches("never")).isEmpty();
  }

  private boolean fragmented() {
    return db.read(h -> search.upkeep().fragmented(h));
  }

  /** One step of merging, of about 20 pages: whether there was anything to merge. */
  private boolean mergeStep() {
    Boolean merged = db.inTransaction(h -> search.upkeep().merge(h, 20));
    return merged;
  }

  private long segments() {
    return db.read(h -> h.createQuery("SELECT COUNT(DISTINCT segid) FROM search_fts_idx").mapTo(Long.class).one());
  }

  /** Writes {@code n} new rows (each with a few words) in one transaction and catches the index up in it: FTS5 writes one segment. */
  private void segmentOf(int n, String word) {
    db.inTransaction(h -> {
      List<SearchRow> rows = new java.util.ArrayList<>();
      Set<UUID> ids = new java.util.HashSet<>();
      for (int i = 0; i < n; i++) {
        UUID id = UUID.randomUUID();
        ids.add(id);
        rows.add(row(id, "s1", word + "_" + i, word + " amount" + (i % 97) + " region" + (i % 89) + " note" + i));
      }
      search.put(h, rows, ids);
      return search.upkeep().catchUp(h, Integer.MAX_VALUE);
    });
  }

  @Test
  void segmentsWorthMergingAreMergedIntoOneAStepAtATime() {
    for (String word : List.of("alpha", "beta", "gamma")) {
      segmentOf(1_500, word);
    }
    assertThat(segments()).as("one segment a transaction").isEqualTo(3);
    assertThat(fragmented()).as("three of a size").isTrue();
    int steps = 0;
    while (mergeStep()) {
      steps++;
    }
    assertThat(steps).as("a step writes about 20 pages").isGreaterThan(1);
    assertThat(segments()).isEqualTo(1);
    assertThat(fragmented()).isFalse();
    assertThat(mergeStep()).as("nothing left to merge").isFalse();
    indexMatchesTheRows();
    assertThat(matches("beta")).hasSize(1_500);

    // A small segment beside a large one is left as it is: merging it would rewrite the large one.
    segmentOf(10, "delta");
    assertThat(segments()).isEqualTo(2);
    assertThat(fragmented()).isFalse();
    // Until what is beside the largest reaches a quarter of it.
    segmentOf(1_500, "epsilon");
    assertThat(fragmented()).isTrue();
  }
}
