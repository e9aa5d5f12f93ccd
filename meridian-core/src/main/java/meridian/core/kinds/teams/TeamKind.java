package meridian.core.kinds.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.engine.kind.DeclaredKind;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.Field;
import meridian.core.engine.kind.ListFilter;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.RelationField.Shape;
import meridian.core.engine.relations.RelationFields;
import meridian.core.errors.ApiException;
import meridian.model.teams.CreateTeam;

/**
 * Teams (OM's {@code /v1/teams}): a hierarchy under the one Organization, each level of a type
 * that decides what may sit above and below it; only Group teams hold owners' rights (spec §7).
 * A team's {@code users} and a user's {@code teams} are the same {@code team --has--> user} edges.
 */
public final class TeamKind extends DeclaredKind<CreateTeam> {
  public static final String ORGANIZATION = "Organization";
  static final String PARENT_OF = "parentOf";

  /** The types, and which types each may have as parents and as children (OM's TeamRepository). */
  static final Map<String, List<String>> PARENT_TYPES =
      Map.of(
          "Group", List.of("Department", "Division", "BusinessUnit", ORGANIZATION),
          "Department", List.of("Department", "Division", "BusinessUnit", ORGANIZATION),
          "Division", List.of("Division", "BusinessUnit", ORGANIZATION),
          "BusinessUnit", List.of("BusinessUnit", ORGANIZATION),
          ORGANIZATION, List.of());

  static final Map<String, List<String>> CHILD_TYPES =
      Map.of(
          "Group", List.of(),
          "Department", List.of("Department", "Group"),
          "Division", List.of("Department", "Division", "Group"),
          "BusinessUnit", List.of("BusinessUnit", "Division", "Department", "Group"),
          ORGANIZATION, List.of("BusinessUnit", "Division", "Department", "Group"));

  private static final List<String> TYPES = List.of("Group", "Department", "Division", "BusinessUnit", ORGANIZATION);

  private static final Set<String> FIELDS =
      Set.of(
          "id", "name", "fullyQualifiedName", "displayName", "description", "teamType", "email", "externalId", "profile",
          "parents", "children", "users", "childrenCount", "userCount", "owns", "owners", "isJoinable", "defaultRoles",
          "inheritedRoles", "policies", "domains", "version", "updatedAt", "updatedBy", "href", "changeDescription",
          "incrementalChangeDescription", "deleted");

  static final RelationField PARENTS = RelationField.edges("parents", List.of("team"), true, PARENT_OF, true, Shape.IDS);
  static final RelationField CHILDREN = RelationField.edges("children", List.of("team"), true, PARENT_OF, false, Shape.IDS).asContainment();
  static final RelationField USERS = RelationField.edges("users", List.of("user"), true, RelationFields.HAS, false, Shape.IDS);

  private static final List<RelationField> RELATIONS =
      List.of(
          RelationFields.owners(),
          USERS,
          PARENTS,
          CHILDREN,
          // Roles and policies are not held here: a reference to one is unknown, as OM reports it.
          RelationField.edges("defaultRoles", List.of("role"), true, RelationFields.HAS, false, Shape.IDS),
          RelationField.edges("policies", List.of("policy"), true, RelationFields.HAS, false, Shape.IDS),
          RelationFields.domains());

  private static final List<Field> OWN_FIELDS =
      List.of(
          Field.replace("teamType"),
          Field.replace("email"),
          Field.replace("externalId"),
          Field.keep("isJoinable", BooleanNode.TRUE),
          Field.replace("profile"));

  public TeamKind() {
    super(
        new Identity("team", "teams", "team_entity"), CreateTeam.class,
        OWN_FIELDS, RELATIONS, FIELDS,
        Set.of("owners", "users", "parents", "children", "domains", "defaultRoles", "policies"));
  }

  @Override
  public void validate(CreateTeam request) {
    Names.requireNotNull("teamType", request.teamType());
    if (!TYPES.contains(request.teamType())) {
      throw ApiException.badRequest("teamType \"" + Names.abbreviate(request.teamType()) + "\" is not a team type; use one of " + TYPES);
    }
    if (request.teamType().equals("Group") && request.children() != null && !request.children().isEmpty()) {
      throw ApiException.badRequest("Team of type Group can't have children of type team. Only users are allowed as part of the team");
    }
  }

  /** A Group stays a Group: its members would otherwise lose their owner rights (OM's rule). */
  @Override
  public void applyCustom(ObjectNode current, ObjectNode next, ObjectNode request, Principal principal) {
    if (current != null && current.path("teamType").asText().equals("Group") && !next.path("teamType").asText().equals("Group")) {
      throw ApiException.badRequest("Team of type Group cannot be updated");
    }
  }

  /** A team without parents is under the Organization (OM keeps that implicit; here it is an edge like any other). */
  @Override
  public List<Link> defaultLinks(RelationField field, ObjectNode doc, Lookup lookup) {
    if (field != PARENTS || doc.path("teamType").asText().equals(ORGANIZATION)) {
      return null;
    }
    return lookup.byFqn("team", ORGANIZATION).map(List::of).orElse(null);
  }

