package meridian.http.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small JSON schemas for the OpenAPI document, and references to OM's own schemas (bundled by {@link OpenApiDocument}). */
public final class Schemas {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  static final String OM_PREFIX = "#/components/schemas/";

  private Schemas() {}

  public static ObjectNode type(String type) {
    return F.objectNode().put("type", type);
  }

  public static ObjectNode ref(String pointer) {
    return F.objectNode().put("$ref", pointer);
  }

  /** A schema of OM's jar, by its path under {@code json/schema/} (such as {@code entity/data/table.json}). */
  public static ObjectNode om(String file) {
    return ref(OM_PREFIX + OpenApiDocument.key(file));
  }

  public static ObjectNode array(ObjectNode items) {
    ObjectNode a = type("array");
    a.set("items", items);
    return a;
  }

  /** An object with the given properties, as name/schema pairs; the first {@code required} names must be present. */
  public static ObjectNode object(Object... namesAndSchemas) {
    ObjectNode o = type("object");
    ObjectNode properties = o.putObject("properties");
    for (int i = 0; i + 1 < namesAndSchemas.length; i += 2) {
      properties.set((String) namesAndSchemas[i], (ObjectNode) namesAndSchemas[i + 1]);
    }
    return o;
  }

  public static ObjectNode required(ObjectNode object, String... names) {
    var list = object.putArray("required");
    for (String name : names) {
      list.add(name);
    }
    return object;
  }

  /** A page of a list: OM's {@code data} and {@code paging} with its cursors. */
  public static ObjectNode page(ObjectNode item) {
    return required(object("data", array(item), "paging", om("type/paging.json")), "data");
  }

  /** Any JSON (an answer whose shape is a document of its own, described in the summary). */
  public static ObjectNode any() {
    return F.objectNode();
  }

  public static ObjectNode string(String description) {
    return type("string").put("description", description);
  }
}
