package meridian.core.features.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import meridian.core.Json;

/**
 * OM's test connection definitions (its {@code /v1/services/testConnectionDefinitions}): for each
 * service type, the steps a test runs, in order, with OM's names and flags. Read-only data, the
 * same for every replica: each definition's id is derived from its name.
 */
public final class TestConnectionDefinitions {
  /** One step of a definition. */
  public record Step(String name, String description, String errorMessage, boolean mandatory, boolean shortCircuit) {}

  /** A type's definition. */
  public record Definition(UUID id, String name, List<Step> steps) {
    public String fullyQualifiedName() {
      return name + ".testConnectionDefinition";
    }
  }

  private final Map<String, Definition> byName = new LinkedHashMap<>();
  private final String description;
  private final Json json;

  public TestConnectionDefinitions(Json json) {
    this.json = json;
    JsonNode data;
    try (InputStream in = TestConnectionDefinitions.class.getResourceAsStream("/seed/test-connection-definitions.json")) {
      data = json.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("the test connection definitions are part of the build", e);
    }
    this.description = data.get("description").asText();
    List<JsonNode> sorted = new ArrayList<>();
    data.get("definitions").forEach(sorted::add);
    sorted.sort(Comparator.comparing(d -> d.get("name").asText()));
    for (JsonNode d : sorted) {
      List<Step> steps = new ArrayList<>();
      for (JsonNode s : d.get("steps")) {
        steps.add(new Step(s.get("name").asText(), s.get("description").asText(), s.path("errorMessage").asText(null),
            s.path("mandatory").asBoolean(true), s.path("shortCircuit").asBoolean(false)));
      }
      String name = d.get("name").asText();
      byName.put(name, new Definition(UUID.nameUUIDFromBytes(("testConnectionDefinition:" + name).getBytes(StandardCharsets.UTF_8)),
          name, List.copyOf(steps)));
    }
  }

  public List<Definition> all() {
    return List.copyOf(byName.values());
  }

  /** The definition OM has for {@code serviceType}. */
  public Optional<Definition> of(String serviceType) {
    return Optional.ofNullable(byName.get(serviceType));
  }

  /** The steps a test of {@code serviceType} runs: its own, or the common four (access, schemas, tables, views). */
  public List<Step> stepsFor(String serviceType) {
    return of(serviceType).map(Definition::steps).orElseGet(() -> byName.get("Mysql").steps());
  }

  public Optional<Definition> byId(UUID id) {
    return byName.values().stream().filter(d -> d.id().equals(id)).findFirst();
  }

  /** By FQN ({@code Mysql.testConnectionDefinition}) or, as a convenience, by the type's name. */
  public Optional<Definition> byName(String fqn) {
    String name = fqn.endsWith(".testConnectionDefinition") ? fqn.substring(0, fqn.length() - ".testConnectionDefinition".length()) : fqn;
    return of(name);
  }

  /** A definition as OM's entity: {@code <apiRoot>/v1/services/testConnectionDefinitions/<id>} is its href. */
  public ObjectNode render(Definition definition, String apiRoot) {
    ObjectNode out = json.object();
    out.put("id", definition.id().toString());
    out.put("name", definition.name());
    out.put("displayName", definition.name() + " Test Connection");
    out.put("description", description);
    out.put("fullyQualifiedName", definition.fullyQualifiedName());
    ArrayNode steps = out.putArray("steps");
    for (Step step : definition.steps()) {
      ObjectNode s = steps.addObject();
      s.put("name", step.name()).put("description", step.description());
      if (step.errorMessage() != null) {
        s.put("errorMessage", step.errorMessage());
      }
      s.put("mandatory", step.mandatory()).put("shortCircuit", step.shortCircuit());
    }
    out.put("version", 0.1);
    out.put("updatedBy", "admin");
    out.put("href", apiRoot + "/v1/services/testConnectionDefinitions/" + definition.id());
    out.put("deleted", false);
    return out;
  }
}
