package meridian.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import meridian.store.rows.BulkJobRow;
import org.jdbi.v3.core.Handle;

/**
 * SQL for {@code bulk_job}: asynchronous bulk requests, their results, and the lease of the
 * replica running each. Every change of a running job is guarded by its runner, so a replica
 * that lost its lease (paused past it, then back) cannot finish a job another one took over.
 */
public final class BulkJobDao {
  private static final String COLUMNS =
      "id, entity_type, status, submitted_by, created_at, finished_at, result, request, runner, heartbeat_at";

  /** Handed out by {@link Database}. */
  BulkJobDao() {}

  public void insert(Handle handle, BulkJobRow row) {
    handle
        .createUpdate("INSERT INTO bulk_job (" + COLUMNS + ") VALUES (:id, :entityType, :status, :submittedBy, :createdAt,"
            + " :finishedAt, :result, :request, :runner, :heartbeatAt)")
        .bind("id", row.id().toString())
        .bind("entityType", row.entityType())
        .bind("status", row.status())
        .bind("submittedBy", row.submittedBy())
        .bind("createdAt", row.createdAt())
        .bind("finishedAt", row.finishedAt())
        .bind("result", row.result())
        .bind("request", row.request())
        .bind("runner", row.runner())
        .bind("heartbeatAt", row.heartbeatAt())
        .execute();
  }

  /** Records the result, if {@code runner} still holds the job; returns whether it did. */
  public boolean finish(Handle handle, UUID id, String runner, String status, long finishedAt, String result) {
    return handle
        .createUpdate("UPDATE bulk_job SET status = :status, finished_at = :finishedAt, result = :result, request = NULL"
            + " WHERE id = :id AND runner = :runner AND status = 'running'")
        .bind("id", id.toString())
        .bind("runner", runner)
        .bind("status", status)
        .bind("finishedAt", finishedAt)
        .bind("result", result)
        .execute() == 1;
  }

  /** Renews the lease of every job {@code runner} is running. */
  public void renew(Handle handle, String runner, long now) {
    handle
        .createUpdate("UPDATE bulk_job SET heartbeat_at = :now WHERE runner = :runner AND status = 'running'")
        .bind("runner", runner)
        .bind("now", now)
        .execute();
  }

  /** Running jobs whose lease ended before {@code before}: their runner is gone. */
  public List<BulkJobRow> expired(Handle handle, long before) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM bulk_job WHERE status = 'running' AND heartbeat_at < :before")
        .bind("before", before)
        .map((rs, ctx) -> row(rs))
        .list();
  }

  /**
   * Takes over an expired job: succeeds for exactly one replica, the one whose update still finds
   * the lease it read (runner and heartbeat unchanged).
   */
  public boolean claim(Handle handle, BulkJobRow expired, String runner, long now) {
    return handle
        .createUpdate("UPDATE bulk_job SET runner = :runner, heartbeat_at = :now"
            + " WHERE id = :id AND status = 'running' AND runner = :oldRunner AND heartbeat_at = :oldHeartbeat")
        .bind("id", expired.id().toString())
        .bind("runner", runner)
        .bind("now", now)
        .bind("oldRunner", expired.runner())
        .bind("oldHeartbeat", expired.heartbeatAt())
        .execute() == 1;
  }

  /** A job without its request (which may be large, and a poll has no use for it). */
  public Optional<BulkJobRow> find(Handle handle, UUID id) {
    return handle
        .createQuery("SELECT " + COLUMNS.replace("request", "NULL AS request") + " FROM bulk_job WHERE id = :id")
        .bind("id", id.toString())
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  private static BulkJobRow row(ResultSet rs) throws SQLException {
    return new BulkJobRow(
        UUID.fromString(rs.getString("id")),
        rs.getString("entity_type"),
        rs.getString("status"),
        rs.getString("submitted_by"),
        rs.getLong("created_at"),
        rs.getObject("finished_at") == null ? null : rs.getLong("finished_at"),
        rs.getString("result"),
        rs.getString("request"),
        rs.getString("runner"),
        rs.getObject("heartbeat_at") == null ? null : rs.getLong("heartbeat_at"));
  }
}
