package meridian.model.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/** OM's {@code api/teams/createUser.json}, the fields Meridian keeps (contract §3). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateUser(
    String name,
    String email,
    String displayName,
    String description,
    Boolean isAdmin,
    Boolean isBot,
    List<UUID> teams,
    List<UUID> roles,
    String timezone) {}
