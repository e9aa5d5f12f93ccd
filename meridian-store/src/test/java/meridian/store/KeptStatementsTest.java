package meridian.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's statements are prepared once per connection and run again, and running one
 * again changes nothing a caller sees: its parameters, its results, a statement run inside the loop
 * over its own results, and one run after it failed.
 */
class KeptStatementsTest {
  @TempDir Path dir;
  ThrowawayStore store;
  Database db;

  @BeforeEach
  void open() {
    store = new ThrowawayStore(Dialect.SQLITE, dir);
    db = Database.open(store.config, null);
    db.migrate();
    db.inTransaction(h -> h.execute("CREATE TABLE kept_probe (n INTEGER PRIMARY KEY, label TEXT NOT NULL)"));
    db.inTransaction(h -> h.execute("INSERT INTO kept_probe VALUES (1, 'one'), (2, 'two'), (3, 'three')"));
  }

  @AfterEach
  void close() {
    db.close();
    store.close();
  }

  private static final String ABOVE = "SELECT n, label FROM kept_probe WHERE n > :n ORDER BY n";

  private static List<String> above(Handle h, int n, List<Statement> used) {
    return h.createQuery(ABOVE).bind("n", n).map((rs, ctx) -> {
      used.add(ctx.getStatement());
      return rs.getString(2);
    }).list();
  }

  @Test
  void aStatementRunAgainIsTheSamePreparedOneWithItsNewParameters() {
    List<Statement> used = new ArrayList<>();
    List<List<String>> answers = db.read(h -> List.of(above(h, 0, used), above(h, 2, used), above(h, 1, used)));
    assertThat(answers).containsExactly(List.of("one", "two", "three"), List.of("three"), List.of("two", "three"));
    assertThat(used).hasSize(6);
    assertThat(used.stream().distinct()).as("one prepared statement, run three times").hasSize(1);
  }

  @Test
  void theSameStatementInsideTheLoopOverItsOwnResultsIsAnotherOne() {
    List<Statement> outer = new ArrayList<>();
    List<Statement> inner = new ArrayList<>();
    List<String> pairs = db.read(h -> {
      List<String> out = new ArrayList<>();
      h.createQuery(ABOVE).bind("n", 1).map((rs, ctx) -> {
        outer.add(ctx.getStatement());
        return rs.getInt(1);
      }).forEach(n -> above(h, n, inner).forEach(label -> out.add(n + ">" + label)));
      return out;
    });
    assertThat(pairs).containsExactly("2>three");
    assertThat(inner).doesNotContainAnyElementsOf(outer);
    // Both came back: the next run takes the kept one again, and answers as it should.
    List<Statement> after = new ArrayList<>();
    List<String> again = db.read(h -> above(h, 0, after));
    assertThat(again).containsExactly("one", "two", "three");
    assertThat(after).containsOnly(outer.get(0));
  }

  @Test
  void aStatementThatFailedRunsAgainAfterwards() {
    String insert = "INSERT INTO kept_probe (n, label) VALUES (:n, :label)";
    assertThatThrownBy(() -> db.inTransaction(h -> h.createUpdate(insert).bind("n", 1).bind("label", "again").execute()))
        .isInstanceOf(StoreFailure.UniqueViolation.class);
    db.inTransaction(h -> h.createUpdate(insert).bind("n", 4).bind("label", "four").execute());
    List<String> four = db.read(h -> above(h, 3, new ArrayList<>()));
    assertThat(four).containsExactly("four");
  }
}
