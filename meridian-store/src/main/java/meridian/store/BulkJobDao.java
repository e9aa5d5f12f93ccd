package meridian.store;

import java.util.Optional;
import java.util.UUID;
import meridian.store.rows.BulkJobRow;
import org.jdbi.v3.core.Handle;

/** SQL for {@code bulk_job}: asynchronous bulk requests and their results. */
public final class BulkJobDao {
  /** Handed out by {@link Database}. */
  BulkJobDao() {}

  public void insert(Handle handle, BulkJobRow row) {
    handle
        .createUpdate(
            "INSERT INTO bulk_job (id, entity_type, status, submitted_by, created_at, finished_at, result)"
                + " VALUES (:id, :entityType, :status, :submittedBy, :createdAt, :finishedAt, :result)")
        .bind("id", row.id().toString())
        .bind("entityType", row.entityType())
        .bind("status", row.status())
        .bind("submittedBy", row.submittedBy())
        .bind("createdAt", row.createdAt())
        .bind("finishedAt", row.finishedAt())
        .bind("result", row.result())
        .execute();
  }

  public void finish(Handle handle, UUID id, String status, long finishedAt, String result) {
    handle
        .createUpdate("UPDATE bulk_job SET status = :status, finished_at = :finishedAt, result = :result WHERE id = :id")
        .bind("id", id.toString())
        .bind("status", status)
        .bind("finishedAt", finishedAt)
        .bind("result", result)
        .execute();
  }

  public Optional<BulkJobRow> find(Handle handle, UUID id) {
    return handle
        .createQuery(
            "SELECT id, entity_type, status, submitted_by, created_at, finished_at, result FROM bulk_job WHERE id = :id")
        .bind("id", id.toString())
        .map(
            (rs, ctx) ->
                new BulkJobRow(
                    UUID.fromString(rs.getString("id")),
                    rs.getString("entity_type"),
                    rs.getString("status"),
                    rs.getString("submitted_by"),
                    rs.getLong("created_at"),
                    rs.getObject("finished_at") == null ? null : rs.getLong("finished_at"),
                    rs.getString("result")))
        .findOne();
  }
}
