package meridian.store;

/** The store could not be opened or migrated; the message says what to fix. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
