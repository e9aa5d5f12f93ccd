package meridian.store;

/**
 * A statement the store refused or could not run, classified once by {@link Dialect} from the
 * driver's SQLState or vendor code (ARCHITECTURE rule 7), so that no layer above the store ever
 * reads vendor codes or message text. The kinds are the ones a caller acts on differently.
 */
public abstract sealed class StoreFailure extends RuntimeException
    permits StoreFailure.UniqueViolation, StoreFailure.WriteConflict, StoreFailure.Unavailable {

  StoreFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** A unique key already holds this value: another writer created the same name first. */
  public static final class UniqueViolation extends StoreFailure {
    UniqueViolation(Throwable cause) {
      super("unique key violated", cause);
    }
  }

  /**
   * The database gave up on this transaction because of another one (PostgreSQL deadlock 40P01 or
   * serialization failure 40001, MariaDB deadlock 1213 or lock wait timeout 1205, SQLite busy): the
   * same work may succeed when run again on fresh data.
   */
  public static final class WriteConflict extends StoreFailure {
    WriteConflict(Throwable cause) {
      super("the transaction lost to a concurrent one", cause);
    }
  }

  /**
   * The store cannot be reached or is shutting down (no connection within the pool's timeout,
   * connection lost, database starting or stopping). The message says so without vendor text; the
   * request may be retried once the store is back.
   */
  public static final class Unavailable extends StoreFailure {
    Unavailable(Throwable cause) {
      super("the catalog store is unavailable", cause);
    }
  }
}
