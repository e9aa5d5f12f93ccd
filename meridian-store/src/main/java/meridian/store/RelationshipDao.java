package meridian.store;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import meridian.store.rows.RelationshipRow;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/** SQL for {@code entity_relationship}, the edge table (owners today; containment later). */
public final class RelationshipDao {
  private static final RowMapper<RelationshipRow> MAPPER =
      (rs, ctx) ->
          new RelationshipRow(
              UUID.fromString(rs.getString("from_id")),
              rs.getString("from_type"),
              UUID.fromString(rs.getString("to_id")),
              rs.getString("to_type"),
              rs.getString("relation"));

  /** Edges pointing at any of {@code toIds} with the given relation. */
  public List<RelationshipRow> findTo(Handle handle, Collection<UUID> toIds, String relation) {
    List<String> keys = toIds.stream().map(UUID::toString).toList();
    return EntityDao.inChunks(keys, chunk ->
        handle
            .createQuery(
                "SELECT from_id, from_type, to_id, to_type, relation FROM entity_relationship"
                    + " WHERE to_id IN (<ids>) AND relation = :relation")
            .bindList("ids", chunk)
            .bind("relation", relation)
            .map(MAPPER)
            .list());
  }

  public void deleteTo(Handle handle, Collection<UUID> toIds, String relation) {
    List<String> keys = toIds.stream().map(UUID::toString).toList();
    EntityDao.inChunks(keys, chunk -> {
      handle
          .createUpdate("DELETE FROM entity_relationship WHERE to_id IN (<ids>) AND relation = :relation")
          .bindList("ids", chunk)
          .bind("relation", relation)
          .execute();
      return List.of();
    });
  }

  /** Every edge from or to the entity: what a hard delete removes. */
  public void deleteAllOf(Handle handle, UUID id) {
    handle
        .createUpdate("DELETE FROM entity_relationship WHERE from_id = :id OR to_id = :id")
        .bind("id", id.toString())
        .execute();
  }

  public void insert(Handle handle, Collection<RelationshipRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO entity_relationship (from_id, from_type, to_id, to_type, relation)"
                + " VALUES (:fromId, :fromType, :toId, :toType, :relation)");
    for (RelationshipRow row : rows) {
      batch
          .bind("fromId", row.fromId().toString())
          .bind("fromType", row.fromType())
          .bind("toId", row.toId().toString())
          .bind("toType", row.toType())
          .bind("relation", row.relation())
          .add();
    }
    batch.execute();
  }
}
