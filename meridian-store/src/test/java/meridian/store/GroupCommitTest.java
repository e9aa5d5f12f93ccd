package meridian.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import meridian.store.rows.EntityRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's group commit: writers that arrive together share a transaction, and each
 * one still gets exactly its own outcome — its value and its rows, or its exception and none of
 * its rows — whatever the others in its batch did.
 */
class GroupCommitTest {
  @TempDir Path dir;
  ThrowawayStore store;
  Database db;
  EntityDao dao;

  @BeforeEach
  void open() {
    store = new ThrowawayStore(Dialect.SQLITE, dir);
    db = Database.open(store.config, null);
    db.migrate();
    dao = db.entities("user_entity");
  }

  @AfterEach
  void close() {
    db.close();
    store.close();
  }

  private static EntityRow row(String name) {
    return new EntityRow(UUID.randomUUID(), name, "hash-" + name, null, "{\"name\":\"" + name + "\"}", 1, 1, false, 0, "test");
  }

  private static final class Refused extends RuntimeException {
    Refused(String name) {
      super("refused " + name, null, false, false);
    }
  }

  @Test
  void manyWritersAtOnceEachGetTheirOwnOutcomeAndOnlyTheSucceededRowsStay() throws Exception {
    int writers = 16;
    int each = 40;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    Set<String> answeredDone = ConcurrentHashMap.newKeySet();
    Set<String> answeredRefused = ConcurrentHashMap.newKeySet();
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      futures.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < each; i++) {
          String name = "w" + writer + "_" + i;
          // Every third write inserts its rows and then throws: none of them may stay.
          boolean refuse = (writer + i) % 3 == 0;
          try {
            String value = db.inTransaction(h -> {
              dao.insert(h, List.of(row(name), row(name + "_second")));
              if (refuse) {
                throw new Refused(name);
              }
              return name;
            });
            assertThat(value).isEqualTo(name);
            answeredDone.add(name);
          } catch (Refused e) {
            assertThat(e.getMessage()).isEqualTo("refused " + name);
            answeredRefused.add(name);
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> future : futures) {
      future.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(answeredDone.size() + answeredRefused.size()).isEqualTo(writers * each);
    List<String> stored = db.read(h -> h.createQuery("SELECT name FROM user_entity WHERE updated_by = 'test'").mapTo(String.class).list());
    List<String> expected = new ArrayList<>();
    for (String name : answeredDone) {
      expected.add(name);
      expected.add(name + "_second");
    }
    assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aWriteThatBreaksAUniqueKeyFailsAloneWithTheStoresTypedFailure() {
    db.inTransaction(h -> {
      dao.insert(h, List.of(row("taken")));
      return null;
    });
    assertThatThrownBy(() -> db.inTransaction(h -> {
      dao.insert(h, List.of(row("taken")));
      return null;
    })).isInstanceOf(StoreFailure.UniqueViolation.class);
    Optional<EntityRow> kept = db.read(h -> dao.findByFqnHash(h, "hash-taken"));
    assertThat(kept).isPresent();
  }
}
