package meridian.core.engine.store;

import org.jdbi.v3.core.Handle;

/**
 * A point inside every write transaction, after the entities are read and before anything is
 * written. Production uses {@link #NONE}; tests use it to put another writer's change into that
 * gap, which on SQLite (one writer at a time) nothing else can, and so prove that the
 * version-guarded UPDATE and the retries notice it (ARCHITECTURE rule 8).
 */
public interface Interleaving {
  Interleaving NONE = handle -> {};

  void beforeWrite(Handle handle);
}
