package meridian.http.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route as the OpenAPI document describes it: what it does, the query parameters it reads,
 * the body it takes and the answers it gives. Filled in where the route is registered, so the
 * route and its description are written side by side; a route left undescribed makes the
 * document's test fail.
 */
public final class Operation {
  private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

  private final String method;
  private final String path;
  private String tag = "";
  private String summary = "";
  private boolean isPublic;
  private final List<ObjectNode> parameters = new ArrayList<>();
  private ObjectNode body;
  private boolean bodyRequired = true;
  private String bodyType = "application/json";
  private final Map<Integer, Answer> answers = new LinkedHashMap<>();

  private record Answer(String description, ObjectNode schema, String type) {}

  public Operation(String method, String path) {
    this.method = method;
    this.path = path;
  }

  public String method() {
    return method;
  }

  /** The path under {@code /api/v1}, with OpenAPI's {@code {name}} placeholders (Javalin's own syntax too). */
  public String path() {
    return path;
  }

  public boolean described() {
    return !summary.isEmpty() && !answers.isEmpty();
  }

  public Operation tag(String tag) {
    this.tag = tag;
    return this;
  }

  public String tag() {
    return tag;
  }

  public Operation summary(String summary) {
    this.summary = summary;
    return this;
  }

  /** Answered without a token (contract §3). */
  public Operation open() {
    this.isPublic = true;
    return this;
  }

  public Operation query(String name, String type, String description) {
    return query(name, type, description, false);
  }

  /** A query parameter the route refuses to go without (a 400 naming it). */
  public Operation requiredQuery(String name, String type, String description) {
    return query(name, type, description, true);
  }

  private Operation query(String name, String type, String description, boolean required) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("name", name).put("in", "query").put("required", required).put("description", description);
    p.set("schema", Schemas.type(type));
    parameters.add(p);
    return this;
  }

  public Operation header(String name, String description) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("name", name).put("in", "header").put("required", false).put("description", description);
    p.set("schema", Schemas.type("string"));
    parameters.add(p);
    return this;
  }

  public Operation body(ObjectNode schema) {
    this.body = schema;
    return this;
  }

  /** A body the route reads when there is one and goes without otherwise. */
  public Operation optionalBody(ObjectNode schema) {
    this.body = schema;
    this.bodyRequired = false;
    return this;
  }

  public Operation body(String mediaType, ObjectNode schema) {
    this.bodyType = mediaType;
    this.body = schema;
    return this;
  }

  public Operation answers(int status, String description, ObjectNode schema) {
    answers.put(status, new Answer(description, schema, "application/json"));
    return this;
  }

  public Operation answers(int status, String description, String mediaType, ObjectNode schema) {
    answers.put(status, new Answer(description, schema, mediaType));
    return this;
  }

  /** The schema of the answer with {@code status}, if described. */
  public ObjectNode answerSchema(int status) {
    Answer answer = answers.get(status);
    return answer == null ? null : answer.schema();
  }

  ObjectNode toJson(String operationId) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode op = f.objectNode();
    if (!tag.isEmpty()) {
      op.putArray("tags").add(tag);
    }
    op.put("summary", summary);
    op.put("operationId", operationId);
    var params = op.putArray("parameters");
    Matcher m = PATH_PARAM.matcher(path);
    while (m.find()) {
      ObjectNode p = params.addObject();
      p.put("name", m.group(1)).put("in", "path").put("required", true);
      p.set("schema", Schemas.type("string"));
    }
    parameters.forEach(params::add);
    if (body != null) {
      ObjectNode content = op.putObject("requestBody").put("required", bodyRequired).putObject("content");
      content.putObject(bodyType).set("schema", body);
    }
    ObjectNode responses = op.putObject("responses");
    answers.forEach((status, answer) -> {
      ObjectNode r = responses.putObject(Integer.toString(status)).put("description", answer.description());
      if (answer.schema() != null) {
        r.putObject("content").putObject(answer.type()).set("schema", answer.schema());
      }
    });
    ObjectNode error = responses.putObject("default").put("description", "An error: its HTTP status and a message naming the field and the rule");
    error.putObject("content").putObject("application/json").set("schema", Schemas.ref("#/components/schemas/Error"));
    if (isPublic) {
      op.putArray("security");
    }
    return op;
  }
}
