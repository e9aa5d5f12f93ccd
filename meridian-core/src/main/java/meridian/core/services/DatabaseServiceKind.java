package meridian.core.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import meridian.core.EntityKind;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.TrackedField;
import meridian.core.errors.ApiException;
import meridian.core.secrets.ConnectionSecrets;
import meridian.model.EntityReference;
import meridian.model.TagLabel;
import meridian.model.services.CreateDatabaseService;
import meridian.model.services.DatabaseServiceType;

/** Database services (spec §2): connection secrets, service types and OM's field set. */
public final class DatabaseServiceKind implements EntityKind<CreateDatabaseService> {
  /** Every property of OM's DatabaseService entity: all are valid {@code fields} names (spec §1.9). */
  private static final Set<String> FIELDS =
      Set.of(
          "id", "name", "fullyQualifiedName", "displayName", "description", "serviceType", "connection",
          "pipelines", "testConnectionResult", "tags", "version", "updatedAt", "updatedBy", "impersonatedBy",
          "owners", "followers", "dataProducts", "domains", "domain", "href", "changeDescription",
          "incrementalChangeDescription", "deleted", "entityStatus", "dataContract", "ingestionRunner");

  private static final List<TrackedField> TRACKED =
      List.of(
          TrackedField.scalar("description"),
          TrackedField.scalar("displayName"),
          TrackedField.list("owners", "id"),
          TrackedField.opaque("connection"),
          TrackedField.scalar("deleted"));

  private final ConnectionSecrets secrets;

  public DatabaseServiceKind(ConnectionSecrets secrets) {
    this.secrets = secrets;
  }

  @Override
  public String entityType() {
    return "databaseService";
  }

  @Override
  public String collectionPath() {
    return "services/databaseServices";
  }

  @Override
  public String table() {
    return "database_service";
  }

  @Override
  public Class<CreateDatabaseService> requestType() {
    return CreateDatabaseService.class;
  }

  @Override
  public String name(CreateDatabaseService request) {
    return request.name();
  }

  @Override
  public String displayName(CreateDatabaseService request) {
    return request.displayName();
  }

  @Override
  public String description(CreateDatabaseService request) {
    return request.description();
  }

  @Override
  public void validate(CreateDatabaseService request) {
    Names.requireValidName("name", request.name());
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
      if (problem != null) {
        // OM's message (spec §2.8), then what exactly did not fit.
        throw ApiException.badRequest(
            "Failed to convert [" + request.name() + "] to type [" + request.serviceType() + "]. Review the connection. ("
                + problem + ")");
      }
    }
    if (request.tags() != null) {
      for (int i = 0; i < request.tags().size(); i++) {
        TagLabel tag = request.tags().get(i);
        if (tag == null || tag.tagFQN() == null) {
          throw ApiException.badRequest("[query param tags[" + i + "].tagFQN must not be null]");
        }
      }
    }
    List<String> domains = domains(request);
    for (int i = 0; i < domains.size(); i++) {
      if (domains.get(i) == null || domains.get(i).isBlank()) {
        throw ApiException.badRequest("domains[" + i + "] must be a domain's fully qualified name");
      }
    }
    if (request.dataProducts() != null && !request.dataProducts().isEmpty() && domains.isEmpty()) {
      throw ApiException.badRequest("Domain cannot be empty when data products are provided.");
    }
  }

  /**
   * Tags, domains, data products and ingestion runners are references to kinds that arrive with
   * the governance step; until then none exists, so each is unknown, as OM reports it.
   */
  @Override
  public void checkUnsupportedReferences(CreateDatabaseService request) {
    if (request.tags() != null && !request.tags().isEmpty()) {
      throw ApiException.notFound("tag", request.tags().get(0).tagFQN());
    }
    List<String> domains = domains(request);
    if (!domains.isEmpty()) {
      throw ApiException.notFound("domain", domains.get(0));
    }
    if (request.dataProducts() != null && !request.dataProducts().isEmpty()) {
      throw ApiException.notFound("dataProduct", request.dataProducts().get(0));
    }
    EntityReference runner = request.ingestionRunner();
    if (runner != null) {
      throw ApiException.notFound(runner.type() == null ? "ingestionRunner" : runner.type(),
          runner.id() != null ? runner.id() : runner.fullyQualifiedName());
    }
  }

  private static List<String> domains(CreateDatabaseService request) {
    if (request.domains() != null) {
      return request.domains();
    }
    return request.domain() == null ? List.of() : List.of(request.domain());
  }

  @Override
  public List<EntityReference> requestedOwners(CreateDatabaseService request) {
    return request.owners();
  }

  @Override
  public boolean supportsOwners() {
    return true;
  }

  @Override
  public void fillNew(ObjectNode doc, CreateDatabaseService request, Principal principal) {
    doc.put("serviceType", request.serviceType());
    ObjectNode connection = secrets.sealForWrite(request.serviceType(), request.connection(), null);
    if (connection != null) {
      doc.set("connection", connection);
    }
  }

  @Override
  public void applyPut(ObjectNode current, ObjectNode next, CreateDatabaseService request, Principal principal) {
    String stored = current.path("serviceType").asText();
    if (!stored.equals(request.serviceType())) {
      throw ApiException.badRequest(
          "serviceType of an existing service can't be changed (it is " + stored + ", the request says "
              + request.serviceType() + "); create a service with another name instead");
    }
    ObjectNode storedConnection = current.get("connection") instanceof ObjectNode c ? c : null;
    ObjectNode connection = secrets.sealForWrite(request.serviceType(), request.connection(), storedConnection);
    if (connection == null) {
      next.remove("connection");
    } else {
      next.set("connection", connection);
    }
  }

  /** Entity references of domains and data products become the FQN strings the request takes. */
  @Override
  public ObjectNode toRequest(ObjectNode patched) {
    ObjectNode request = EntityKind.super.toRequest(patched);
    request.remove("domain");
    for (String field : List.of("domains", "dataProducts")) {
      if (request.get(field) instanceof com.fasterxml.jackson.databind.node.ArrayNode refs) {
        com.fasterxml.jackson.databind.node.ArrayNode names = request.putArray(field);
        refs.forEach(ref -> names.add(ref.isObject() ? ref.path("fullyQualifiedName") : ref));
      }
    }
    return request;
  }

  @Override
  public List<TrackedField> trackedFields() {
    return TRACKED;
  }

  @Override
  public Set<String> fieldNames() {
    return FIELDS;
  }

  @Override
  public Set<String> emptyListFields() {
    return Set.of("tags", "domains", "followers", "dataProducts", "pipelines");
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
}
