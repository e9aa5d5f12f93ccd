package meridian.core.engine.kind;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One of a kind's own stored fields (a user's {@code email}, a team's {@code teamType}), copied
 * from the request to the entity document by the generic write path.
 *
 * @param name the member, the same in the request and the entity
 * @param put what PUT (and PATCH, on the patched document) does with it
 * @param tracked recorded in {@code changeDescription}
 * @param initial the value a create stores when the request leaves the field out; null for none
 */
public record Field(String name, Put put, boolean tracked, JsonNode initial, boolean list) {
  /** What an update does with the field. */
  public enum Put {
    /** The request is the new value; leaving the field out removes it. */
    REPLACE,
    /** Leaving the field out keeps the stored value. */
    KEEP_IF_ABSENT,
    /** Set when the entity is created and never changed: a different value is a 400. */
    IMMUTABLE,
    /** Set when the entity is created; later writes leave it as it is, whatever they say (OM's classification mutuallyExclusive). */
    FROZEN
  }

  public Field {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(put, "put is null");
  }

  public Field(String name, Put put, boolean tracked, JsonNode initial) {
    this(name, put, tracked, initial, false);
  }

  public static Field replace(String name) {
    return new Field(name, Put.REPLACE, true, null);
  }

  public static Field keep(String name, JsonNode initial) {
    return new Field(name, Put.KEEP_IF_ABSENT, true, initial);
  }

  public static Field immutable(String name) {
    return new Field(name, Put.IMMUTABLE, false, null);
  }

  public static Field frozen(String name, JsonNode initial) {
    return new Field(name, Put.FROZEN, false, initial);
  }

  public Field withInitial(JsonNode value) {
    return new Field(name, put, tracked, value, list);
  }

  public Field untracked() {
    return new Field(name, put, false, initial, list);
  }

  /** Changes recorded as OM records a list: the items added and the items removed, each item by its whole value. */
  public Field asList() {
    return new Field(name, put, tracked, initial, true);
  }
}
