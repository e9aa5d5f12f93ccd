package meridian.store;

import java.util.Collection;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** SQL for {@code entity_version}: one row per superseded version of an entity. */
public final class VersionDao {
  /** One history row. */
  public record VersionRow(String entityType, UUID id, int versionTenths, String json) {}

  public void insert(Handle handle, Collection<VersionRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO entity_version (entity_type, id, version_tenths, json)"
                + " VALUES (:entityType, :id, :versionTenths, :json)");
    for (VersionRow row : rows) {
      batch
          .bind("entityType", row.entityType())
          .bind("id", row.id().toString())
          .bind("versionTenths", row.versionTenths())
          .bind("json", row.json())
          .add();
    }
    batch.execute();
  }

  public int count(Handle handle, String entityType, UUID id) {
    return handle
        .createQuery("SELECT COUNT(*) FROM entity_version WHERE entity_type = :t AND id = :id")
        .bind("t", entityType)
        .bind("id", id.toString())
        .mapTo(Integer.class)
        .one();
  }
}
