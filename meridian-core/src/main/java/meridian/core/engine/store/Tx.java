package meridian.core.engine.store;

import org.jdbi.v3.core.Handle;

/**
 * One transaction (or, for reads, one connection in autocommit) as the rest of the engine holds it:
 * opaque. Only this package turns it back into SQL, so the repository, policy, relations and kinds
 * pass it along or read through a {@link meridian.core.engine.relations.Lookup}, and never reach
 * the store themselves (ARCHITECTURE §7).
 */
public final class Tx {
  final Handle handle;
  /** A read-only attempt of a write ({@link Store#writeReadFirst}): it must not write. */
  final boolean readFirst;

  Tx(Handle handle) {
    this(handle, false);
  }

  Tx(Handle handle, boolean readFirst) {
    this.handle = handle;
    this.readFirst = readFirst;
  }

  /** Called before the first statement that writes: in a read-first attempt, ends it so the write runs. */
  void needsWrite() {
    if (readFirst) {
      throw new Store.NeedsWrite();
    }
  }
}
