package meridian.core.kinds.users;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.engine.kind.DeclaredKind;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.Field;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.RelationField.Shape;
import meridian.core.engine.relations.RelationFields;
import meridian.core.errors.ApiException;
import meridian.core.kinds.teams.TeamKind;
import meridian.model.users.CreateUser;

/** Users and bots (contract §3): who may sign in, who is admin or bot, and which teams they are in. */
public final class UserKind extends DeclaredKind<CreateUser> {
  /** OM's {@code type/basic.json#/definitions/email} pattern. */
  private static final Pattern EMAIL = Pattern.compile("^[\\S.!#$%&’*+/=?^_`{|}~-]+@\\S+\\.\\S+$");

  private static final Set<String> FIELDS =
      Set.of(
          "id", "name", "fullyQualifiedName", "displayName", "description", "email", "isAdmin", "isBot",
          "timezone", "teams", "roles", "inheritedRoles", "owns", "follows", "personas", "defaultPersona",
          "domains", "profile", "version", "updatedAt", "updatedBy", "href", "changeDescription", "deleted");

  /** A user's teams are the {@code team --has--> user} edges a team's {@code users} shows from the other end. */
  private static final RelationField TEAMS = RelationField.edges("teams", List.of("team"), true, RelationFields.HAS, true, Shape.IDS);

  private static final List<RelationField> RELATIONS =
      List.of(TEAMS, RelationField.edges("roles", List.of("role"), true, RelationFields.HAS, true, Shape.IDS));

  private static final List<Field> OWN_FIELDS =
      List.of(
          Field.replace("email"),
          Field.keep("isAdmin", BooleanNode.FALSE),
          Field.keep("isBot", BooleanNode.FALSE),
          Field.replace("timezone"));

  public UserKind() {
    super(new Identity("user", "users", "user_entity"), CreateUser.class, OWN_FIELDS, RELATIONS, FIELDS, Set.of());
  }

  @Override
  public void validate(CreateUser request) {
    Names.requireNotNull("email", request.email());
    if (!EMAIL.matcher(request.email()).matches()) {
      throw ApiException.badRequest("[query param email must match \"" + EMAIL.pattern() + "\"]");
    }
  }

  /** A user in no team is shown in the Organization, as OM does; that is never stored. */
  @Override
  public List<Link> shownWhenEmpty(RelationField field, Entity entity, Lookup lookup) {
    if (field != TEAMS) {
      return null;
    }
    return lookup.byFqn("team", TeamKind.ORGANIZATION).map(List::of).orElse(null);
  }

  @Override
  public Set<String> emptyListFields() {
    return Set.of("inheritedRoles", "owns", "follows", "personas", "domains");
  }

  /** Only admins create users (contract §3); bots may not mint accounts. */
  @Override
  public boolean onlyAdminsCreate() {
    return true;
  }

  /** A user may edit their own profile. */
  @Override
  public boolean isSelf(Entity entity, Principal principal) {
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
