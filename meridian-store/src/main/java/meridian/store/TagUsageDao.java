package meridian.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import meridian.store.rows.TagUsageRow;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * SQL for {@code tag_usage_by_field}: which tags are applied to which entities, or to which part of
 * one (a table's column: {@code fieldHash}; "" for the entity itself), with the label's own
 * attributes (source, label type, state). Tags are referenced by id, so a renamed tag is seen
 * renamed on every entity at once.
 */
public final class TagUsageDao {
  /** Handed out by {@link Database}. */
  TagUsageDao() {}

  private static final RowMapper<TagUsageRow> MAPPER =
      (rs, ctx) ->
          new TagUsageRow(
              UUID.fromString(rs.getString("target_id")),
              rs.getString("target_type"),
              rs.getString("field_hash"),
              UUID.fromString(rs.getString("tag_id")),
              rs.getString("source"),
              rs.getString("label_type"),
              rs.getString("state"));

  public List<TagUsageRow> findByTargets(Handle handle, Collection<UUID> targetIds) {
    return EntityDao.inChunks(ids(targetIds), chunk ->
        handle
            .createQuery("SELECT target_id, target_type, field_hash, tag_id, source, label_type, state FROM tag_usage_by_field"
                + " WHERE target_id IN (<ids>) AND field_hash = ''")
            .bindList("ids", chunk)
            .map(MAPPER)
            .list());
  }

  /** The tags of the parts of these entities (a table's columns), not of the entities themselves. */
  public List<TagUsageRow> findFieldTags(Handle handle, Collection<UUID> targetIds) {
    return EntityDao.inChunks(ids(targetIds), chunk ->
        handle
            .createQuery("SELECT target_id, target_type, field_hash, tag_id, source, label_type, state FROM tag_usage_by_field"
                + " WHERE target_id IN (<ids>) AND field_hash <> ''")
            .bindList("ids", chunk)
            .map(MAPPER)
            .list());
  }

  /** Removes the tags of these entities themselves (field "") or of their parts (every other field). */
  public void deleteByTargets(Handle handle, Collection<UUID> targetIds, boolean parts) {
    EntityDao.inChunks(ids(targetIds), chunk -> {
      handle.createUpdate("DELETE FROM tag_usage_by_field WHERE target_id IN (<ids>) AND field_hash " + (parts ? "<> ''" : "= ''"))
          .bindList("ids", chunk).execute();
      return List.of();
    });
  }

  /** Removes every tag of these entities and of their parts (a hard delete). */
  public void deleteAllOf(Handle handle, Collection<UUID> targetIds) {
    EntityDao.inChunks(ids(targetIds), chunk -> {
      handle.createUpdate("DELETE FROM tag_usage_by_field WHERE target_id IN (<ids>)").bindList("ids", chunk).execute();
      return List.of();
    });
  }

  /** Removes a tag from every entity that carries it (the tag is gone). */
  public void deleteByTag(Handle handle, UUID tagId) {
    handle.createUpdate("DELETE FROM tag_usage_by_field WHERE tag_id = :id").bind("id", tagId.toString()).execute();
  }

  /** The ids of the entities that carry {@code tagId}. */
  public List<UUID> targetsOf(Handle handle, UUID tagId) {
    return handle
        .createQuery("SELECT target_id FROM tag_usage_by_field WHERE tag_id = :id")
        .bind("id", tagId.toString())
        .map((rs, ctx) -> UUID.fromString(rs.getString(1)))
        .list();
  }

  /** How many entities carry each of {@code tagIds} (absent: none). */
  public Map<UUID, Integer> countByTags(Handle handle, Collection<UUID> tagIds) {
    Map<UUID, Integer> counts = new HashMap<>();
    EntityDao.inChunks(ids(tagIds), chunk -> {
      handle
          .createQuery("SELECT tag_id, COUNT(*) AS n FROM tag_usage_by_field WHERE tag_id IN (<ids>) GROUP BY tag_id")
          .bindList("ids", chunk)
          .map((rs, ctx) -> Map.entry(UUID.fromString(rs.getString("tag_id")), rs.getInt("n")))
          .forEach(e -> counts.put(e.getKey(), e.getValue()));
      return List.of();
    });
    return counts;
  }

  public void insert(Handle handle, Collection<TagUsageRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO tag_usage_by_field (target_id, target_type, field_hash, tag_id, source, label_type, state)"
                + " VALUES (:targetId, :targetType, :fieldHash, :tagId, :source, :labelType, :state)");
    for (TagUsageRow row : rows) {
      batch
          .bind("targetId", row.targetId().toString())
          .bind("targetType", row.targetType())
          .bind("fieldHash", row.fieldHash())
          .bind("tagId", row.tagId().toString())
          .bind("source", row.source())
          .bind("labelType", row.labelType())
          .bind("state", row.state())
          .add();
    }
    batch.execute();
  }

  private static List<String> ids(Collection<UUID> ids) {
    return ids.stream().map(UUID::toString).distinct().toList();
  }
}
