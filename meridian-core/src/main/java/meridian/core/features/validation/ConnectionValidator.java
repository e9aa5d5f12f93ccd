package meridian.core.features.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import meridian.core.features.secrets.ConnectionSchemas;

/**
 * Checks a service's {@code connection.config} against OM's own JSON schema for its type (the
 * {@code openmetadata-spec} jar), with the networknt validator; each type's schema is compiled once,
 * when first needed. The schemas are read as OM itself accepts configs (contract §4), not to the
 * letter: OM maps JSON onto generated classes and never runs these schemas, so
 * <ul>
 *   <li>{@code oneOf} is checked as {@code anyOf} (some unions are ambiguous: BigQuery's GCP
 *       credentials match two branches at once);
 *   <li>{@code required} is not enforced (OM creates a Postgres service without {@code database});
 *   <li>a {@code multipleOf} that is not a whole number is dropped (float steps reject valid
 *       decimals).
 * </ul>
 * A service type newer than the jar has no schema and any object config is accepted.
 */
public final class ConnectionValidator {
  private static final String SCHEMA_ID = "https://open-metadata.org/schema/";
  private static final String RESOURCES = "json/schema/";
  private static final int MAX_PROBLEMS = 3;
  /** Draft-07's keywords; everything else in OM's schemas is an annotation for its code generator. */
  private static final Set<String> KEYWORDS =
      Set.of("$id", "$schema", "$ref", "$comment", "title", "description", "default", "readOnly", "writeOnly", "examples",
          "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
          "additionalItems", "items", "maxItems", "minItems", "uniqueItems", "contains", "maxProperties", "minProperties",
          "required", "additionalProperties", "definitions", "properties", "patternProperties", "dependencies",
          "propertyNames", "const", "enum", "type", "format", "contentMediaType", "contentEncoding", "if", "then", "else",
          "allOf", "anyOf", "oneOf", "not");

