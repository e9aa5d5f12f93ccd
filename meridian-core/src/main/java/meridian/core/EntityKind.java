package meridian.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import meridian.model.EntityReference;

/**
 * What makes one entity type different from another (ARCHITECTURE rule 2): its names, table,
 * request type, validation, tracked fields and a few hooks. Everything else — versions, history,
 * relationships, authorisation, transactions — is {@link EntityRepository}'s, the same for all.
 *
 * @param <C> the create request ({@code Create*} record)
 */
public interface EntityKind<C> {
  /** OM's entity type string, e.g. {@code databaseService}. */
  String entityType();

  /** The collection path under {@code /api/v1}, e.g. {@code services/databaseServices}. */
  String collectionPath();

  /** The entity table; one of {@code EntityDao.TABLES}. */
  String table();

  Class<C> requestType();

  /** The name the request asks for (validated by {@link #validate}). */
  String name(C request);

  /** Checks the request on its own; throws a 400 {@code ApiException} naming the field and rule. */
  void validate(C request);

  /** The owners the request asks for; null when it says nothing about owners. */
  default List<EntityReference> requestedOwners(C request) {
    return null;
  }

  default boolean supportsOwners() {
    return false;
  }

  /**
   * References to kinds that this server does not hold yet (tags, domains, teams, …). Each is
   * reported as not found, as OM does for an unknown reference; nothing is written.
   */
  default void checkUnsupportedReferences(C request) {}

  String displayName(C request);

  String description(C request);

  /** Adds this kind's own fields to the document of a new entity. */
  void fillNew(ObjectNode doc, C request, Principal principal);

  /** Applies a PUT's own fields to {@code next}, a copy of {@code current}. */
  void applyPut(ObjectNode current, ObjectNode next, C request, Principal principal);

  /** Fields recorded in {@code changeDescription}, in order. */
  List<TrackedField> trackedFields();

  /** Names accepted by the {@code fields} query parameter (spec §1.9). */
  Set<String> fieldNames();

  /** The document as {@code principal} may see it (secrets masked or opened). */
  default ObjectNode reveal(ObjectNode doc, Principal principal) {
    return doc;
  }

  /**
   * Relationship list fields that no kind of this server can fill yet (tags, domains, followers,
   * …): rendered as {@code []} when the {@code fields} parameter asks for them.
   */
  default Set<String> emptyListFields() {
    return Set.of();
  }

  /**
   * A patched entity document turned back into this kind's request (PATCH, spec §3.6): the
   * server-managed fields go, and relationship fields take their request shape. What remains
   * must decode as the request type, so a patch that adds an unknown field is a 400.
   */
  default ObjectNode toRequest(ObjectNode patched) {
    ObjectNode request = patched.deepCopy();
    request.remove(SERVER_FIELDS);
    for (String list : emptyListFields()) {
      if (request.path(list).isArray() && request.get(list).isEmpty()) {
        request.remove(list);
      }
    }
    return request;
  }

  /** Fields every entity has that the server alone sets. */
  List<String> SERVER_FIELDS =
      List.of("id", "fullyQualifiedName", "version", "updatedAt", "updatedBy", "href", "changeDescription",
          "incrementalChangeDescription", "deleted");

  /** Only admins may create this kind (users); otherwise bots may too. */
  default boolean onlyAdminsCreate() {
    return false;
  }

  /** Whether {@code principal} owns {@code entity} and may therefore edit it (contract §3). */
  default boolean isOwner(Entity entity, Principal principal) {
    return principal.id() != null
        && entity.owners().stream().anyMatch(o -> "user".equals(o.type()) && principal.id().equals(o.id()));
  }

  /** A last say on an edit by a non-admin owner (e.g. a user may not make themself admin). */
  default void checkOwnerEdit(ObjectNode current, ObjectNode next, Principal principal) {}
}
