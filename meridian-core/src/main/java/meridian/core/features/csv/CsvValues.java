package meridian.core.features.csv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import meridian.core.Fqn;
import meridian.core.engine.relations.Link;

/**
 * OM's field formats (catalog spec §7.4), both ways: owners as {@code user:name;team:name}, tags,
 * glossary terms and the tier as tag FQNs, domains as FQNs, several values joined by {@code ;},
 * custom properties as {@code key:value} pairs. An empty field is no value.
 */
final class CsvValues {
  private CsvValues() {}

  static final String CLASSIFICATION = "Classification";
  static final String GLOSSARY = "Glossary";

  // ------------------------------------------------------------------ export

  static String owners(List<Link> owners) {
    List<String> out = new ArrayList<>();
    owners.forEach(link -> out.add(link.type() + ":" + link.name()));
    return String.join(";", out);
  }

  static String fqns(List<Link> links) {
    List<String> out = new ArrayList<>();
    links.forEach(link -> out.add(link.fullyQualifiedName()));
    return String.join(";", out);
  }

  /** The labels of one kind (tags, glossary terms or the tier) of an entity's tag links. */
  static String tags(List<Link> tags, Predicate<Link.Label> source, boolean tier) {
    List<String> out = new ArrayList<>();
    for (Link tag : tags) {
      Link.Label label = tag.label() == null ? Link.Label.DEFAULT : tag.label();
      if (source.test(label) && isTier(tag.fullyQualifiedName()) == tier && !"Derived".equals(label.labelType())) {
        out.add(tag.fullyQualifiedName());
      }
    }
    return String.join(";", out);
  }

  /** The same, from the TagLabel objects of a column (whose file has no tier field: its tier is one of its tags). */
  static String labels(JsonNode labels, String source) {
    List<String> out = new ArrayList<>();
    if (labels != null && labels.isArray()) {
      for (JsonNode label : labels) {
        String fqn = label.path("tagFQN").asText("");
        if (source.equals(label.path("source").asText(CLASSIFICATION)) && !"Derived".equals(label.path("labelType").asText())) {
          out.add(fqn);
        }
      }
    }
    return String.join(";", out);
  }

  static boolean isTier(String tagFqn) {
    List<String> parts = Fqn.split(tagFqn);
    return parts.size() > 1 && parts.get(0).equals("Tier");
  }

  /** Custom properties as {@code name:value} pairs; a pair that holds {@code ,} or {@code ;} is quoted, as OM does (and one that holds {@code "}). */
  static String extension(JsonNode extension) {
    if (extension == null || !extension.isObject()) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = extension.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String pair = field.getKey() + ":" + value(field.getValue());
      // OM quotes a pair that holds , or ; — and a pair holding a quote must be quoted too, or the
      // quote would swallow the ; after it when the field is read back.
      boolean quote = pair.contains(",") || pair.contains(";") || pair.contains("\"");
      pairs.add(quote ? "\"" + pair.replace("\"", "\"\"") + "\"" : pair);
    }
    return String.join(";", pairs);
  }

  private static String value(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString()));
      return String.join("|", items);
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  static String text(JsonNode doc, String member) {
    JsonNode value = doc.get(member);
    return value == null || value.isNull() ? "" : value.isTextual() ? value.asText() : value.toString();
  }

  // ------------------------------------------------------------------ import

  /** The values of a multi-valued field: split on {@code ;} outside double quotes; empty items dropped. */
  static List<String> split(String field) {
    List<String> out = new ArrayList<>();
    if (field == null || field.isEmpty()) {
      return out;
    }
    StringBuilder item = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ';' && !quoted) {
        add(out, item);
      } else {
        item.append(c);
      }
    }
    add(out, item);
    return out;
  }

  private static void add(List<String> out, StringBuilder item) {
    String value = item.toString().trim();
    if (!value.isEmpty()) {
      out.add(value);
    }
    item.setLength(0);
  }

  /**
   * Custom properties from their field ({@link #extension} read back): null when empty; an
   * IllegalArgumentException with OM's message for a pair without a name.
   */
  static ObjectNode parseExtension(String field) {
    List<String> pairs = split(field);
    if (pairs.isEmpty()) {
      return null;
    }
    ObjectNode extension = JsonNodeFactory.instance.objectNode();
    for (String raw : pairs) {
      String pair = unquotePair(raw);
      int colon = pair.indexOf(':');
      if (colon <= 0) {
        String key = colon < 0 ? pair : "";
        String value = colon < 0 ? "" : pair.substring(colon + 1);
        throw new IllegalArgumentException("Invalid key-value pair in extension string: Key = " + key + ", Value = " + value
            + " . Extensions should be of format customPropertyName:customPropertyValue");
      }
      extension.put(pair.substring(0, colon), pair.substring(colon + 1));
    }
    return extension;
  }

  /** A custom-property pair as {@link #extension} wrote it: its quotes (and doubled quotes inside) undone. */
  static String unquotePair(String pair) {
    if (pair.length() >= 2 && pair.startsWith("\"") && pair.endsWith("\"")) {
      return pair.substring(1, pair.length() - 1).replace("\"\"", "\"");
    }
    return pair;
  }

  static ObjectNode tagLabel(String fqn, String source) {
    ObjectNode label = JsonNodeFactory.instance.objectNode();
    label.put("tagFQN", fqn);
    label.put("source", source);
    label.put("labelType", "Manual");
    label.put("state", "Confirmed");
    return label;
  }

  /**
   * The tag labels a row asks for, the ones the entity (or column) already carries kept as they are
   * (an import that names a tag the entity has does not change how it was applied).
   */
  static ArrayNode labels(JsonNode current, List<String> classification, List<String> glossary) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (String fqn : classification) {
      out.add(kept(current, fqn, CLASSIFICATION));
    }
    for (String fqn : glossary) {
      out.add(kept(current, fqn, GLOSSARY));
    }
    return out;
  }

  private static JsonNode kept(JsonNode current, String fqn, String source) {
    if (current != null && current.isArray()) {
      for (JsonNode label : current) {
        if (fqn.equals(label.path("tagFQN").asText(null)) && source.equals(label.path("source").asText(CLASSIFICATION))) {
          return label.deepCopy();
        }
      }
    }
    return tagLabel(fqn, source);
  }

  static void setOrRemove(ObjectNode node, String member, String value) {
    if (value == null || value.isEmpty()) {
      node.remove(member);
    } else {
      node.put(member, value);
    }
  }
}
