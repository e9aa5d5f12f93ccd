package meridian.store.rows;

import java.util.Objects;
import java.util.UUID;

/**
 * One row of an entity table: the JSON document plus the columns the store needs to find, page,
 * guard and version it (ARCHITECTURE §3). {@code parentId} is the containing entity's id (a
 * table's schema), null for a root entity (a service).
 */
public record EntityRow(
    UUID id,
    String name,
    String fqnHash,
    UUID parentId,
    String json,
    int versionTenths,
    int rowVersion,
    boolean deleted,
    long updatedAt,
    String updatedBy) {
  public EntityRow {
    Objects.requireNonNull(id, "id is null");
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(fqnHash, "fqnHash is null");
    Objects.requireNonNull(json, "json is null");
  }
}
