package meridian.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import meridian.core.Json;
import meridian.core.engine.kind.DeclaredKind;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.store.Interleaving;
import meridian.core.kinds.catalog.DatabaseKind;
import meridian.core.kinds.users.UserKind;
import meridian.model.users.CreateUser;
import meridian.store.Database;
import meridian.store.Dialect;
import meridian.store.StoreException;
import meridian.store.ThrowawayStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One declaration per kind (issue 14, part 1): what follows from a kind — its table, its create
 * lock, its parent kinds — is checked when the engine is built, so a kind declared without its SQL,
 * or naming a parent kind nobody declares, stops the start with a message instead of failing later
 * (a missing lock row used to make concurrent creates lock nothing, silently).
 */
class EngineTest {
  @TempDir Path dir;

  private Engine engine(Database database, List<EntityKind<?>> kinds) {
    return new Engine(database, kinds, new Json(), Clock.systemUTC(), Interleaving.NONE, Executors.newSingleThreadExecutor(),
        name -> Optional.empty());
  }

  @Test
  void aKindWhoseTableNoMigrationMadeStopsTheStart() {
    try (ThrowawayStore store = new ThrowawayStore(Dialect.SQLITE, dir); Database database = Database.open(store.config, null)) {
      database.migrate();
      EntityKind<CreateUser> orphan = new DeclaredKind<>(new DeclaredKind.Identity("gadget", "gadgets", "gadget_entity"),
          CreateUser.class, List.of(), List.of(), Set.of(), Set.of()) {};
      assertThatThrownBy(() -> engine(database, List.of(new UserKind(), orphan)))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("no entity table gadget_entity");
    }
  }

  @Test
  void aTableWithoutItsCreateLockStopsTheStart() {
    try (ThrowawayStore store = new ThrowawayStore(Dialect.SQLITE, dir); Database database = Database.open(store.config, null)) {
      database.migrate();
      database.inTransaction(h -> h.execute("DELETE FROM entity_lock WHERE name = 'user_entity'"));
      assertThatThrownBy(() -> engine(database, List.of(new UserKind())))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("no entity_lock row for user_entity");
    }
  }

  @Test
  void aKindNamingAnAncestorNobodyDeclaresIsRefused() {
    assertThatThrownBy(() -> new Kinds(List.of(new DatabaseKind())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("database names an ancestor kind nobody declares: databaseService");
  }

  @Test
  void theRegistryKnowsWhatSitsUnderWhat() {
    try (ThrowawayStore store = new ThrowawayStore(Dialect.SQLITE, dir); Database database = Database.open(store.config, null)) {
      database.migrate();
      Engine engine = engine(database, List.of(new UserKind()));
      assertThat(engine.kinds().childKinds("user")).isEmpty();
      assertThat(engine.services("user").repository().kind().entityType()).isEqualTo("user");
    }
  }
}
