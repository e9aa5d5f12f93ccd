package meridian.http.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAPI 3.1 document of every {@code /api/v1} route the server registered, built once from
 * the routes' own descriptions ({@link Operation}). The entities' and requests' schemas are OM's
 * (the {@code openmetadata-spec} jar the server validates connections with), bundled under
 * {@code components/schemas} by their path in the jar ({@code entity.data.table}), each relative
 * {@code $ref} rewritten to point there. See docs/decisions.md, "OpenAPI document".
 */
public final class OpenApiDocument {
  private static final String RESOURCES = "json/schema/";
  /** Annotations for OM's code generator: not JSON schema, and noise to a reader of the document. */
  private static final Set<String> GENERATOR_KEYS = Set.of("javaType", "javaInterfaces", "javaEnums", "existingJavaType", "$id", "$schema");

  private static final Set<String> MAPS = Set.of("properties", "definitions", "patternProperties");
  private static final String SCHEMA_ID = "https://open-metadata.org/schema/";

  /** OM's files repeat a member here and there ("title" twice); the server's own mapper refuses that, rightly, for requests. */
  private static final ObjectMapper LENIENT = new ObjectMapper();

  private OpenApiDocument() {}

  /** The component name of an OM schema file: its path under json/schema, dotted, without ".json". */
  static String key(String file) {
    return file.replaceFirst("\\.json$", "").replace('/', '.');
  }

  public static ObjectNode build(ObjectMapper mapper, List<Operation> operations, String version) {
    ObjectNode doc = mapper.createObjectNode();
    doc.put("openapi", "3.1.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Meridian API");
    info.put("version", version);
    info.put("description", "OpenMetadata's REST API for database services and their catalog, as Meridian serves it. "
        + "Every route is also served under /v1. Entity and request schemas are OpenMetadata's own (openmetadata-spec); "
        + "Meridian's answers may hold fields newer than those schemas, so their objects are left open.");
    doc.putArray("servers").addObject().put("url", "/api/v1");
    doc.putArray("security").addObject().putArray("bearerAuth");
    ObjectNode paths = doc.putObject("paths");
    Map<String, Integer> ids = new TreeMap<>();
    for (Operation op : operations) {
      ObjectNode item = paths.has(op.path()) ? (ObjectNode) paths.get(op.path()) : paths.putObject(op.path());
      String id = operationId(op);
      int n = ids.merge(id, 1, Integer::sum);
      item.set(op.method().toLowerCase(java.util.Locale.ROOT), op.toJson(n == 1 ? id : id + n));
    }
    ObjectNode components = doc.putObject("components");
    components.putObject("securitySchemes").putObject("bearerAuth").put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
    ObjectNode schemas = components.putObject("schemas");
    schemas.set("Error", Schemas.required(Schemas.object("code", Schemas.type("integer"), "message", Schemas.type("string")), "code", "message"));
    bundle(mapper, paths, schemas);
    return doc;
  }

  private static String operationId(Operation op) {
    StringBuilder id = new StringBuilder(op.method().toLowerCase(java.util.Locale.ROOT));
    for (String part : op.path().split("[/{}]+")) {
      if (!part.isEmpty()) {
        id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return id.toString();
  }

  /** Adds every OM schema the paths refer to, and those they refer to in turn. */
  private static void bundle(ObjectMapper mapper, ObjectNode paths, ObjectNode schemas) {
    Deque<String> pending = new ArrayDeque<>();
    Set<String> seen = new LinkedHashSet<>();
    collect(paths, pending, seen);
    while (!pending.isEmpty()) {
      String file = pending.pop();
      JsonNode loaded = load(mapper, file);
      JsonNode rewritten = rewrite(loaded, file, pending, seen);
      schemas.set(key(file), rewritten);
    }
  }

  /** The OM files named by the paths' references ({@code #/components/schemas/entity.data.table}). */
  private static void collect(JsonNode node, Deque<String> pending, Set<String> seen) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual() && ref.asText().startsWith(Schemas.OM_PREFIX)) {
        String name = ref.asText().substring(Schemas.OM_PREFIX.length()).replaceFirst("/.*$", "");
        if (name.contains(".")) {
          String file = name.replace('.', '/') + ".json";
          if (seen.add(file)) {
            pending.add(file);
          }
        }
      }
    }
    node.forEach(child -> collect(child, pending, seen));
  }

  private static JsonNode rewrite(JsonNode node, String file, Deque<String> pending, Set<String> seen) {
    if (node.isArray()) {
      ArrayNode out = ((ArrayNode) node).arrayNode();
      node.forEach(item -> out.add(rewrite(item, file, pending, seen)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = ((ObjectNode) node).objectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String name = e.getKey();
      JsonNode value = e.getValue();
      if (GENERATOR_KEYS.contains(name)) {
        continue;
      }
      if (name.equals("additionalProperties") && value.isBoolean() && !value.asBoolean()) {
        // Left open: Meridian answers OM fields newer than the jar's schemas (docs/decisions.md).
        continue;
      }
      if (name.equals("oneOf")) {
        // OM maps JSON onto generated classes and never runs its schemas: some of its unions are
        // ambiguous (two auth types fit one config), so the document says anyOf, as the server checks them.
        out.set("anyOf", rewrite(value, file, pending, seen));
        continue;
      }
      if (name.equals("$ref") && value.isTextual()) {
        out.put("$ref", target(value.asText(), file, pending, seen));
        continue;
      }
      if (MAPS.contains(name) && value.isObject()) {
        // A map from names to schemas: every name stays (a property may well be called "javaType").
        ObjectNode map = out.putObject(name);
        value.fields().forEachRemaining(p -> map.set(p.getKey(), rewrite(p.getValue(), file, pending, seen)));
        continue;
      }
      out.set(name, rewrite(value, file, pending, seen));
    }
    return out;
  }

  private static String target(String ref, String file, Deque<String> pending, Set<String> seen) {
    int hash = ref.indexOf('#');
    String path = hash < 0 ? ref : ref.substring(0, hash);
    String fragment = hash < 0 ? "" : ref.substring(hash + 1);
    String targetFile = file;
    if (path.startsWith(SCHEMA_ID)) {
      targetFile = path.substring(SCHEMA_ID.length());
      if (seen.add(targetFile)) {
        pending.add(targetFile);
      }
    } else if (!path.isEmpty()) {
      targetFile = URI.create("x:/" + file).resolve(path).getPath().substring(1);
      if (seen.add(targetFile)) {
        pending.add(targetFile);
      }
    }
    return Schemas.OM_PREFIX + key(targetFile) + fragment;
  }

  private static JsonNode load(ObjectMapper mapper, String file) {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCES + file)) {
      if (in == null) {
        throw new IllegalStateException("OM schema " + file + " is not in the openmetadata-spec jar");
      }
      return LENIENT.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
