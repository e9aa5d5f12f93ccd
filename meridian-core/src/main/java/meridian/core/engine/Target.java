package meridian.core.engine;

import java.util.UUID;

/** Which entity a request names: by id, or by FQN as written in a URL (spec §1.4). */
public record Target(UUID id, String fqn) {
  public static Target byId(UUID id) {
    return new Target(id, null);
  }

  public static Target byName(String fqn) {
    return new Target(null, fqn);
  }

  /** What the 404 message names. */
  public Object key() {
    return id != null ? id : fqn;
  }
}
