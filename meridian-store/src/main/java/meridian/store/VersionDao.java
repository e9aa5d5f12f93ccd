package meridian.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/** SQL for {@code entity_version}: one row per superseded version of an entity. */
public final class VersionDao {
  /** One history row. */
  public record VersionRow(String entityType, UUID id, int versionTenths, String json) {}

  private final Dialect dialect;

  VersionDao(Dialect dialect) {
    this.dialect = dialect;
  }

  private static final RowMapper<VersionRow> MAPPER =
      (rs, ctx) ->
          new VersionRow(
              rs.getString("entity_type"), UUID.fromString(rs.getString("id")), rs.getInt("version_tenths"),
              rs.getString("json"));

  public void insert(Handle handle, Collection<VersionRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO entity_version (entity_type, id, version_tenths, json)"
                + " VALUES (:entityType, :id, :versionTenths, " + dialect.jsonValue("json") + ")");
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

  /** Every stored version of an entity, newest first. */
  public List<VersionRow> list(Handle handle, String entityType, UUID id) {
    return handle
        .createQuery(
            "SELECT entity_type, id, version_tenths, json FROM entity_version"
                + " WHERE entity_type = :t AND id = :id ORDER BY version_tenths DESC")
        .bind("t", entityType)
        .bind("id", id.toString())
        .map(MAPPER)
        .list();
  }

  public Optional<VersionRow> find(Handle handle, String entityType, UUID id, int versionTenths) {
    return handle
        .createQuery(
            "SELECT entity_type, id, version_tenths, json FROM entity_version"
                + " WHERE entity_type = :t AND id = :id AND version_tenths = :v")
        .bind("t", entityType)
        .bind("id", id.toString())
        .bind("v", versionTenths)
        .map(MAPPER)
        .findOne();
  }

  public void delete(Handle handle, String entityType, UUID id, int versionTenths) {
    handle
        .createUpdate("DELETE FROM entity_version WHERE entity_type = :t AND id = :id AND version_tenths = :v")
        .bind("t", entityType)
        .bind("id", id.toString())
        .bind("v", versionTenths)
        .execute();
  }

  /** Up to {@code limit} history rows in key order after the given one (all nulls: from the start). */
  public List<VersionRow> rowsAfter(Handle handle, VersionRow after, int limit) {
    if (after == null) {
      return handle
          .createQuery("SELECT entity_type, id, version_tenths, json FROM entity_version"
              + " ORDER BY entity_type, id, version_tenths LIMIT :limit")
          .bind("limit", limit)
          .map(MAPPER)
          .list();
    }
    return handle
        .createQuery(
            "SELECT entity_type, id, version_tenths, json FROM entity_version"
                + " WHERE entity_type > :t OR (entity_type = :t AND (id > :id OR (id = :id AND version_tenths > :v)))"
                + " ORDER BY entity_type, id, version_tenths LIMIT :limit")
        .bind("t", after.entityType())
        .bind("id", after.id().toString())
        .bind("v", after.versionTenths())
        .bind("limit", limit)
        .map(MAPPER)
        .list();
  }

  /** Replaces a history row's snapshot (a key rotation re-seals its secrets). */
  public void rewriteJson(Handle handle, VersionRow row, String json) {
    handle
        .createUpdate("UPDATE entity_version SET json = " + dialect.jsonValue("json") + " WHERE entity_type = :t AND id = :id AND version_tenths = :v")
        .bind("t", row.entityType())
        .bind("id", row.id().toString())
        .bind("v", row.versionTenths())
        .bind("json", json)
        .execute();
  }

  /** Every stored version of these entities (a hard delete). */
  public void deleteAll(Handle handle, String entityType, Collection<UUID> ids) {
    EntityDao.inChunks(ids.stream().map(UUID::toString).toList(), chunk -> {
      handle
          .createUpdate("DELETE FROM entity_version WHERE entity_type = :t AND id IN (<ids>)")
          .bind("t", entityType)
          .bindList("ids", chunk)
          .execute();
      return List.of();
    });
  }

}