  private final ConnectionSchemas schemas;
  private final ObjectMapper mapper;
  private final SchemaRegistry registry;
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  public ConnectionValidator(ConnectionSchemas schemas, ObjectMapper mapper) {
    this.schemas = schemas;
    this.mapper = mapper;
    this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, builder -> builder.schemas(this::load));
  }

  /** One thing that did not fit: where (a JSON pointer into the config) and the rule. */
  public record Problem(String pointer, String rule) {
    @Override
    public String toString() {
      return pointer + ": " + rule;
    }
  }

  /** What does not fit {@code serviceType}'s schema, most specific first, at most three; empty when it fits. */
  public List<Problem> check(String serviceType, JsonNode config) {
    Optional<String> resource = schemas.schemaFor(serviceType);
    if (resource.isEmpty() || config == null) {
      return List.of();
    }
    Schema schema = compiled.computeIfAbsent(resource.get(),
        r -> registry.getSchema(SchemaLocation.of(SCHEMA_ID + r.substring(RESOURCES.length()))));
    List<com.networknt.schema.Error> errors = new ArrayList<>(schema.validate(config));
    if (errors.isEmpty()) {
      return List.of();
    }
    // The failures inside a union say what is wrong; the union's own "no branch fits" says less,
    // and of its branches' failures the deepest come from the branch the config meant.
    boolean onlyUnions = errors.stream().allMatch(ConnectionValidator::union);
    errors.removeIf(e -> !onlyUnions && union(e));
    Map<String, String> chosen = chosenBranches(errors);
    errors.removeIf(e -> !unionOf(e).isEmpty() && !branchOf(e).equals(chosen.get(unionOf(e))));
    errors.sort(Comparator.comparingInt((com.networknt.schema.Error e) -> depth(e)).reversed());
    Set<Problem> problems = new LinkedHashSet<>();
    for (com.networknt.schema.Error error : errors) {
      String pointer = String.valueOf(error.getInstanceLocation()).replaceFirst("^\\$", "");
      problems.add(new Problem(pointer.equals("/") ? "" : pointer, rule(error)));
      if (problems.size() == MAX_PROBLEMS) {
        break;
      }
    }
    return List.copyOf(problems);
  }

  private static boolean union(com.networknt.schema.Error error) {
    return "anyOf".equals(error.getKeyword()) || "oneOf".equals(error.getKeyword());
  }

  /**
   * For each union, the branch the config most likely meant: the one with the fewest failures,
   * then the deepest, then the first. Its failures say what to fix; the other branches' say only
   * that the config is not one of those.
   */
  private static Map<String, String> chosenBranches(List<com.networknt.schema.Error> errors) {
    Map<String, Map<String, int[]>> byUnion = new LinkedHashMap<>();
    for (com.networknt.schema.Error e : errors) {
      if (!unionOf(e).isEmpty()) {
        int[] stats = byUnion.computeIfAbsent(unionOf(e), u -> new LinkedHashMap<>()).computeIfAbsent(branchOf(e), b -> new int[2]);
        stats[0]++;
        stats[1] = Math.max(stats[1], depth(e));
      }
    }
    Map<String, String> chosen = new HashMap<>();
    byUnion.forEach((union, branches) -> chosen.put(union, branches.entrySet().stream()
        .min(Comparator.<Map.Entry<String, int[]>>comparingInt(b -> b.getValue()[0]).thenComparingInt(b -> -b.getValue()[1]))
        .orElseThrow().getKey()));
    return chosen;
  }

  /** The evaluation path up to the innermost union an error comes from ("" when none). */
  private static String unionOf(com.networknt.schema.Error error) {
    String path = String.valueOf(error.getEvaluationPath());
    int at = path.lastIndexOf("/anyOf/");
    return at < 0 ? "" : path.substring(0, at);
  }

  /** The same with the branch's index: {@code …/anyOf/2}. */
  private static String branchOf(com.networknt.schema.Error error) {
    String path = String.valueOf(error.getEvaluationPath());
    int at = path.lastIndexOf("/anyOf/");
    if (at < 0) {
      return "";
    }
    int end = path.indexOf('/', at + 7);
    return end < 0 ? path : path.substring(0, end);
  }

  private static int depth(com.networknt.schema.Error error) {
    String location = String.valueOf(error.getInstanceLocation());
    return (int) location.chars().filter(c -> c == '/').count();
  }

  /** The rule that failed, in the validator's words; they name the property or the type, never the value. */
  private static String rule(com.networknt.schema.Error error) {
    return error.getKeyword() + ": " + error.getMessage();
  }

  /** The schema text for an OM schema id, rewritten to be read as OM reads it (see the class comment). */
  private String load(String iri) {
    if (!iri.startsWith(SCHEMA_ID)) {
      return null;
    }
    String resource = RESOURCES + iri.substring(SCHEMA_ID.length()).replaceFirst("#.*$", "");
    try (InputStream in = ConnectionValidator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      JsonNode root = mapper.readTree(in);
      lenient(root);
      return mapper.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read OM schema " + resource, e);
    }
  }

  /** Rewrites one schema (and every schema inside it) as OM accepts configs. */
  static void lenient(JsonNode node) {
    if (!(node instanceof ObjectNode schema)) {
      return;
    }
    // OM's own annotations (javaType, mask, uiFieldType, …) are no JSON Schema keywords.
    schema.retain(KEYWORDS);
    schema.remove("required");
    JsonNode step = schema.get("multipleOf");
    if (step != null && step.isNumber() && step.decimalValue().stripTrailingZeros().scale() > 0) {
      schema.remove("multipleOf");
    }
    JsonNode oneOf = schema.remove("oneOf");
    if (oneOf != null) {
      JsonNode anyOf = schema.get("anyOf");
      if (anyOf == null) {
        schema.set("anyOf", oneOf);
      } else {
        ArrayNode both = schema.putArray("allOf");
        both.addObject().set("anyOf", anyOf);
        both.addObject().set("anyOf", oneOf);
        schema.remove("anyOf");
      }
    }
    for (String keyword : List.of("properties", "patternProperties", "definitions", "$defs")) {
      JsonNode map = schema.get(keyword);
      if (map != null && map.isObject()) {
        for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
          lenient(it.next());
        }
      }
    }
    for (String keyword : List.of("items", "additionalProperties", "additionalItems", "not", "if", "then", "else", "contains",
        "propertyNames")) {
      JsonNode child = schema.get(keyword);
      if (child != null && child.isArray()) {
        child.forEach(ConnectionValidator::lenient);
      } else {
        lenient(child);
      }
    }
    for (String keyword : List.of("allOf", "anyOf")) {
      JsonNode branches = schema.get(keyword);
      if (branches != null && branches.isArray()) {
        branches.forEach(ConnectionValidator::lenient);
      }
    }
  }
}
