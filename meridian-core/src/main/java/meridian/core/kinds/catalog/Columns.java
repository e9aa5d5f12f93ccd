package meridian.core.kinds.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import meridian.core.Fqn;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.engine.write.BotDescriptions;
import meridian.core.errors.ApiException;

/**
 * A table's columns (catalog spec §2.7, §2.11): OM's checks with its messages, OM's normalisation
 * (the display type in lower case, no {@code arrayDataType} but for arrays, each column's FQN), and
 * the pieces of PUT's merge that concern columns. Pure functions over the JSON of the columns.
 */
final class Columns {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Partition columns that are not columns of the table (BigQuery's). */
  private static final Set<String> PSEUDO_PARTITION_COLUMNS = Set.of("_PARTITIONDATE", "_PARTITIONTIME");

  private Columns() {}

  /** Every check of spec §2.11 on a request's columns, table constraints and partition; a 400 with OM's message. */
  static void validate(JsonNode columns, JsonNode constraints, JsonNode partition) {
    if (columns == null || columns.isNull()) {
      throw ApiException.badRequest("[query param columns must not be null]");
    }
    validateList(columns, "columns");
    int primaryKeys = 0;
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode column : columns) {
      names.add(column.get("name").asText());
      if ("PRIMARY_KEY".equals(column.path("constraint").asText(null))) {
        primaryKeys++;
      }
    }
    if (primaryKeys > 1) {
      throw ApiException.badRequest("Multiple columns tagged with primary key constraints");
    }
    validateConstraints(constraints, names, primaryKeys > 0);
    validatePartition(partition, names);
  }

