package meridian.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import meridian.core.engine.Engine;
import meridian.core.engine.EntityRepository;
import meridian.core.engine.ItemOutcome;
import meridian.core.engine.Target;
import meridian.core.engine.WriteResult;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.read.EntityQueries;
import meridian.core.engine.read.Fields;
import meridian.core.errors.ApiException;
import meridian.core.kinds.teams.TeamKind;
import meridian.core.kinds.users.UserKind;
import meridian.model.Include;
import meridian.model.users.CreateUser;
import meridian.store.Database;
import meridian.store.Dialect;
import meridian.store.EntityDao;
import meridian.store.ThrowawayStore;
import meridian.store.VersionDao;
import meridian.store.rows.EntityRow;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The repository's defences against a writer that gets in between its read and its write
 * (ARCHITECTURE rule 8), driven for real on a real store: another writer's change is put into that
 * gap through the transaction's own connection (on SQLite nothing else can get there, since one
 * writer holds the file), and the version-guarded UPDATE, the unique key and the retry loop must
 * notice it. Each test fails if its guard is removed: without {@code row_version} in the UPDATE's
 * WHERE the write matches its row anyway and is never retried.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class ConcurrencyGuardTest {
  static final Json JSON = new Json();
  @Parameter Dialect dialect;
  @TempDir Path dir;
  ThrowawayStore store;
  Database database;
  /** What "another writer" does in the gap, once per attempt while {@link #interfere} says so. */
  Consumer<Handle> competitor = handle -> {};
  final AtomicInteger attempts = new AtomicInteger();
  int interfere;
  EntityRepository<CreateUser> users;
  EntityQueries<CreateUser> reads;

  @BeforeEach
  void open() {
    store = new ThrowawayStore(dialect, dir);
    database = Database.open(store.config, null);
    database.migrate();
    UserKind kind = new UserKind();
    Engine engine = new Engine(database, List.of(kind, new TeamKind()), JSON, Clock.systemUTC(), handle -> {
      attempts.incrementAndGet();
      if (interfere > 0) {
        interfere--;
        competitor.accept(handle);
      }
    }, java.util.concurrent.Executors.newSingleThreadExecutor(), name -> java.util.Optional.empty());
    users = engine.services(kind).repository();
    reads = engine.services(kind).queries();
  }

  private Entity stored(String name) {
    return reads.get(Target.byName(name), Include.ALL, Fields.NONE);
  }

  @AfterEach
  void close() {
    database.close();
    store.close();
  }

  private static CreateUser user(String name, String description) {
    return new CreateUser(name, name + "@example.com", null, description, null, null, null, null, null);
  }

  /** Another writer's committed update of {@code name}: a new document and the next row version. */
  private Consumer<Handle> updates(String name, String description) {
    return handle -> {
      EntityDao dao = database.entities("user_entity");
      EntityRow row = dao.findByFqnHash(handle, Fqn.hash(name)).orElseThrow();
      var doc = JSON.readStored(row.json()).put("description", description);
      // The next row version and a new document, as another process's committed write leaves them.
      dao.rewriteJson(handle, row.id(), JSON.write(doc));
    };
  }

  @Test
  void anUpdateWhoseRowChangedAfterItWasReadIsRetriedOnFreshData() {
    users.create(user("ana", null), Principal.SYSTEM);
    attempts.set(0);
    competitor = updates("ana", "theirs");
    interfere = 1;

    WriteResult result = users.createOrUpdate(user("ana", "ours"), Principal.SYSTEM);

    assertThat(attempts.get()).as("the guarded UPDATE matched no row, so the transaction ran again").isEqualTo(2);
    assertThat(result.status()).isEqualTo(200);
    Entity stored = stored("ana");
    assertThat(stored.doc().get("description").asText()).isEqualTo("ours");
    assertThat(stored.versionTenths()).isEqualTo(2);
    assertThat(history("ana")).as("one history row, for 0.1").containsExactly(1);
  }

  @Test
  void aBulkChunkThatLostARaceIsAppliedAgainWhole() {
    users.create(user("b1", null), Principal.SYSTEM);
    attempts.set(0);
    competitor = updates("b1", "theirs");
    interfere = 1;

    List<ItemOutcome> outcomes =
        users.write(List.of(user("b1", "ours"), user("b2", "new"), user("b1", "ours again")), EntityRepository.Mode.UPSERT,
            Principal.SYSTEM);

    assertThat(attempts.get()).isEqualTo(2);
    assertThat(outcomes).extracting(o -> o.result().status()).containsExactly(200, 201, 200);
    assertThat(stored("b1").doc().get("description").asText()).isEqualTo("ours again");
    assertThat(stored("b1").versionTenths()).isEqualTo(3);
    assertThat(history("b1")).containsExactly(2, 1);
    assertThat(stored("b2").versionTenths()).isEqualTo(1);
  }

  @Test
  void aPatchWhoseRowChangedAfterItWasReadIsRetried() {
    users.create(user("pat", null), Principal.SYSTEM);
    UUID id = stored("pat").id();
    attempts.set(0);
    competitor = updates("pat", "theirs");
    interfere = 1;

    ArrayNode patch = JSON.mapper().createArrayNode();
    patch.addObject().put("op", "add").put("path", "/displayName").put("value", "Pat");
    users.patch(Target.byId(id), patch, Principal.SYSTEM, null);

    assertThat(attempts.get()).isEqualTo(2);
    Entity stored = reads.get(Target.byId(id), Include.ALL, Fields.NONE);
    assertThat(stored.doc().get("displayName").asText()).isEqualTo("Pat");
    assertThat(stored.versionTenths()).isEqualTo(2);
    assertThat(history("pat")).containsExactly(1);
  }

  @Test
  void aHardDeleteWhoseRowChangedAfterItWasReadIsRetried() {
    users.create(user("del", null), Principal.SYSTEM);
    UUID id = stored("del").id();
    attempts.set(0);
    competitor = updates("del", "theirs");
    interfere = 1;

    users.delete(Target.byId(id), true, false, Principal.SYSTEM, null);

    assertThat(attempts.get()).as("the guarded DELETE matched no row, so the transaction ran again").isEqualTo(2);
    assertThat(reads.find(Target.byId(id), Include.ALL, Fields.NONE)).isEmpty();
  }

  @Test
  void aCreateThatMeetsAConcurrentCreateOfTheSameNameIsRetried() {
    competitor = handle -> database.entities("user_entity").insert(handle, List.of(new EntityRow(
        UUID.randomUUID(), "cam", Fqn.hash("cam"), null, "{\"id\":\"x\",\"name\":\"cam\",\"version\":0.1}", 1, 1, false, 0, "other")));
    interfere = 1;

    WriteResult result = users.createOrUpdate(user("cam", "mine"), Principal.SYSTEM);

    assertThat(attempts.get()).as("the INSERT hit the unique key, so the transaction ran again").isEqualTo(2);
    assertThat(result.status()).isEqualTo(201);
    assertThat(stored("cam").doc().get("description").asText()).isEqualTo("mine");
  }

  @Test
  void aWriteThatKeepsLosingGivesUpWithA409AndWritesNothing() {
    users.create(user("busy", null), Principal.SYSTEM);
    attempts.set(0);
    competitor = updates("busy", "theirs");
    interfere = Integer.MAX_VALUE;

    assertThatThrownBy(() -> users.createOrUpdate(user("busy", "ours"), Principal.SYSTEM))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.getMessage()).contains("many writers");
        });
    assertThat(attempts.get()).isEqualTo(8);
    interfere = 0;
    Entity stored = stored("busy");
    assertThat(stored.versionTenths()).isEqualTo(1);
    assertThat(stored.doc().has("description")).isFalse();
    assertThat(history("busy")).isEmpty();
  }

  private List<Integer> history(String name) {
    UUID id = stored(name).id();
    return database.read(h -> database.versions().list(h, "user", id)).stream().map(VersionDao.VersionRow::versionTenths).toList();
  }
}
