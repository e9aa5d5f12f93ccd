package meridian.core;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is calling: a user or bot of the catalog, as found in the user table for the token's
 * principal name. {@code id} is null only for {@link #SYSTEM}, the server's own bootstrap writes.
 * {@code sourceWins} is set only for an ingestion run with {@code overrideMetadata}: the bot's PUT
 * then replaces descriptions people wrote, as OpenMetadata's override does.
 */
public record Principal(UUID id, String name, boolean admin, boolean bot, boolean sourceWins) {
  public static final Principal SYSTEM = new Principal(null, "system", true, false);

  public Principal {
    Objects.requireNonNull(name, "name is null");
  }

  public Principal(UUID id, String name, boolean admin, boolean bot) {
    this(id, name, admin, bot, false);
  }

  /** This bot, writing with the source as the authority (overrideMetadata). */
  public Principal withSourceWins() {
    return new Principal(id, name, admin, bot, true);
  }

  /**
   * Whether this caller's PUT leaves a non-empty description people wrote as it is (OM's rule for a
   * bot, spec §5.2): a bot's, unless the source wins.
   */
  public boolean keepsCurated() {
    return bot && !sourceWins;
  }
}
