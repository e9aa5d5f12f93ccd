package meridian.core.engine.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.Principal;
import meridian.core.errors.ApiException;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Relations;
import meridian.model.ChangeDescription;
import meridian.model.FieldChange;
import org.jdbi.v3.core.Handle;

/**
 * Who may do what (contract §3; OM's seeded policies, spec §6.2): admins and bots everything; the
 * owners of an entity — a user, or any member of an owning team — edit and delete it; anyone may
 * set the owners of an entity that has none; every other write is a 403 naming the operations.
 */
public final class Policy {
  private final EntityKind<?> kind;
  private final Relations relations;

  public Policy(EntityKind<?> kind, Relations relations) {
    this.kind = kind;
    this.relations = relations;
  }

  public void authorizeCreate(Principal principal) {
    boolean allowed = principal.admin() || (principal.bot() && !kind.onlyAdminsCreate());
    if (!allowed) {
      throw ApiException.forbidden(principal.name(), "Create");
    }
  }

  /** {@code operation} (EditAll, Delete) on {@code entity}: allowed to admins, bots and owners. */
  public void authorize(Handle handle, Principal principal, Entity entity, String operation) {
    if (!(principal.admin() || principal.bot() || isOwner(handle, principal, entity))) {
      throw ApiException.forbidden(principal.name(), operation);
    }
  }

  /**
   * A PATCH by someone who is not an owner: OM's {@code OrganizationPolicy-NoOwner-Rule} lets anyone
   * set the owners of an entity that has none; anything else names the edit operations it needed.
   */
  public void authorizePatch(Handle handle, Principal principal, Entity current, ChangeDescription change) {
    if (principal.admin() || principal.bot() || isOwner(handle, principal, current)) {
      return;
    }
    Set<String> fields = new LinkedHashSet<>();
    for (List<FieldChange> list : List.of(change.fieldsAdded(), change.fieldsUpdated(), change.fieldsDeleted())) {
      list.forEach(c -> fields.add(c.name()));
    }
    if (fields.equals(Set.of("owners")) && current.links("owners").isEmpty()) {
      return;
    }
    List<String> operations =
        fields.stream()
            .map(f -> switch (f) {
              case "description" -> "EditDescription";
              case "displayName" -> "EditDisplayName";
              case "owners" -> "EditOwners";
              case "tags" -> "EditTags";
              default -> "EditAll";
            })
            .distinct()
            .toList();
    throw ApiException.forbidden(principal.name(), String.join(", ", operations));
  }

  /**
   * Whether {@code principal} owns {@code entity}: it is the entity itself where the kind says so
   * (a user's own profile), an owner, or a direct member of an owning team (OM's SubjectContext:
   * only Group teams own, and a Group has no sub-teams).
   */
  public boolean isOwner(Handle handle, Principal principal, Entity entity) {
    if (principal.id() == null) {
      return false;
    }
    if (kind.isSelf(entity, principal)) {
      return true;
    }
    List<Link> owners = entity.links("owners");
    if (owners.stream().anyMatch(o -> o.type().equals("user") && o.id().equals(principal.id()))) {
      return true;
    }
    if (owners.stream().noneMatch(o -> o.type().equals("team"))) {
      return false;
    }
    Set<UUID> teams = relations.teamsOf(handle, principal.id());
    return owners.stream().anyMatch(o -> o.type().equals("team") && teams.contains(o.id()));
  }
}
