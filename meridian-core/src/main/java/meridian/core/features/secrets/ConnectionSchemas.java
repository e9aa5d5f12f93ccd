package meridian.core.features.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * OM's own connection schemas, read from the {@code openmetadata-spec} jar, and what they say
 * about secrets: every field with {@code "format": "password"}, wherever it is nested (contract
 * §4). The schemas are immutable resources, so they are parsed once and kept.
 */
public final class ConnectionSchemas {
  private static final String ROOT = "json/schema/entity/services/";
  private static final String SERVICE_SCHEMA = ROOT + "databaseService.json";

  /**
   * For a service type whose schema the spec jar does not have (types newer than the jar), a
   * field is treated as secret when its name looks like one: better masked once too often than
   * leaked once.
   */
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(password|passphrase|secret|token|privatekey|private_key|credential|apikey|api_key).*");

  private final ObjectMapper mapper;
  private final Map<String, JsonNode> files = new ConcurrentHashMap<>();
  private volatile Map<String, String> schemaByType;

  public ConnectionSchemas(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The classpath resource of the connection schema for {@code serviceType}, if the jar has one. */
  public Optional<String> schemaFor(String serviceType) {
    return Optional.ofNullable(typeIndex().get(serviceType));
  }

  /** The service types the spec jar has a connection schema for, sorted. */
  public java.util.List<String> types() {
    return typeIndex().keySet().stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
  }

  /**
   * The connection schema of {@code serviceType} as one self-contained document, for a form (the
   * UI's): every {@code $ref}, to another file or within one, replaced by what it names, and the
   * keys a form library would try to resolve ({@code $id}, {@code $schema}, {@code definitions})
   * left out. A reference deeper than {@link #INLINE_DEPTH} (a recursive definition) becomes an
   * empty schema. Empty when the jar has no schema for the type.
   */
  public Optional<JsonNode> formSchema(String serviceType) {
    return schemaFor(serviceType).map(file -> inline(new Location(file, load(file)), 0));
  }

  static final int INLINE_DEPTH = 24;

  private JsonNode inline(Location at, int depth) {
    JsonNode node = at.node();
    if (node == null || depth > INLINE_DEPTH) {
      return mapper.createObjectNode();
    }
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual()) {
        com.fasterxml.jackson.databind.node.ObjectNode resolved = (com.fasterxml.jackson.databind.node.ObjectNode)
            inline(resolve(at.file(), ref.asText()), depth + 1).deepCopy();
        // Keywords beside the $ref (a title, a description, a default) are kept over the target's.
        node.fields().forEachRemaining(e -> {
          if (!e.getKey().equals("$ref")) {
            resolved.set(e.getKey(), inline(new Location(at.file(), e.getValue()), depth + 1));
          }
        });
        return resolved;
      }
      com.fasterxml.jackson.databind.node.ObjectNode out = mapper.createObjectNode();
      node.fields().forEachRemaining(e -> {
        String key = e.getKey();
        if (!key.equals("$id") && !key.equals("$schema") && !key.equals("definitions") && !key.equals("javaType")
            && !key.equals("javaInterfaces") && !key.equals("$comment")) {
          out.set(key, key.equals("properties") || key.equals("patternProperties")
              ? inlineEach(at, e.getValue(), depth) : inline(new Location(at.file(), e.getValue()), depth));
        }
      });
      return out;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = mapper.createArrayNode();
      node.forEach(item -> out.add(inline(new Location(at.file(), item), depth)));
      return out;
    }
    return node;
  }

  /** A {@code properties} object: each member is a schema (its name is not a keyword). */
  private JsonNode inlineEach(Location at, JsonNode properties, int depth) {
    com.fasterxml.jackson.databind.node.ObjectNode out = mapper.createObjectNode();
    properties.fields().forEachRemaining(e -> out.set(e.getKey(), inline(new Location(at.file(), e.getValue()), depth)));
    return out;
  }

  /** JSON pointers (relative to {@code config}) of the secret string values present in {@code config}. */
  public Set<String> secretPointers(String serviceType, JsonNode config) {
    Set<String> out = new LinkedHashSet<>();
    if (config == null || !config.isObject()) {
      return out;
    }
    Optional<String> schema = schemaFor(serviceType);
    if (schema.isPresent()) {
      walk(new Location(schema.get(), load(schema.get())), config, "", out, 0);
    } else {
      walkByName(config, "", out, false);
    }
    return out;
  }

  private record Location(String file, JsonNode node) {}

  private void walk(Location at, JsonNode data, String pointer, Set<String> out, int depth) {
    if (depth > 64 || at.node() == null || !at.node().isObject()) {
      return;
    }
    JsonNode schema = at.node();
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isTextual()) {
      walk(resolve(at.file(), ref.asText()), data, pointer, out, depth + 1);
      return;
    }
    if ("password".equals(schema.path("format").asText()) && data.isTextual()) {
      out.add(pointer);
    }
    for (String combinator : new String[] {"oneOf", "anyOf", "allOf"}) {
      for (JsonNode branch : schema.path(combinator)) {
        walk(new Location(at.file(), branch), data, pointer, out, depth + 1);
      }
    }
    if (data.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.get("additionalProperties");
      data.fields().forEachRemaining(entry -> {
        String child = pointer + "/" + escape(entry.getKey());
        JsonNode propertySchema = properties.get(entry.getKey());
        if (propertySchema != null) {
          walk(new Location(at.file(), propertySchema), entry.getValue(), child, out, depth + 1);
        } else if (additional != null && additional.isObject()) {
          walk(new Location(at.file(), additional), entry.getValue(), child, out, depth + 1);
        }
      });
    } else if (data.isArray() && schema.path("items").isObject()) {
      for (int i = 0; i < data.size(); i++) {
        walk(new Location(at.file(), schema.get("items")), data.get(i), pointer + "/" + i, out, depth + 1);
      }
    }
  }

  private void walkByName(JsonNode data, String pointer, Set<String> out, boolean secretName) {
    if (data.isTextual() && secretName) {
      out.add(pointer);
    } else if (data.isObject()) {
      data.fields().forEachRemaining(e ->
          walkByName(e.getValue(), pointer + "/" + escape(e.getKey()), out, SECRET_NAME.matcher(e.getKey()).matches()));
    } else if (data.isArray()) {
      for (int i = 0; i < data.size(); i++) {
        walkByName(data.get(i), pointer + "/" + i, out, secretName);
      }
    }
  }

  /** Resolves {@code ./x.json}, {@code ../y.json#/definitions/z} and {@code #/definitions/z}. */
  private Location resolve(String currentFile, String ref) {
    int hash = ref.indexOf('#');
    String filePart = hash < 0 ? ref : ref.substring(0, hash);
    String fragment = hash < 0 ? "" : ref.substring(hash + 1);
    String file = filePart.isEmpty() ? currentFile : URI.create(currentFile).resolve(filePart).normalize().toString();
    JsonNode root = load(file);
    JsonNode node = fragment.isEmpty() ? root : root.at(fragment);
    return new Location(file, node.isMissingNode() ? null : node);
  }

  private JsonNode load(String resource) {
    return files.computeIfAbsent(resource, r -> {
      try (InputStream in = ConnectionSchemas.class.getClassLoader().getResourceAsStream(r)) {
        return in == null ? mapper.nullNode() : mapper.readTree(in);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read schema " + r, e);
      }
    });
  }

  /** serviceType → schema file, from the {@code config.oneOf} list of OM's databaseService.json. */
  private Map<String, String> typeIndex() {
    Map<String, String> index = schemaByType;
    if (index == null) {
      index = new HashMap<>();
      JsonNode refs = load(SERVICE_SCHEMA).at("/definitions/databaseConnection/properties/config/oneOf");
      for (JsonNode ref : refs) {
        String file = URI.create(SERVICE_SCHEMA).resolve(ref.path("$ref").asText()).normalize().toString();
        Location type = new Location(file, load(file).at("/properties/type"));
        while (type.node() != null && type.node().has("$ref")) {
          type = resolve(type.file(), type.node().get("$ref").asText());
        }
        if (type.node() != null) {
          for (JsonNode value : type.node().path("enum")) {
            index.put(value.asText(), file);
          }
        }
      }
      schemaByType = Map.copyOf(index);
    }
    return index;
  }

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