  @Override
  public List<Link> shownWhenEmpty(RelationField field, Entity entity, Lookup lookup) {
    return defaultLinks(field, entity.doc(), lookup);
  }

  /** OM's hierarchy rules, with its messages. */
  @Override
  public void checkEntity(ObjectNode doc, Map<String, List<Link>> links, Lookup lookup) {
    String name = doc.path("name").asText();
    String type = doc.path("teamType").asText();
    if (type.equals(ORGANIZATION)) {
      lookup.byFqn("team", ORGANIZATION).filter(org -> !org.id().toString().equals(doc.path("id").asText())).ifPresent(org -> {
        throw ApiException.badRequest("Only one Organization is allowed. New Organization type can't be created");
      });
    }
    List<Link> parents = links.getOrDefault("parents", List.of());
    if (type.equals(ORGANIZATION) && !parents.isEmpty()) {
      throw ApiException.badRequest("Team of type Organization can't have a parent team");
    }
    if ((type.equals("Division") || type.equals("BusinessUnit")) && parents.size() > 1) {
      throw ApiException.badRequest("Team of type " + type + " can have only 1 parents");
    }
    for (Link parent : parents) {
      String parentType = teamType(parent);
      if (!PARENT_TYPES.get(type).contains(parentType)) {
        throw ApiException.badRequest(
            "Team " + parent.name() + " of type " + parentType + " can't be of parent of team " + name + " of type " + type);
      }
    }
    List<Link> children = links.getOrDefault("children", List.of());
    if (type.equals("Group") && !children.isEmpty()) {
      throw ApiException.badRequest("A team with children cannot be updated to type Group");
    }
    for (Link child : children) {
      String childType = teamType(child);
      if (!CHILD_TYPES.get(type).contains(childType)) {
        throw ApiException.badRequest("Team " + name + " of type " + type + " can't have child team " + child.name() + " of type " + childType);
      }
      if (child.id().toString().equals(doc.path("id").asText()) || parents.stream().anyMatch(p -> p.id().equals(child.id()))) {
        throw ApiException.badRequest("Invalid hierarchy: Team '" + name + "' cannot be its own parent");
      }
    }
    UUID self = UUID.fromString(doc.path("id").asText());
    Set<UUID> below = reach(self, "children", lookup);
    for (Link parent : parents) {
      if (parent.id().equals(self) || below.contains(parent.id())) {
        throw ApiException.badRequest(
            "Circular reference detected in hierarchy for Team '" + name + "'. The parent relationship creates a loop.");
      }
    }
    Set<UUID> above = reach(self, "parents", lookup);
    for (Link child : children) {
      if (above.contains(child.id())) {
        throw ApiException.badRequest("Circular reference detected: Team '" + child.name() + "' cannot be a child of '" + name
            + "' because it is already an ancestor in the hierarchy.");
      }
    }
  }

  /** Every team reached from {@code team} through {@code field} (children or parents), as stored. */
  private static Set<UUID> reach(UUID team, String field, Lookup lookup) {
    Set<UUID> seen = new HashSet<>();
    Deque<UUID> todo = new ArrayDeque<>(List.of(team));
    while (!todo.isEmpty()) {
      for (Link next : lookup.linksOf("team", todo.pop(), field)) {
        if (seen.add(next.id())) {
          todo.push(next.id());
        }
      }
    }
    return seen;
  }

  private static String teamType(Link team) {
    return team.target() == null ? "" : team.target().path("teamType").asText();
  }

  @Override
  public Set<String> computedFields() {
    return Set.of("userCount", "childrenCount");
  }

  /** {@code childrenCount}: live child teams; {@code userCount}: distinct live users in the team and every team below it. */
  @Override
  public JsonNode computed(String field, Entity entity, Lookup lookup) {
    if (field.equals("childrenCount")) {
      return IntNode.valueOf((int) lookup.linksOf("team", entity.id(), "children").stream().filter(l -> !l.deleted()).count());
    }
    Set<UUID> users = new HashSet<>();
    Set<UUID> seen = new HashSet<>();
    Deque<UUID> teams = new ArrayDeque<>(List.of(entity.id()));
    while (!teams.isEmpty()) {
      UUID team = teams.pop();
      if (!seen.add(team)) {
        continue;
      }
      lookup.linksOf("team", team, "users").stream().filter(l -> !l.deleted()).forEach(l -> users.add(l.id()));
      lookup.linksOf("team", team, "children").stream().filter(l -> !l.deleted()).forEach(l -> teams.push(l.id()));
    }
    return IntNode.valueOf(users.size());
  }

  @Override
  public Set<String> emptyListFields() {
    return Set.of("owns", "inheritedRoles");
  }

  @Override
  public String undeletable(Entity entity) {
    return entity.doc().path("teamType").asText().equals(ORGANIZATION) ? "Organization team type can't be deleted" : null;
  }

  @Override
  public List<ListFilter> listFilters() {
    return List.of(ListFilter.related("parentTeam", "parents"));
  }
}
