package meridian.core.features.auth;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import meridian.core.Principal;
import meridian.core.engine.Target;
import meridian.core.engine.read.EntityQueries;
import meridian.core.engine.read.Fields;
import meridian.core.errors.ApiException;
import meridian.model.Include;
import meridian.model.users.CreateUser;

/**
 * From an {@code Authorization} header to a {@link Principal}: the token must verify and name an
 * existing, non-deleted user or bot. Admin and bot flags come from the user row, checked on every
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
    // The user's row is probed on every request (its id, row version and deleted flag: one index
    // read, no document); the principal made from its document is kept only while that row version
    // stands, so a change to the user on any replica is seen by the next request here.
    Optional<EntityQueries.Stamp> stamp = users.stamp(name);
    if (stamp.isEmpty() || stamp.get().deleted()) {
      known.remove(name);
      return Optional.empty();
    }
    Known seen = known.get(name);
    if (seen != null && seen.stamp().equals(stamp.get())) {
      return Optional.of(seen.principal());
    }
    Optional<Principal> principal = users.find(Target.byName(name), Include.NON_DELETED, Fields.NONE)
        .map(user -> new Principal(
            UUID.fromString(user.doc().get("id").asText()), user.name(), user.doc().path("isAdmin").asBoolean(),
            user.doc().path("isBot").asBoolean()));
    // Keyed by the stamp read before the document: if the row moved in between, the next request
    // sees a newer stamp and reads the document again; never the other way round.
    principal.ifPresent(p -> {
      if (known.size() >= MAX_KNOWN) {
        known.clear();
      }
      known.put(name, new Known(stamp.get(), p));
    });
    return principal;
  }

  private record Known(EntityQueries.Stamp stamp, Principal principal) {}

  private static final int MAX_KNOWN = 10_000;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
}
