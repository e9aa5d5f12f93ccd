package meridian.core.engine.kind;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import meridian.model.FieldChange;

/**
 * A field whose changes are recorded in {@code changeDescription} (spec §1.6), and how its value
 * is written there.
 */
public record TrackedField(String name, Shape shape, String itemKey, Differ differ) {
  public enum Shape {
    /** Raw values: {@code oldValue}/{@code newValue} are the field's JSON values. */
    SCALAR,
    /** A list: added and removed items, each side a JSON string of the items. */
    LIST,
    /** Never revealed: a change is recorded with OM's placeholder strings (connection). */
    OPAQUE,
    /** The kind's own rules ({@link Differ}): a table's columns, item by item (catalog spec §5.4). */
    CUSTOM
  }

  /** What changed in one field by the kind's own rules, and whether that is a major change. */
  public interface Differ {
    /** Adds the changes from {@code before} to {@code after} (either may be null) to the lists; returns whether any is major. */
    boolean diff(JsonNode before, JsonNode after, List<FieldChange> added, List<FieldChange> updated, List<FieldChange> deleted);
  }

  public TrackedField(String name, Shape shape, String itemKey) {
    this(name, shape, itemKey, null);
  }

  public static TrackedField scalar(String name) {
    return new TrackedField(name, Shape.SCALAR, null);
  }

  /** A list whose items are identified by their {@code itemKey} member (e.g. {@code id}); null: by their whole value. */
  public static TrackedField list(String name, String itemKey) {
    return new TrackedField(name, Shape.LIST, itemKey);
  }

  public static TrackedField opaque(String name) {
    return new TrackedField(name, Shape.OPAQUE, null);
  }

  public static TrackedField custom(String name, Differ differ) {
    return new TrackedField(name, Shape.CUSTOM, null, differ);
  }
}
