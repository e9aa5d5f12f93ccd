package meridian.core.engine;

import meridian.core.engine.kind.Entity;
import meridian.model.ChangeType;

/** The outcome of one write: what happened, the status the single call answers, the entity after it. */
public record WriteResult(ChangeType change, int status, Entity entity) {
  /** The bulk item message of contract §5. */
  public String message() {
    return switch (change) {
      case ENTITY_CREATED -> "created";
      case ENTITY_NO_CHANGE -> "unchanged";
      default -> "updated";
    };
  }
}
