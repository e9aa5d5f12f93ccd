package meridian.model.teams;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import meridian.model.EntityReference;

/**
 * OM's {@code api/teams/createTeam.json}: {@code teamType} is required; parents, children, users,
 * default roles and policies are ids; owners are references; domains are FQNs. {@code teamType}
 * stays a string so that a wrong value gets a message naming the field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateTeam(
    String name,
    String displayName,
    String description,
    String teamType,
    String email,
    String externalId,
    Boolean isJoinable,
    ObjectNode profile,
    List<UUID> parents,
    List<UUID> children,
    List<UUID> users,
    List<UUID> defaultRoles,
    List<UUID> policies,
    List<EntityReference> owners,
    List<String> domains) {}
