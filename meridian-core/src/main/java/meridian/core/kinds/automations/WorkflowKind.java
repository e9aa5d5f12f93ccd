package meridian.core.kinds.automations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.engine.kind.DeclaredKind;
import meridian.core.engine.kind.Field;
import meridian.core.engine.kind.TrackedField;
import meridian.core.engine.relations.RelationFields;
import meridian.core.errors.ApiException;
import meridian.core.features.secrets.ConnectionSecrets;
import meridian.core.features.validation.ConnectionValidator;
import meridian.model.automations.CreateWorkflow;
import meridian.model.services.DatabaseServiceType;

/**
 * OM's automations workflows ({@code /v1/automations/workflows}): a test connection request that
 * this server runs itself when triggered. The request's connection secrets are sealed at rest and
 * masked for everyone but bots, like a service's; masked secrets of a request that names an
 * existing service are that service's stored ones.
 */
public final class WorkflowKind extends DeclaredKind<CreateWorkflow> {
  public static final String TEST_CONNECTION = "TEST_CONNECTION";
  static final Set<String> STATUSES = Set.of("Pending", "Running", "Successful", "Failed");
  private static final Set<String> REQUEST_MEMBERS = Set.of("connection", "serviceType", "connectionType", "serviceName", "secretsManagerProvider");

  private static final Set<String> FIELDS =
      Set.of("id", "name", "displayName", "description", "fullyQualifiedName", "workflowType", "status", "request", "response",
          "openMetadataServerConnection", "owner", "owners", "version", "updatedAt", "updatedBy", "href", "changeDescription",
          "deleted");

  private final ConnectionSecrets secrets;
  private final ConnectionValidator validator;
  private final BiFunction<String, Principal, ObjectNode> serviceConnection;

  /**
   * @param serviceConnection the stored (sealed) connection of the database service of this name,
   *     or null when there is none; a 403 when the principal may not edit that service
   */
  public WorkflowKind(
      ConnectionSecrets secrets, ConnectionValidator validator, BiFunction<String, Principal, ObjectNode> serviceConnection) {
    super(
        new Identity("workflow", "automations/workflows", "automations_workflow"), CreateWorkflow.class,
        List.of(Field.immutable("workflowType"), Field.keep("status", TextNode.valueOf("Pending")).untracked(),
            Field.keep("response", null).untracked()),
        List.of(RelationFields.owners().alias("owner")), FIELDS,
        Set.of("owners"));
    this.secrets = secrets;
    this.validator = validator;
    this.serviceConnection = serviceConnection;
  }

  @Override
  public void validate(CreateWorkflow request) {
    Names.requireNotNull("workflowType", request.workflowType());
    if (!TEST_CONNECTION.equals(request.workflowType())) {
      throw ApiException.badRequest("workflowType \"" + Names.abbreviate(request.workflowType()) + "\" is not one this server runs; use "
          + TEST_CONNECTION);
    }
    if (request.status() != null && !STATUSES.contains(request.status())) {
      throw ApiException.badRequest("status \"" + Names.abbreviate(request.status()) + "\" is not a workflow status; use one of "
          + STATUSES.stream().sorted().toList());
    }
    Names.requireNotNull("request", request.request());
    ObjectNode test = request.request();
    test.fieldNames().forEachRemaining(member -> {
      if (!REQUEST_MEMBERS.contains(member)) {
        throw ApiException.badRequest("Invalid request format: field \"request." + Names.abbreviate(member)
            + "\" is not allowed (additionalProperties: false)");
      }
    });
    String serviceType = test.path("serviceType").asText("Database");
    if (!serviceType.equals("Database")) {
      throw ApiException.badRequest("request.serviceType \"" + Names.abbreviate(serviceType)
          + "\" can't be tested by this server: it holds database services only");
    }
    String type = test.path("connectionType").asText(null);
    Names.requireNotNull("request.connectionType", type);
    if (!DatabaseServiceType.VALUES.contains(type)) {
      throw ApiException.badRequest("request.connectionType \"" + Names.abbreviate(type) + "\" is not a database service type; use one of "
          + DatabaseServiceType.VALUES);
    }
    JsonNode config = test.path("connection").path("config");
    if (!config.isObject()) {
      throw ApiException.badRequest("request.connection must be {\"config\": {…}}");
    }
    List<ConnectionValidator.Problem> problems = validator.check(type, config);
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("Failed to convert [" + request.name() + "] to type [" + type + "]. Review the connection. ("
          + secrets.withoutSecrets(type, config, String.join("; ", problems.stream().map(p -> "/request/connection/config" + p).toList()))
          + ")");
    }
  }

  /** The request, its connection's secrets sealed; a mask keeps the secret the workflow, or the named service, has. */
  @Override
  public void applyCustom(ObjectNode current, ObjectNode next, ObjectNode request, Principal principal) {
    ObjectNode test = request.get("request").deepCopy();
    String type = test.get("connectionType").asText();
    ObjectNode stored = current == null ? null
        : current.path("request").get("connection") instanceof ObjectNode c ? c : null;
    String serviceName = test.path("serviceName").asText(null);
    if (stored == null && serviceName != null && secrets.hasMask(type, (ObjectNode) test.get("connection"))) {
      stored = serviceConnection.apply(serviceName, principal);
    }
    test.set("connection", secrets.sealForWrite(type, (ObjectNode) test.get("connection"), stored));
    next.set("request", test);
  }

  @Override
  public List<TrackedField> customTracked() {
    return List.of(TrackedField.opaque("request"));
  }

  /** Secrets in the clear for bots only, as for services. */
  @Override
  public ObjectNode reveal(ObjectNode doc, Principal principal) {
    if (!(doc.path("request").get("connection") instanceof ObjectNode connection)) {
      return doc;
    }
    ObjectNode copy = doc.deepCopy();
    ((ObjectNode) copy.get("request")).set("connection", secrets.reveal(connection, principal.bot()));
    return copy;
  }
}
