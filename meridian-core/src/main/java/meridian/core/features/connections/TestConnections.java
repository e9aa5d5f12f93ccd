package meridian.core.features.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import meridian.core.Json;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.engine.EntityServices;
import meridian.core.engine.Target;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.read.Fields;
import meridian.core.errors.ApiException;
import meridian.core.features.secrets.ConnectionSecrets;
import meridian.model.Include;
import meridian.model.services.CreateDatabaseService;
import meridian.model.services.TestConnectionResult;

/**
 * Test connection for database services, in the server (issue 9 §3): of a proposed config before
 * it is saved, and of a saved service, whose result is then kept as its {@code testConnectionResult}.
 * Secrets sent as the mask are taken from the service of the same name, as OM's UI tests an edited
 * service.
 */
public final class TestConnections {
  private final EntityServices<CreateDatabaseService> services;
  private final ConnectionSecrets secrets;
  private final ConnectionTester tester;
  private final Json json;

  public TestConnections(EntityServices<CreateDatabaseService> services, ConnectionSecrets secrets, ConnectionTester tester, Json json) {
    this.services = services;
    this.secrets = secrets;
    this.tester = tester;
    this.json = json;
  }

  /** A proposed service (a create request) tested; nothing is stored. Needs the right to create services. */
  public TestConnectionResult testProposed(CreateDatabaseService request, Principal principal) {
    services.repository().authorizeCreate(principal);
    Names.requireValidName("name", request.name());
    services.kind().validate(request);
    if (request.connection() == null) {
      throw ApiException.badRequest("[query param connection must not be null]: there is nothing to test");
    }
    ObjectNode stored = secrets.hasMask(request.serviceType(), request.connection()) ? storedConnection(request.name(), principal) : null;
    ObjectNode plain = secrets.plainConfig(request.serviceType(), request.connection(), stored);
    return run(request.serviceType(), plain);
  }

  /**
   * The stored (sealed) connection of the service named {@code name}, for a test that sends masks
   * in its place; null when there is no such service. Its secrets are used only for who may edit
   * it (admins, bots, its owners): anyone else could point the stored password at a host of their own.
   */
  public ObjectNode storedConnection(String name, Principal principal) {
    Entity service = services.queries().find(Target.byName(name), Include.NON_DELETED, Fields.NONE).orElse(null);
    if (service == null) {
      return null;
    }
    services.repository().authorized(service.id(), principal, "EditAll");
    return service.doc().get("connection") instanceof ObjectNode c ? c : null;
  }

  /** A saved service tested with its stored config; admins, bots and its owners may. The result is kept on the service. */
  public TestConnectionResult testSaved(UUID id, Principal principal) {
    Entity service = services.repository().authorized(id, principal, "EditAll");
    ObjectNode stored = service.doc().get("connection") instanceof ObjectNode c ? c : null;
    if (stored == null) {
      throw ApiException.badRequest("databaseService " + service.name() + " has no connection to test");
    }
    TestConnectionResult result = run(service.doc().path("serviceType").asText(), secrets.plainConfig(stored));
    services.repository().annotate(id, Map.of("testConnectionResult", json.tree(result)));
    return result;
  }

  /** OM's {@code PUT /{id}/testConnectionResult}: a result from elsewhere, kept without a new version (OM checks Create). */
  public Entity keep(UUID id, TestConnectionResult result, Principal principal) {
    services.repository().authorizeCreate(principal);
    if (result.steps() == null) {
      throw ApiException.badRequest("[query param steps must not be null]");
    }
    return services.repository().annotate(id, Map.of("testConnectionResult", json.tree(result)));
  }

  /** Runs a test of {@code serviceType} with {@code plain} (secrets in the clear). */
  public TestConnectionResult run(String serviceType, JsonNode plain) {
    return tester.test(serviceType, plain, text -> secrets.withoutSecrets(serviceType, plain, text));
  }
}
