package meridian.core;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is calling: a user or bot of the catalog, as found in the user table for the token's
 * principal name. {@code id} is null only for {@link #SYSTEM}, the server's own bootstrap writes.
 */
public record Principal(UUID id, String name, boolean admin, boolean bot) {
  public static final Principal SYSTEM = new Principal(null, "system", true, false);

  public Principal {
    Objects.requireNonNull(name, "name is null");
  }
}
