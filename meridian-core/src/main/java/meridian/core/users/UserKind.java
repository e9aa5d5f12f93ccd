package meridian.core.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import meridian.core.Entity;
import meridian.core.EntityKind;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.TrackedField;
import meridian.core.errors.ApiException;
import meridian.model.users.CreateUser;

/** Users and bots (contract §3): who may sign in, and who is admin or bot. */
public final class UserKind implements EntityKind<CreateUser> {
  /** OM's {@code type/basic.json#/definitions/email} pattern. */
  private static final Pattern EMAIL = Pattern.compile("^[\\S.!#$%&’*+/=?^_`{|}~-]+@\\S+\\.\\S+$");

  private static final Set<String> FIELDS =
      Set.of(
          "id", "name", "fullyQualifiedName", "displayName", "description", "email", "isAdmin", "isBot",
          "timezone", "teams", "roles", "inheritedRoles", "owns", "follows", "personas", "defaultPersona",
          "domains", "profile", "version", "updatedAt", "updatedBy", "href", "changeDescription", "deleted");

  private static final List<TrackedField> TRACKED =
      List.of(
          TrackedField.scalar("description"),
          TrackedField.scalar("displayName"),
          TrackedField.scalar("email"),
          TrackedField.scalar("isAdmin"),
          TrackedField.scalar("isBot"),
          TrackedField.scalar("timezone"),
          TrackedField.scalar("deleted"));

  @Override
  public String entityType() {
    return "user";
  }

  @Override
  public String collectionPath() {
    return "users";
  }

  @Override
  public String table() {
    return "user_entity";
  }

  @Override
  public Class<CreateUser> requestType() {
    return CreateUser.class;
  }

  @Override
  public String name(CreateUser request) {
    return request.name();
  }

  @Override
  public String displayName(CreateUser request) {
    return request.displayName();
  }

  @Override
  public String description(CreateUser request) {
    return request.description();
  }

  @Override
  public void validate(CreateUser request) {
    Names.requireValidName("name", request.name());
    Names.requireNotNull("email", request.email());
    if (!EMAIL.matcher(request.email()).matches()) {
      throw ApiException.badRequest("[query param email must match \"" + EMAIL.pattern() + "\"]");
    }
  }

  /** Teams and roles are kinds of the governance step; until then every reference is unknown. */
  @Override
  public void checkUnsupportedReferences(CreateUser request) {
    if (request.teams() != null && !request.teams().isEmpty()) {
      throw ApiException.notFound("team", request.teams().get(0));
    }
    if (request.roles() != null && !request.roles().isEmpty()) {
      throw ApiException.notFound("role", request.roles().get(0));
    }
  }

  @Override
  public void fillNew(ObjectNode doc, CreateUser request, Principal principal) {
    doc.put("email", request.email());
    doc.put("isAdmin", Boolean.TRUE.equals(request.isAdmin()));
    doc.put("isBot", Boolean.TRUE.equals(request.isBot()));
    if (request.timezone() != null) {
      doc.put("timezone", request.timezone());
    }
  }

  /** PUT: e-mail and timezone as sent; {@code isAdmin}/{@code isBot} left out keep their value. */
  @Override
  public void applyPut(ObjectNode current, ObjectNode next, CreateUser request, Principal principal) {
    next.put("email", request.email());
    if (request.isAdmin() != null) {
      next.put("isAdmin", request.isAdmin());
    }
    if (request.isBot() != null) {
      next.put("isBot", request.isBot());
    }
    if (request.timezone() == null) {
      next.remove("timezone");
    } else {
      next.put("timezone", request.timezone());
    }
  }

  /** Team and role references become the ids the request takes. */
  @Override
  public ObjectNode toRequest(ObjectNode patched) {
    ObjectNode request = EntityKind.super.toRequest(patched);
    for (String field : List.of("teams", "roles")) {
      if (request.get(field) instanceof com.fasterxml.jackson.databind.node.ArrayNode refs) {
        com.fasterxml.jackson.databind.node.ArrayNode ids = request.putArray(field);
        refs.forEach(ref -> ids.add(ref.isObject() ? ref.path("id") : ref));
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
    return Set.of("teams", "roles", "inheritedRoles", "owns", "follows", "personas", "domains");
  }

  /** Only admins create users (contract §3); bots may not mint accounts. */
  @Override
  public boolean onlyAdminsCreate() {
    return true;
  }

  /** A user may edit their own profile. */
  @Override
  public boolean isOwner(Entity entity, Principal principal) {
    return principal.id() != null && principal.id().equals(entity.id());
  }

  /** …but not make themself an admin or a bot. */
  @Override
  public void checkOwnerEdit(ObjectNode current, ObjectNode next, Principal principal) {
    if (!current.path("isAdmin").equals(next.path("isAdmin")) || !current.path("isBot").equals(next.path("isBot"))) {
      throw ApiException.forbidden(principal.name(), "EditAll");
    }
  }
}
