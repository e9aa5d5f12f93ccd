package meridian.core.engine.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import meridian.core.engine.kind.TrackedField;
import meridian.model.ChangeDescription;
import meridian.model.FieldChange;

/**
 * Entity versions and change descriptions, as pure functions. Versions are kept as integer
 * tenths (1 = 0.1, 10 = 1.0) so that no floating-point drift can creep in (ARCHITECTURE §3).
 */
public final class Versioning {
  public static final int INITIAL = 1;

  /** OM's placeholders for a connection change, JSON-string encoded (spec §1.6). */
  static final TextNode OLD_OPAQUE = TextNode.valueOf("\"old-encrypted-value\"");

  static final TextNode NEW_OPAQUE = TextNode.valueOf("\"new-encrypted-value\"");

  private Versioning() {}

  /** The wire form of a version: 1 → 0.1, 13 → 1.3. */
  public static double toNumber(int tenths) {
    return tenths / 10.0;
  }

  /** The inverse of {@link #toNumber}; rejects values that are not a whole number of tenths. */
  public static int toTenths(double version) {
    double scaled = version * 10;
    long rounded = Math.round(scaled);
    if (Math.abs(scaled - rounded) > 1e-6 || rounded < 1 || rounded > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("not a version: " + version);
    }
    return (int) rounded;
  }

  /** A minor change adds 0.1 (spec §1.5); database services only ever take minor changes. */
  public static int nextMinor(int tenths) {
    return Math.addExact(tenths, 1);
  }

  /** A major change adds 1.0, so 0.3 becomes 1.3 and not 2.0 (spec §1.5). */
  public static int nextMajor(int tenths) {
    return Math.addExact(tenths, 10);
  }

  /**
   * What changed between two snapshots of an entity, over the tracked fields only, in their
   * declared order (spec §1.6). Absent and JSON null count as "no value".
   */
  public static ChangeDescription diff(List<TrackedField> fields, ObjectNode before, ObjectNode after, int previousTenths) {
    return changes(fields, before, after, previousTenths).change();
  }

  /** A change and whether it is major (a column removed or narrowed: catalog spec §5.4). */
  public record Diff(ChangeDescription change, boolean major) {}

  /** {@link #diff}, with whether a field's own rules call the change major. */
  public static Diff changes(List<TrackedField> fields, ObjectNode before, ObjectNode after, int previousTenths) {
    boolean major = false;
    List<FieldChange> added = new ArrayList<>();
    List<FieldChange> updated = new ArrayList<>();
    List<FieldChange> deleted = new ArrayList<>();
    for (TrackedField field : fields) {
      JsonNode oldValue = valueOf(before, field.name());
      JsonNode newValue = valueOf(after, field.name());
      switch (field.shape()) {
        case CUSTOM -> major |= field.differ().diff(oldValue, newValue, added, updated, deleted);
        case SCALAR -> {
          if (oldValue == null && newValue != null) {
            added.add(new FieldChange(field.name(), null, newValue));
          } else if (oldValue != null && newValue == null) {
            deleted.add(new FieldChange(field.name(), oldValue, null));
          } else if (oldValue != null && !oldValue.equals(newValue)) {
            updated.add(new FieldChange(field.name(), oldValue, newValue));
          }
        }
        case OPAQUE -> {
          boolean same = oldValue == null ? newValue == null : oldValue.equals(newValue);
          if (!same) {
            updated.add(new FieldChange(field.name(), OLD_OPAQUE, NEW_OPAQUE));
          }
        }
        case LIST -> {
          Map<String, JsonNode> oldItems = itemsByKey(oldValue, field.itemKey());
          Map<String, JsonNode> newItems = itemsByKey(newValue, field.itemKey());
          ArrayNode addedItems = JsonNodeFactory.instance.arrayNode();
          ArrayNode removedItems = JsonNodeFactory.instance.arrayNode();
          newItems.forEach((key, item) -> {
            if (!oldItems.containsKey(key)) {
              addedItems.add(item);
            }
          });
          oldItems.forEach((key, item) -> {
            if (!newItems.containsKey(key)) {
              removedItems.add(item);
            }
          });
          if (!addedItems.isEmpty()) {
            added.add(new FieldChange(field.name(), null, TextNode.valueOf(addedItems.toString())));
          }
          if (!removedItems.isEmpty()) {
            deleted.add(new FieldChange(field.name(), TextNode.valueOf(removedItems.toString()), null));
          }
        }
      }
    }
    return new Diff(new ChangeDescription(added, updated, deleted, toNumber(previousTenths)), major);
  }

  private static JsonNode valueOf(ObjectNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || value.isMissingNode() ? null : value;
  }

  private static Map<String, JsonNode> itemsByKey(JsonNode list, String key) {
    Map<String, JsonNode> items = new LinkedHashMap<>();
    if (list != null && list.isArray()) {
      for (JsonNode item : list) {
        JsonNode id = item.get(key);
        items.put(id == null ? item.toString() : id.asText(), item);
      }
    }
    return items;
  }
}
