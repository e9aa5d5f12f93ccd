package meridian.core.features.auth;

import java.util.Optional;
import java.util.UUID;
import meridian.core.Principal;
import meridian.core.engine.Target;
import meridian.core.engine.read.EntityQueries;
import meridian.core.engine.read.Fields;
import meridian.core.errors.ApiException;
import meridian.model.Include;
import meridian.model.users.CreateUser;

/**
 * From an {@code Authorization} header to a {@link Principal}: the token must verify and name an
 * existing, non-deleted user or bot. Admin and bot flags come from the user row, read on every
 * request, so a change is seen at once by every replica.
 */
public final class Authenticator {
  private final TokenService tokens;
  private final EntityQueries<CreateUser> users;

  public Authenticator(TokenService tokens, EntityQueries<CreateUser> users) {
    this.tokens = tokens;
    this.users = users;
  }

  public Principal authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || authorization.substring(7).isBlank()) {
      throw ApiException.unauthorized("Not Authorized! Token not present");
    }
    String name = tokens.verify(authorization.substring(7).trim());
    return principalOf(name).orElseThrow(() -> ApiException.unauthorized("Not Authorized! User " + name + " does not exist"));
  }

  /** The existing, non-deleted user or bot of this name as a principal, with its flags as stored now. */
  public Optional<Principal> principalOf(String name) {
    return users.find(Target.byName(name), Include.NON_DELETED, Fields.NONE)
        .map(user -> new Principal(
            UUID.fromString(user.doc().get("id").asText()), user.name(), user.doc().path("isAdmin").asBoolean(),
            user.doc().path("isBot").asBoolean()));
  }
}
