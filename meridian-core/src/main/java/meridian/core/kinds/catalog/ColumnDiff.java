package meridian.core.kinds.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import meridian.core.Fqn;
import meridian.core.engine.kind.TrackedField;
import meridian.model.FieldChange;

/**
 * OM's column update rules (catalog spec §5.4), as the change description of {@code columns}.
 * Stored and new columns are matched by name (ignoring case), data type and array type; a column
 * only in the new list is added, one only in the stored list deleted (a type change is both), under
 * {@code columns} or, for nested ones, {@code columns.<parent path>}. A matched column's description,
 * display name, constraint, tags, length, precision and scale changes are recorded under
 * {@code columns.<name>.<property>}. A deleted column, or a shorter length, precision or scale, is a
 * major change; the rest are minor. Order and ordinal positions alone are no change.
 */
final class ColumnDiff implements TrackedField.Differ {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Override
  public boolean diff(JsonNode before, JsonNode after, List<FieldChange> added, List<FieldChange> updated, List<FieldChange> deleted) {
    return diffList("columns", before, after, added, updated, deleted);
  }

  private static boolean diffList(
      String at, JsonNode before, JsonNode after, List<FieldChange> added, List<FieldChange> updated, List<FieldChange> deleted) {
    boolean major = false;
    ArrayNode gone = NODES.arrayNode();
    ArrayNode fresh = NODES.arrayNode();
    Map<JsonNode, JsonNode> pairs = Columns.pairs(before, after);
    List<JsonNode[]> matched = new ArrayList<>();
    if (before != null) {
      for (JsonNode old : before) {
        JsonNode now = pairs.get(old);
        if (now == null) {
          gone.add(old);
        } else {
          matched.add(new JsonNode[] {old, now});
        }
      }
    }
    Set<JsonNode> paired = Collections.newSetFromMap(new IdentityHashMap<>());
    paired.addAll(pairs.values());
    if (after != null) {
      for (JsonNode now : after) {
        if (!paired.contains(now)) {
          fresh.add(now);
        }
      }
    }
    if (!fresh.isEmpty()) {
      added.add(new FieldChange(at, null, TextNode.valueOf(fresh.toString())));
    }
    for (JsonNode[] pair : matched) {
      major |= diffColumn(at + "." + Fqn.quoteName(pair[0].path("name").asText()), pair[0], pair[1], added, updated, deleted);
    }
    if (!gone.isEmpty()) {
      deleted.add(new FieldChange(at, TextNode.valueOf(gone.toString()), null));
      major = true;
    }
    return major;
  }

  private static boolean diffColumn(
      String at, JsonNode old, JsonNode now, List<FieldChange> added, List<FieldChange> updated, List<FieldChange> deleted) {
    boolean major = false;
    for (String member : List.of("description", "displayName", "constraint")) {
      scalar(at + "." + member, old.get(member), now.get(member), added, updated, deleted);
    }
    tags(at + ".tags", old.get("tags"), now.get("tags"), added, deleted);
    for (String member : List.of("dataLength", "precision", "scale")) {
      JsonNode was = value(old.get(member));
      JsonNode is = value(now.get(member));
      if (Objects.equals(was, is)) {
        continue;
      }
      updated.add(new FieldChange(at + "." + member, was, is));
      // Spec §5.4: a shorter length, or a length that was unknown, breaks readers; so do a
      // smaller or removed precision or scale.
      if (member.equals("dataLength")) {
        major |= was == null || (is != null && is.asLong() < was.asLong());
      } else {
        major |= was != null && (is == null || is.asLong() < was.asLong());
      }
    }
    if (old.hasNonNull("children") || now.hasNonNull("children")) {
      major |= diffList(at, old.get("children"), now.get("children"), added, updated, deleted);
    }
    return major;
  }

  private static void scalar(String at, JsonNode old, JsonNode now, List<FieldChange> added, List<FieldChange> updated,
      List<FieldChange> deleted) {
    JsonNode was = value(old);
    JsonNode is = value(now);
    if (was == null && is != null) {
      added.add(new FieldChange(at, null, is));
    } else if (was != null && is == null) {
      deleted.add(new FieldChange(at, was, null));
    } else if (was != null && !was.equals(is)) {
      updated.add(new FieldChange(at, was, is));
    }
  }

  private static void tags(String at, JsonNode old, JsonNode now, List<FieldChange> added, List<FieldChange> deleted) {
    Map<String, JsonNode> was = byFqn(old);
    Map<String, JsonNode> is = byFqn(now);
    ArrayNode plus = NODES.arrayNode();
    ArrayNode minus = NODES.arrayNode();
    is.forEach((fqn, tag) -> {
      if (!was.containsKey(fqn)) {
        plus.add(tag);
      }
    });
    was.forEach((fqn, tag) -> {
      if (!is.containsKey(fqn)) {
        minus.add(tag);
      }
    });
    if (!plus.isEmpty()) {
      added.add(new FieldChange(at, null, TextNode.valueOf(plus.toString())));
    }
    if (!minus.isEmpty()) {
      deleted.add(new FieldChange(at, TextNode.valueOf(minus.toString()), null));
    }
  }

  private static Map<String, JsonNode> byFqn(JsonNode tags) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (tags != null && tags.isArray()) {
      tags.forEach(t -> out.put(t.path("tagFQN").asText(), t));
    }
    return out;
  }

  private static JsonNode value(JsonNode node) {
    return node == null || node.isNull() ? null : node;
  }
}
