package meridian.core.kinds.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.engine.kind.DeclaredKind;
import meridian.core.engine.kind.ChildList;
import meridian.core.engine.kind.Field;
import meridian.core.engine.kind.ListFilter;
import meridian.core.engine.kind.TrackedField;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.RelationFields;
import meridian.core.errors.ApiException;
import meridian.core.features.secrets.ConnectionSecrets;
import meridian.core.features.validation.ConnectionValidator;
import meridian.model.services.CreateDatabaseService;
import meridian.model.services.DatabaseServiceType;

/** Database services (spec §2): connection secrets, service types and OM's field set. */
public final class DatabaseServiceKind extends DeclaredKind<CreateDatabaseService> {
  /** Every property of OM's DatabaseService entity: all are valid {@code fields} names (spec §1.9). */
  private static final Set<String> FIELDS =
      Set.of(
          "id", "name", "fullyQualifiedName", "displayName", "description", "serviceType", "connection",
          "pipelines", "testConnectionResult", "tags", "version", "updatedAt", "updatedBy", "impersonatedBy",
          "owners", "followers", "dataProducts", "domains", "domain", "href", "changeDescription",
          "incrementalChangeDescription", "deleted", "entityStatus", "dataContract", "ingestionRunner");

  private static final List<RelationField> RELATIONS =
      List.of(
          RelationFields.owners(),
          RelationFields.tags(),
          RelationFields.domains(),
          RelationFields.dataProducts(),
          RelationFields.followers(),
          // No ingestion runner is held here: any reference to one is unknown, as OM reports it.
          RelationField.edges("ingestionRunner", List.of("ingestionRunner", "ingestionPipeline"), false, "uses", false,
              RelationField.Shape.REFERENCES));

  private static final List<Field> OWN_FIELDS = List.of(Field.immutable("serviceType"));

  private final ConnectionSecrets secrets;
  private final ConnectionValidator validator;

  public DatabaseServiceKind(ConnectionSecrets secrets, ConnectionValidator validator) {
    super(
        new Identity("databaseService", "services/databaseServices", "database_service"), CreateDatabaseService.class,
        OWN_FIELDS, RELATIONS, FIELDS,
        Set.of("owners", "tags", "domains", "dataProducts"));
    this.secrets = secrets;
    this.validator = validator;
  }

  @Override
  public void validate(CreateDatabaseService request) {
    Names.requireNotNull("serviceType", request.serviceType());
    if (!DatabaseServiceType.VALUES.contains(request.serviceType())) {
      throw ApiException.badRequest(
          "serviceType \"" + Names.abbreviate(request.serviceType()) + "\" is not a database service type; use one of "
              + DatabaseServiceType.VALUES);
    }
    ObjectNode connection = request.connection();
    if (connection != null) {
      JsonNode config = connection.get("config");
      String problem = null;
      if (connection.size() != 1 || config == null) {
        problem = "connection must be {\"config\": {…}}";
      } else if (!config.isObject()) {
        problem = "connection.config must be an object";
      } else if (config.has("type") && !request.serviceType().equals(config.get("type").asText())) {
        problem = "connection.config.type is " + config.get("type") + " but serviceType is " + request.serviceType();
      }
      if (problem == null && config.isObject()) {
        List<ConnectionValidator.Problem> problems = validator.check(request.serviceType(), config);
        if (!problems.isEmpty()) {
          problem = secrets.withoutSecrets(request.serviceType(), config,
              String.join("; ", problems.stream().map(p -> "/connection/config" + p).toList()));
        }
      }
      if (problem != null) {
        // OM's message (spec §2.8), then what exactly did not fit, never a secret's value.
        throw ApiException.badRequest(
            "Failed to convert [" + request.name() + "] to type [" + request.serviceType() + "]. Review the connection. ("
                + problem + ")");
      }
    }
  }

  /** The connection, with its secrets sealed; a mask in the request keeps the stored secret (contract §4). */
  @Override
  public void applyCustom(ObjectNode current, ObjectNode next, ObjectNode request, Principal principal) {
    ObjectNode storedConnection = current != null && current.get("connection") instanceof ObjectNode c ? c : null;
    JsonNode asked = request.get("connection");
    ObjectNode connection =
        secrets.sealForWrite(request.get("serviceType").asText(), asked instanceof ObjectNode o ? o : null, storedConnection);
    if (connection == null) {
      next.remove("connection");
    } else {
      next.set("connection", connection);
    }
  }

  @Override
  public List<TrackedField> customTracked() {
    return List.of(TrackedField.opaque("connection"));
  }

  /** Its ingestion pipelines (OM's {@code pipelines}), children as its databases are. */
  @Override
  public List<ChildList> childLists() {
    return List.of(new ChildList("pipelines", "ingestionPipeline"));
  }

  /** The last test's outcome, written by the server (spec §3.11); shown with {@code fields=testConnectionResult}. */
  @Override
  public Set<String> docFieldsOnRequest() {
    return Set.of("testConnectionResult");
  }

  /** Spec §5 and contract §4: only bots see connection secrets; everyone else gets the mask. */
  @Override
  public ObjectNode reveal(ObjectNode doc, Principal principal) {
    if (!(doc.get("connection") instanceof ObjectNode connection)) {
      return doc;
    }
    ObjectNode copy = doc.deepCopy();
    copy.set("connection", secrets.reveal(connection, principal.bot()));
    return copy;
  }

  @Override
  public List<ListFilter> listFilters() {
    return List.of(ListFilter.related("domain", "domains"));
  }

  @Override
  public boolean bulkUpsert() {
    return true;
  }

  @Override
  public String searchIndex() {
    return "database_service_search_index";
  }
}
