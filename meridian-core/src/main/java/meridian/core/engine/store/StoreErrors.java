package meridian.core.engine.store;

import java.util.Optional;
import meridian.core.errors.ApiException;
import meridian.store.StoreFailure;

/**
 * What a client is told when the store failed under a request (ARCHITECTURE rule 5: the store
 * classifies, the core maps, the HTTP layer only writes). An unreachable store is a 503 that says
 * so and invites a retry, never a 500; a conflict that outlived the write's retries is a 409.
 */
public final class StoreErrors {
  private StoreErrors() {}

  public static Optional<ApiException> of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StoreFailure.Unavailable) {
        return Optional.of(new ApiException(503,
            "The catalog store is unavailable; nothing was changed by this request unless a later read shows it. Retry shortly."));
      }
      if (t instanceof StoreFailure.WriteConflict || t instanceof StoreFailure.UniqueViolation) {
        return Optional.of(ApiException.conflict(
            "The entity is being changed by many writers at once; the write was not applied. Retry it."));
      }
    }
    return Optional.empty();
  }
}
