package meridian.core.engine;

import meridian.core.errors.ApiException;

/** One item of a batch write: its result, or the error that failed it alone. */
public record ItemOutcome(String name, WriteResult result, ApiException error) {
  public boolean succeeded() {
    return error == null;
  }
}
