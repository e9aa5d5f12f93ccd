package meridian.store;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import meridian.store.rows.TagUsageRow;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/** SQL for {@code tag_usage}: the tag labels applied to entities. */
public final class TagUsageDao {
  private static final RowMapper<TagUsageRow> MAPPER =
      (rs, ctx) ->
          new TagUsageRow(
              UUID.fromString(rs.getString("target_id")),
              rs.getString("target_type"),
              rs.getString("tag_fqn"),
              rs.getInt("position"),
              rs.getString("label_json"));

  public List<TagUsageRow> findByTargets(Handle handle, Collection<UUID> targetIds) {
    List<String> keys = targetIds.stream().map(UUID::toString).toList();
    return EntityDao.inChunks(keys, chunk ->
        handle
            .createQuery(
                "SELECT target_id, target_type, tag_fqn, position, label_json FROM tag_usage"
                    + " WHERE target_id IN (<ids>) ORDER BY target_id, position")
            .bindList("ids", chunk)
            .map(MAPPER)
            .list());
  }

  public void deleteByTargets(Handle handle, Collection<UUID> targetIds) {
    List<String> keys = targetIds.stream().map(UUID::toString).toList();
    EntityDao.inChunks(keys, chunk -> {
      handle.createUpdate("DELETE FROM tag_usage WHERE target_id IN (<ids>)").bindList("ids", chunk).execute();
      return List.of();
    });
  }

  public void insert(Handle handle, Collection<TagUsageRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO tag_usage (target_id, target_type, tag_fqn, position, label_json)"
                + " VALUES (:targetId, :targetType, :tagFqn, :position, :labelJson)");
    for (TagUsageRow row : rows) {
      batch
          .bind("targetId", row.targetId().toString())
          .bind("targetType", row.targetType())
          .bind("tagFqn", row.tagFqn())
          .bind("position", row.position())
          .bind("labelJson", row.labelJson())
          .add();
    }
    batch.execute();
  }
}
