package meridian.core.engine.store;

import java.util.function.Function;
import meridian.core.errors.ApiException;
import meridian.store.Database;
import meridian.store.StoreFailure;

/**
 * The engine's one way into the database: transactions that run again when they lost a race, and
 * reads. Every class that turns a {@link Tx} into SQL lives in this package.
 */
public final class Store {
  static final int MAX_ATTEMPTS = 8;

  final Database database;
  final Interleaving interleaving;

  public Store(Database database, Interleaving interleaving) {
    this.database = database;
    this.interleaving = interleaving;
  }

  /**
   * Runs {@code work} in one transaction, again (up to eight times) when it lost a race; then a 409.
   * A writer that lost once queues behind the other creators of {@code table} before it reads again
   * (see {@code EntityDao#lockCreates}); null: a write that creates nothing.
   */
  public <R> R write(String table, Function<Tx, R> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        boolean queue = attempt > 1 && table != null;
        return database.inTransaction(handle -> {
          if (queue) {
            database.entities(table).lockCreates(handle);
          }
          return work.apply(new Tx(handle));
        });
      } catch (RuntimeException e) {
        // Another writer won: it changed a row this transaction read (LostRace, from the guard),
        // created the same name first (UniqueViolation), or the database picked this transaction
        // as a deadlock victim (WriteConflict). Each time the work starts again on fresh rows.
        boolean raced = e instanceof LostRace || e instanceof StoreFailure.UniqueViolation
            || e instanceof StoreFailure.WriteConflict;
        if (!raced) {
          throw e;
        }
        if (attempt == MAX_ATTEMPTS) {
          throw ApiException.conflict(
              "The entity is being changed by many writers at once; the write was not applied. Retry it.");
        }
      }
    }
  }

  /**
   * A write that most often finds nothing to change (a PUT or PATCH of what is stored): where
   * writers are serialised (SQLite), {@code work} runs first in a read-only transaction beside the
   * readers, and its answer stands when it wrote nothing; when it finds something to write
   * ({@link Tx#needsWrite}), or fails in any way but an answer to the caller, it runs again as
   * {@link #write}, which decides. Elsewhere it is {@link #write} at once.
   */
  public <R> R writeReadFirst(String table, Function<Tx, R> work) {
    if (database.readTransactions()) {
      try {
        return database.inReadTransaction(handle -> work.apply(new Tx(handle, true)));
      } catch (ApiException e) {
        // An answer from one consistent snapshot (a 404, a 412, a refused change) is the same
        // answer the write would give at that moment.
        throw e;
      } catch (RuntimeException e) {
        // NeedsWrite, or anything the snapshot could not settle: the write decides.
      }
    }
    return write(table, work);
  }

  /** Runs reads on one connection in autocommit mode; each statement sees committed data. */
  public <R> R read(Function<Tx, R> work) {
    return database.read(handle -> work.apply(new Tx(handle)));
  }

  /**
   * Proves at start that each of these tables was made by the migrations, with its columns and its
   * create lock: a kind declared without its SQL stops the server with a message, not a no-op.
   */
  public void verifyTables(Iterable<String> tables) {
    database.read(handle -> {
      for (String table : tables) {
        database.entities(table).verify(handle);
      }
      return null;
    });
  }

  /** A read-first attempt found something to write: the work runs again as a write. */
  static final class NeedsWrite extends RuntimeException {
    NeedsWrite() {
      super("the work has something to write", null, false, false);
    }
  }

  /** A guarded write matched fewer rows than expected: another writer changed them first. */
  static final class LostRace extends RuntimeException {
    LostRace() {
      super("lost a race with a concurrent writer", null, false, false);
    }
  }
}
