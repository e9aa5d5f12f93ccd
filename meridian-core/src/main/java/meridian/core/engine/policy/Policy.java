package meridian.core.engine.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import meridian.core.Principal;
import meridian.core.engine.Kinds;
import meridian.core.engine.kind.Containment;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.errors.ApiException;
import meridian.model.ChangeDescription;
import meridian.model.FieldChange;

/**
 * Who may do what (contract §3; OM's seeded policies, spec §6.2): admins and bots everything; the
 * owners of an entity — a user, or any member of an owning team — edit and delete it; anyone may
 * set the owners of an entity that has none; every other write is a 403 naming the operations.
 *
 * <p>In a kind that inherits owners from its ancestors (catalog spec §5.7), an entity without owners
 * of its own is owned by its nearest ancestor's, and the owners of a parent may create under it
 * (OM's resource context inherits the parent's owners; spec §5.1). Reads go through a
 * {@link Lookup}: the policy never holds a connection.
 */
public final class Policy {
  private final EntityKind<?> kind;
  private final Kinds kinds;

  public Policy(EntityKind<?> kind, Kinds kinds) {
    this.kind = kind;
    this.kinds = kinds;
  }

  /** Create: admins, bots (unless only admins create the kind), and the owners of the parent where owners are inherited. */
  public void authorizeCreate(Principal principal, Link parent, Lookup lookup) {
    boolean allowed = principal.admin() || (principal.bot() && !kind.onlyAdminsCreate());
    if (!allowed && parent != null && inheritsOwners(kind) && principal.id() != null) {
      allowed = owns(principal, effectiveOwners(parent.type(), parent.id(), parent.target(), null, lookup), lookup);
    }
    if (!allowed) {
      throw ApiException.forbidden(principal.name(), "Create");
    }
  }

  /** {@code operation} (EditAll, Delete) on {@code entity}: allowed to admins, bots and owners. */
  public void authorize(Principal principal, Entity entity, String operation, Lookup lookup) {
    if (!(principal.admin() || principal.bot() || isOwner(principal, entity, lookup))) {
      throw ApiException.forbidden(principal.name(), operation);
    }
  }

  /**
   * A PATCH by someone who is not an owner: OM's {@code OrganizationPolicy-NoOwner-Rule} lets anyone
   * set the owners of an entity that has none; anything else names the edit operations it needed.
   */
  public void authorizePatch(Principal principal, Entity current, ChangeDescription change, Lookup lookup) {
    if (principal.admin() || principal.bot() || isOwner(principal, current, lookup)) {
      return;
    }
    Set<String> fields = new LinkedHashSet<>();
    for (List<FieldChange> list : List.of(change.fieldsAdded(), change.fieldsUpdated(), change.fieldsDeleted())) {
      list.forEach(c -> fields.add(c.name()));
    }
    // OM's NoOwner rule looks at the owners that count, inherited ones included: a table whose
    // schema has owners is owned, and nobody may take it by naming themself.
    if (fields.equals(Set.of("owners"))
        && effectiveOwners(kind.entityType(), current.id(), current.doc(), current.links("owners"), lookup).isEmpty()) {
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
   * (a user's own profile), an owner (its own, or inherited), or a direct member of an owning team
   * (OM's SubjectContext: only Group teams own, and a Group has no sub-teams). The entity's own
   * owners must have been read.
   */
  public boolean isOwner(Principal principal, Entity entity, Lookup lookup) {
    if (principal.id() == null) {
      return false;
    }
    if (kind.isSelf(entity, principal)) {
      return true;
    }
    return owns(principal, effectiveOwners(kind.entityType(), entity.id(), entity.doc(), entity.links("owners"), lookup), lookup);
  }

  private static boolean owns(Principal principal, List<Link> owners, Lookup lookup) {
    if (owners.stream().anyMatch(o -> o.type().equals("user") && o.id().equals(principal.id()))) {
      return true;
    }
    if (owners.stream().noneMatch(o -> o.type().equals("team"))) {
      return false;
    }
    Set<UUID> teams = lookup.teamsOf(principal.id());
    return owners.stream().anyMatch(o -> o.type().equals("team") && teams.contains(o.id()));
  }

  /**
   * The owners that count for the entity {@code id} of {@code type}: its own ({@code own}, or read
   * when null), or else those of its nearest ancestor that has any, where the kind inherits owners.
   */
  private List<Link> effectiveOwners(String type, UUID id, ObjectNode doc, List<Link> own, Lookup lookup) {
    EntityKind<?> of = kinds.kind(type);
    List<Link> owners = own != null ? own : hasOwners(of) ? lookup.linksOf(type, id, "owners") : List.of();
    if (!owners.isEmpty() || !inheritsOwners(of) || doc == null) {
      return owners;
    }
    for (Containment.Ancestor ancestor : of.containment().ancestors()) {
      JsonNode ref = doc.get(ancestor.member());
      if (ref == null || !ref.hasNonNull("id") || !hasOwners(kinds.kind(ancestor.kind()))) {
        continue;
      }
      List<Link> found = lookup.linksOf(ancestor.kind(), UUID.fromString(ref.get("id").asText()), "owners");
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static boolean inheritsOwners(EntityKind<?> kind) {
    return kind.containment() != null && kind.containment().inherited().contains("owners");
  }

  private static boolean hasOwners(EntityKind<?> kind) {
    return kind.relations().stream().anyMatch(f -> f.name().equals("owners"));
  }
}
