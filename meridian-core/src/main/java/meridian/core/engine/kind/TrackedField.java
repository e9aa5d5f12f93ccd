package meridian.core.engine.kind;

/**
 * A field whose changes are recorded in {@code changeDescription} (spec §1.6), and how its value
 * is written there.
 */
public record TrackedField(String name, Shape shape, String itemKey) {
  public enum Shape {
    /** Raw values: {@code oldValue}/{@code newValue} are the field's JSON values. */
    SCALAR,
    /** A list: added and removed items, each side a JSON string of the items. */
    LIST,
    /** Never revealed: a change is recorded with OM's placeholder strings (connection). */
    OPAQUE
  }

  public static TrackedField scalar(String name) {
    return new TrackedField(name, Shape.SCALAR, null);
  }

  /** A list whose items are identified by their {@code itemKey} member (e.g. {@code id}). */
  public static TrackedField list(String name, String itemKey) {
    return new TrackedField(name, Shape.LIST, itemKey);
  }

  public static TrackedField opaque(String name) {
    return new TrackedField(name, Shape.OPAQUE, null);
  }
}