  private static void validateList(JsonNode columns, String at) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < columns.size(); i++) {
      JsonNode column = columns.get(i);
      String where = at + "[" + i + "]";
      if (column == null || !column.isObject()) {
        throw ApiException.badRequest("[query param " + where + " must not be null]");
      }
      String name = column.path("name").isTextual() ? column.get("name").asText() : null;
      Names.requireValidName(where + ".name", name);
      String type = text(column, "dataType");
      Names.requireNotNull(where + ".dataType", type);
      if (!DataTypes.COLUMN_SET.contains(type)) {
        throw ApiException.badRequest(where + ".dataType \"" + Names.abbreviate(type) + "\" is not a column data type; use one of OM's"
            + " dataType values (e.g. INT, VARCHAR, ARRAY, STRUCT)");
      }
      String arrayType = text(column, "arrayDataType");
      if (arrayType != null && !DataTypes.COLUMN_SET.contains(arrayType)) {
        throw ApiException.badRequest(where + ".arrayDataType \"" + Names.abbreviate(arrayType) + "\" is not a column data type");
      }
      String constraint = text(column, "constraint");
      if (constraint != null && !DataTypes.CONSTRAINTS.contains(constraint)) {
        throw ApiException.badRequest(where + ".constraint \"" + Names.abbreviate(constraint) + "\" is not one of " + DataTypes.CONSTRAINTS);
      }
      if (!seen.add(name)) {
        throw ApiException.badRequest("Column name " + name + " is repeated");
      }
      if (DataTypes.NEED_LENGTH.contains(type) && !column.hasNonNull("dataLength")) {
        throw ApiException.badRequest("For column data types char, varchar, binary, varbinary dataLength must not be null");
      }
      if (type.equals("ARRAY") && arrayType == null) {
        throw ApiException.badRequest("For column data type array, arrayDataType must not be null");
      }
      if (type.equals("STRUCT") && !column.hasNonNull("children")) {
        throw ApiException.badRequest("For column data type struct, children must not be null");
      }
      if (column.hasNonNull("scale")) {
        if (!column.hasNonNull("precision")) {
          throw ApiException.badRequest("Scale is set but precision is not set for the column " + name);
        }
        if (column.get("scale").asInt() > column.get("precision").asInt()) {
          throw ApiException.badRequest("Scale can't be greater than the precision for the column " + name);
        }
      }
      if (column.hasNonNull("children")) {
        validateList(column.get("children"), where + ".children");
      }
    }
  }

  private static void validateConstraints(JsonNode constraints, Set<String> names, boolean columnPrimaryKey) {
    if (constraints == null || constraints.isNull()) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < constraints.size(); i++) {
      JsonNode constraint = constraints.get(i);
      String type = text(constraint, "constraintType");
      if (type != null && !DataTypes.TABLE_CONSTRAINTS.contains(type)) {
        throw ApiException.badRequest("tableConstraints[" + i + "].constraintType \"" + Names.abbreviate(type) + "\" is not one of "
            + DataTypes.TABLE_CONSTRAINTS);
      }
      String relationship = text(constraint, "relationshipType");
      if (relationship != null && !DataTypes.RELATIONSHIPS.contains(relationship)) {
        throw ApiException.badRequest("tableConstraints[" + i + "].relationshipType \"" + Names.abbreviate(relationship)
            + "\" is not one of " + DataTypes.RELATIONSHIPS);
      }
      if (columnPrimaryKey && "PRIMARY_KEY".equals(type)) {
        throw ApiException.badRequest("A column already tagged as a primary key and table constraint also includes primary key");
      }
      for (JsonNode referred : constraint.path("referredColumns")) {
        if (Fqn.split(referred.asText()).size() < 5) {
          throw ApiException.badRequest("Invalid fully qualified column name " + Names.abbreviate(referred.asText()));
        }
      }
      if (!seen.add(canonical(constraint).toString())) {
        throw new ApiException(400, "Duplicate constraint found in request: " + Names.abbreviate(constraint.toString()),
            "ENTITY_SPEC_VIOLATION");
      }
    }
  }

  private static void validatePartition(JsonNode partition, Set<String> names) {
    if (partition == null || partition.isNull()) {
      return;
    }
    for (JsonNode column : partition.path("columns")) {
      String name = column.isTextual() ? column.asText() : column.path("columnName").asText(null);
      if (name != null && !names.contains(name) && !PSEUDO_PARTITION_COLUMNS.contains(name)) {
        throw ApiException.badRequest("Invalid column name found in table partition");
      }
      String interval = column.path("intervalType").asText(null);
      if (interval != null && !DataTypes.PARTITION_INTERVALS.contains(interval)) {
        throw ApiException.badRequest("tablePartition intervalType \"" + Names.abbreviate(interval) + "\" is not one of "
            + DataTypes.PARTITION_INTERVALS);
      }
    }
  }

  /**
   * The constraints a write keeps (spec §5.4, §5.5): one naming a column the table does not have is
   * a 400 — unless it was stored before and the column is the one that went, and then it goes with
   * its column (OM's TableUpdater).
   */
  static ArrayNode keptConstraints(JsonNode requested, JsonNode stored, JsonNode columns) {
    ArrayNode canonical = canonicalConstraints(requested);
    if (canonical == null) {
      return null;
    }
    Set<String> names = new HashSet<>();
    columns.forEach(c -> names.add(c.path("name").asText()));
    Set<String> before = new HashSet<>();
    ArrayNode storedCanonical = canonicalConstraints(stored);
    if (storedCanonical != null) {
      storedCanonical.forEach(c -> before.add(c.toString()));
    }
    ArrayNode out = NODES.arrayNode();
    for (JsonNode constraint : canonical) {
      boolean complete = true;
      for (JsonNode column : constraint.path("columns")) {
        complete &= names.contains(column.asText());
      }
      if (complete) {
        out.add(constraint);
      } else if (!before.contains(constraint.toString())) {
        throw ApiException.badRequest("Invalid column name found in table constraint");
      }
    }
    return out;
  }

  /** A table constraint with its members in one order, so that two spellings of one constraint compare equal. */
  static ObjectNode canonical(JsonNode constraint) {
    ObjectNode out = NODES.objectNode();
    for (String member : List.of("constraintType", "columns", "referredColumns", "relationshipType")) {
      if (constraint.hasNonNull(member)) {
        out.set(member, constraint.get(member));
      }
    }
    return out;
  }

  /** The constraints in their canonical spelling, sorted (OM compares them sorted: spec §5.5); null for none. */
  static ArrayNode canonicalConstraints(JsonNode constraints) {
    if (constraints == null || constraints.isNull()) {
      return null;
    }
    List<ObjectNode> items = new ArrayList<>();
    constraints.forEach(c -> items.add(canonical(c)));
    items.sort((a, b) -> a.toString().compareTo(b.toString()));
    ArrayNode out = NODES.arrayNode();
    items.forEach(out::add);
    return out;
  }

  /**
   * OM's normalisation (spec §2.11, §3.3): the display type lower-cased (the data type when none),
   * {@code arrayDataType} only for arrays, each column's FQN from its parent's; the client's FQN is
   * replaced. Works on a copy.
   */
  static ArrayNode normalized(JsonNode columns, String parentFqn) {
    ArrayNode out = NODES.arrayNode();
    for (JsonNode raw : columns) {
      ObjectNode column = (ObjectNode) raw.deepCopy();
      String type = column.get("dataType").asText();
      String display = text(column, "dataTypeDisplay");
      column.put("dataTypeDisplay", (display == null ? type : display).toLowerCase(Locale.ROOT));
      if (!type.equals("ARRAY")) {
        column.remove("arrayDataType");
      }
      String fqn = parentFqn + "." + Fqn.quoteName(column.get("name").asText());
      column.put("fullyQualifiedName", fqn);
      if (column.hasNonNull("children")) {
        column.set("children", normalized(column.get("children"), fqn));
      } else {
        column.remove("children");
      }
      ArrayNode tags = labels(column.get("tags"));
      if (tags.isEmpty()) {
        column.remove("tags");
      } else {
        column.set("tags", tags);
      }
      out.add(reordered(column));
    }
    return out;
  }

  /**
   * A column's tag labels as stored: each tag once, by FQN, with its label's own attributes and
   * OM's defaults (spec §2.4); what a tag is called and says is read from the tag when shown.
   */
  static ArrayNode labels(JsonNode tags) {
    Map<String, ObjectNode> byFqn = new LinkedHashMap<>();
    if (tags != null && tags.isArray()) {
      for (JsonNode tag : tags) {
        String fqn = tag.path("tagFQN").asText(null);
        if (fqn == null || byFqn.containsKey(fqn)) {
          continue;
        }
        ObjectNode label = NODES.objectNode();
        label.put("tagFQN", fqn);
        label.put("source", tag.path("source").asText("Classification"));
        label.put("labelType", tag.path("labelType").asText("Manual"));
        label.put("state", tag.path("state").asText("Confirmed"));
        byFqn.put(fqn, label);
      }
    }
    ArrayNode out = NODES.arrayNode();
    byFqn.values().forEach(out::add);
    return out;
  }

  /** The members in OM's order, nulls left out, so that stored columns read the same whatever the client sent. */
  private static ObjectNode reordered(ObjectNode column) {
    ObjectNode out = NODES.objectNode();
    for (String member : List.of("name", "displayName", "dataType", "arrayDataType", "dataLength", "precision", "scale",
        "dataTypeDisplay", "description", "fullyQualifiedName", "tags", "constraint", "ordinalPosition", "jsonSchema", "children",
        "profile", "customMetrics", "extension")) {
      if (column.hasNonNull(member)) {
        out.set(member, column.get(member));
      }
    }
    return out;
  }

  /**
   * Stored and new columns paired one to one by OM's match (spec §5.4): exact names first, then
   * names that differ only in case; a column pairs at most once. Keys and values are the columns
   * themselves (by identity).
   */
  static Map<JsonNode, JsonNode> pairs(JsonNode before, JsonNode after) {
    Map<JsonNode, JsonNode> out = new IdentityHashMap<>();
    if (before == null || after == null) {
      return out;
    }
    Set<JsonNode> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    for (boolean exact : new boolean[] {true, false}) {
      for (JsonNode old : before) {
        if (out.containsKey(old)) {
          continue;
        }
        for (JsonNode now : after) {
          if (!taken.contains(now) && match(old, now)
              && (!exact || old.path("name").asText().equals(now.path("name").asText()))) {
            out.put(old, now);
            taken.add(now);
            break;
          }
        }
      }
    }
    return out;
  }

  /** OM's column match (spec §5.4, newest): the same name ignoring case, the same type and array type. */
  static boolean match(JsonNode a, JsonNode b) {
    return a.path("name").asText().equalsIgnoreCase(b.path("name").asText())
        && a.path("dataType").asText().equals(b.path("dataType").asText())
        && a.path("arrayDataType").asText("").equals(b.path("arrayDataType").asText(""));
  }

  /**
   * The column of {@code list} that {@code column} matches; null when none. One with exactly the
   * same name wins over one whose name differs only in case ({@code id} and {@code ID} may both be
   * columns of a table).
   */
  static JsonNode matching(JsonNode list, JsonNode column) {
    if (list == null) {
      return null;
    }
    JsonNode found = null;
    for (JsonNode candidate : list) {
      if (match(candidate, column)) {
        if (candidate.path("name").asText().equals(column.path("name").asText())) {
          return candidate;
        }
        found = found == null ? candidate : found;
      }
    }
    return found;
  }

  /**
   * What PUT keeps of the stored columns in the new list (spec §5.2, §5.4): a bot does not overwrite
   * a column's non-empty description people wrote (it updates one a bot sent: {@link BotDescriptions}
   * in {@code table}, the stored document) or its display name, unless the source wins; tags are the union of the stored and sent
   * ones (PUT never removes a tag); a column whose type changed keeps the old description when the
   * new one has none. Works in place on {@code next}, recursively.
   */
  static void mergeForPut(JsonNode stored, ArrayNode next, Principal principal, JsonNode table, String prefix) {
    if (stored == null || !stored.isArray()) {
      return;
    }
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    stored.forEach(c -> byName.putIfAbsent(c.path("name").asText().toLowerCase(Locale.ROOT), c));
    for (JsonNode raw : next) {
      ObjectNode column = (ObjectNode) raw;
      JsonNode old = matching(stored, column);
      if (old == null) {
        JsonNode sameName = byName.get(column.path("name").asText().toLowerCase(Locale.ROOT));
        if (sameName != null && !column.hasNonNull("description") && sameName.hasNonNull("description")) {
          column.set("description", sameName.get("description"));
        }
        continue;
      }
      String path = (prefix.isEmpty() ? "" : prefix + ".") + Fqn.quoteName(column.path("name").asText());
      // A column matched by name in another case was recorded under its old name.
      String oldPath = (prefix.isEmpty() ? "" : prefix + ".") + Fqn.quoteName(old.path("name").asText());
      if (BotDescriptions.keeps(principal, table, path, old.get("description"))
          && (oldPath.equals(path) || BotDescriptions.keeps(principal, table, oldPath, old.get("description")))) {
        column.set("description", old.get("description"));
      }
      if (principal.keepsCurated() && !old.path("displayName").asText("").isEmpty()) {
        column.set("displayName", old.get("displayName"));
      }
      ArrayNode tags = union(old.get("tags"), column.get("tags"));
      if (tags.isEmpty()) {
        column.remove("tags");
      } else {
        column.set("tags", tags);
      }
      if (column.path("children").isArray()) {
        mergeForPut(old.get("children"), (ArrayNode) column.get("children"), principal, table, path);
      }
    }
  }

  private static ArrayNode union(JsonNode stored, JsonNode sent) {
    Map<String, JsonNode> all = new LinkedHashMap<>();
    if (stored != null) {
      stored.forEach(t -> all.put(t.path("tagFQN").asText(), t));
    }
    if (sent != null) {
      sent.forEach(t -> all.putIfAbsent(t.path("tagFQN").asText(), t));
    }
    ArrayNode out = NODES.arrayNode();
    all.values().forEach(out::add);
    return out;
  }

  /** Every column of the list and below, depth first, with its path of names in the table. */
  static void walk(JsonNode columns, java.util.function.BiConsumer<String, JsonNode> each) {
    walk(columns, "", each);
  }

  private static void walk(JsonNode columns, String prefix, java.util.function.BiConsumer<String, JsonNode> each) {
    if (columns == null || !columns.isArray()) {
      return;
    }
    for (JsonNode column : columns) {
      String path = (prefix.isEmpty() ? "" : prefix + ".") + Fqn.quoteName(column.path("name").asText());
      each.accept(path, column);
      walk(column.get("children"), path, each);
    }
  }

  private static String text(JsonNode node, String member) {
    JsonNode value = node.get(member);
    return value == null || value.isNull() ? null : value.asText();
  }
}
