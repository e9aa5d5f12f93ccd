package meridian.core.engine.relations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.UUID;

/**
 * One resolved item of a relation field: the entity it points at, as its row says now (name, FQN,
 * deleted), and for a tag the label's own attributes. {@code target} is that entity's stored
 * document, for checks that need more of it (a team's type, a tag's style); treat it as read-only.
 */
public record Link(
    UUID id, String type, String name, String fullyQualifiedName, String displayName, boolean deleted, ObjectNode target,
    Label label) {
  /** A tag label's attributes (OM's TagLabel {@code source}, {@code labelType}, {@code state}). */
  public record Label(String source, String labelType, String state) {
    public static final Label DEFAULT = new Label("Classification", "Manual", "Confirmed");
  }

  public Link {
    Objects.requireNonNull(id, "id is null");
    Objects.requireNonNull(type, "type is null");
  }

  public Link withLabel(Label label) {
    return new Link(id, type, name, fullyQualifiedName, displayName, deleted, target, label);
  }
}
