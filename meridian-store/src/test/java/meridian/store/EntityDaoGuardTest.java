package meridian.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import meridian.store.rows.EntityRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The version guard of the entity table, on each of the three stores, with two {@link Database}s on
 * one store standing for two server processes: a write that read a row before the other process changed it matches
 * nothing, instead of overwriting the other change (ARCHITECTURE rule 8).
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class EntityDaoGuardTest {
  @Parameter Dialect dialect;
  @TempDir Path dir;
  ThrowawayStore store;
  Database first;
  Database second;
  EntityDao dao;

  @BeforeEach
  void open() {
    store = new ThrowawayStore(dialect, dir);
    first = Database.open(store.config, null);
    first.migrate();
    second = Database.open(store.config, null);
    dao = first.entities("user_entity");
  }

  @AfterEach
  void close() {
    first.close();
    second.close();
    store.close();
  }

  private static EntityRow row(UUID id, String name, String json, int rowVersion) {
    return new EntityRow(id, name, "hash-" + name, null, json, rowVersion, rowVersion, false, 0, "test");
  }

  @Test
  void aWriteBasedOnAStaleReadMatchesNothing() {
    UUID id = UUID.randomUUID();
    first.inTransaction(h -> {
      dao.insert(h, List.of(row(id, "ana", "{\"v\":1}", 1)));
      return null;
    });
    EntityRow read = first.read(h -> dao.findById(h, id)).orElseThrow();

    int theirs = second.inTransaction(h -> dao.updateIfRowVersion(h, List.of(row(id, "ana", "{\"v\":\"theirs\"}", 2))));
    int mine = first.inTransaction(h -> dao.updateIfRowVersion(h, List.of(row(id, "ana", "{\"v\":\"mine\"}", read.rowVersion() + 1))));

    assertThat(theirs).isEqualTo(1);
    assertThat(mine).as("the stale write must match no row").isZero();
    assertThat(first.read(h -> dao.findById(h, id)).orElseThrow().json()).isEqualTo("{\"v\":\"theirs\"}");
    boolean deleted = first.inTransaction(h -> dao.deleteIfRowVersion(h, id, read.rowVersion()));
    assertThat(deleted).as("a stale delete").isFalse();
    java.util.Optional<EntityRow> still = first.read(h -> dao.findById(h, id));
    assertThat(still).isPresent();
  }

  @Test
  void aBatchCountsOnlyTheRowsWhoseGuardMatched() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    first.inTransaction(h -> {
      dao.insert(h, List.of(row(a, "a", "{}", 1), row(b, "b", "{}", 1)));
      return null;
    });
    second.inTransaction(h -> dao.updateIfRowVersion(h, List.of(row(b, "b", "{\"by\":\"second\"}", 2))));
    int matched = first.inTransaction(h -> dao.updateIfRowVersion(h, List.of(row(a, "a", "{\"by\":\"first\"}", 2), row(b, "b", "{\"by\":\"first\"}", 2))));
    assertThat(matched).isEqualTo(1);
  }

  /**
   * A driver that answers SUCCESS_NO_INFO (MariaDB's bulk protocol does) says a statement ran, not
   * that its guard matched: such rows count only if the store now holds what was written.
   */
  @Test
  void successNoInfoIsRecheckedNotCountedAsAMatch() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    first.inTransaction(h -> {
      dao.insert(h, List.of(row(a, "a", "{}", 1), row(b, "b", "{}", 1)));
      return null;
    });
    List<EntityRow> written = List.of(row(a, "a", "{\"by\":\"me\"}", 2), row(b, "b", "{\"by\":\"me\"}", 2));
    // Row a took this write; row b was changed by someone else to the same row version.
    first.inTransaction(h -> dao.updateIfRowVersion(h, List.of(written.get(0))));
    second.inTransaction(h -> dao.updateIfRowVersion(h, List.of(row(b, "b", "{\"by\":\"other\"}", 2))));

    int[] noInfo = {Statement.SUCCESS_NO_INFO, Statement.SUCCESS_NO_INFO};
    int matched = first.read(h -> EntityDao.matched(noInfo, written, unknown -> dao.recheck(h, unknown)));
    assertThat(matched).isEqualTo(1);
    assertThat(EntityDao.matched(new int[] {1, 0}, written, unknown -> 99)).as("exact counts are used as they are").isEqualTo(1);
    assertThat(EntityDao.matched(new int[] {Statement.EXECUTE_FAILED, 1}, written, unknown -> 99)).isEqualTo(1);
  }
}
