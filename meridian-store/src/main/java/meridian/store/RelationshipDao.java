package meridian.store;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import meridian.store.rows.RelationshipRow;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * SQL for {@code entity_relationship}, the edge table: {@code from --relation--> to}. Every
 * relation field of every kind (owners, domains, followers, a team's users, a domain's parent, …)
 * is a set of edges with one relation name between two kinds; a field reads and replaces its
 * edges from one end, filtered by the kinds at the other end.
 */
public final class RelationshipDao {
  /** Handed out by {@link Database}. */
  RelationshipDao() {}

  private static final RowMapper<RelationshipRow> MAPPER =
      (rs, ctx) ->
          new RelationshipRow(
              UUID.fromString(rs.getString("from_id")),
              rs.getString("from_type"),
              UUID.fromString(rs.getString("to_id")),
              rs.getString("to_type"),
              rs.getString("relation"));

  private static final String COLUMNS = "from_id, from_type, to_id, to_type, relation";

  /** Edges {@code (any of fromTypes) --relation--> (any of toIds)}. */
  public List<RelationshipRow> findTo(Handle handle, Collection<UUID> toIds, String relation, Collection<String> fromTypes) {
    return EntityDao.inChunks(ids(toIds), chunk ->
        handle
            .createQuery("SELECT " + COLUMNS + " FROM entity_relationship"
                + " WHERE to_id IN (<ids>) AND relation = :relation AND from_type IN (<types>)")
            .bindList("ids", chunk)
            .bindList("types", List.copyOf(fromTypes))
            .bind("relation", relation)
            .map(MAPPER)
            .list());
  }

  /** Edges {@code (any of fromIds) --relation--> (any of toTypes)}. */
  public List<RelationshipRow> findFrom(Handle handle, Collection<UUID> fromIds, String relation, Collection<String> toTypes) {
    return EntityDao.inChunks(ids(fromIds), chunk ->
        handle
            .createQuery("SELECT " + COLUMNS + " FROM entity_relationship"
                + " WHERE from_id IN (<ids>) AND relation = :relation AND to_type IN (<types>)")
            .bindList("ids", chunk)
            .bindList("types", List.copyOf(toTypes))
            .bind("relation", relation)
            .map(MAPPER)
            .list());
  }

  public void deleteTo(Handle handle, Collection<UUID> toIds, String relation, Collection<String> fromTypes) {
    EntityDao.inChunks(ids(toIds), chunk -> {
      handle
          .createUpdate("DELETE FROM entity_relationship WHERE to_id IN (<ids>) AND relation = :relation AND from_type IN (<types>)")
          .bindList("ids", chunk)
          .bindList("types", List.copyOf(fromTypes))
          .bind("relation", relation)
          .execute();
      return List.of();
    });
  }

  public void deleteFrom(Handle handle, Collection<UUID> fromIds, String relation, Collection<String> toTypes) {
    EntityDao.inChunks(ids(fromIds), chunk -> {
      handle
          .createUpdate("DELETE FROM entity_relationship WHERE from_id IN (<ids>) AND relation = :relation AND to_type IN (<types>)")
          .bindList("ids", chunk)
          .bindList("types", List.copyOf(toTypes))
          .bind("relation", relation)
          .execute();
      return List.of();
    });
  }

  /** Every edge from or to these entities: what a hard delete removes (each side read through its own index). */
  public void deleteAllOf(Handle handle, Collection<UUID> ids) {
    EntityDao.inChunks(ids(ids), chunk -> {
      handle.createUpdate("DELETE FROM entity_relationship WHERE from_id IN (<ids>)").bindList("ids", chunk).execute();
      handle.createUpdate("DELETE FROM entity_relationship WHERE to_id IN (<ids>)").bindList("ids", chunk).execute();
      return List.of();
    });
  }

  public void insert(Handle handle, Collection<RelationshipRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO entity_relationship (" + COLUMNS + ") VALUES (:fromId, :fromType, :toId, :toType, :relation)");
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

  private static List<String> ids(Collection<UUID> ids) {
    return ids.stream().map(UUID::toString).distinct().toList();
  }
}
