package meridian.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import meridian.store.rows.JobRow;
import org.jdbi.v3.core.Handle;

/**
 * SQL for {@code job}: long work, its progress and result, and the lease of the replica running
 * it. Every change of a running job is guarded by its runner, so a replica that lost its lease
 * (paused past it, then back) cannot finish or advance a job another one took over.
 */
public final class JobDao {
  private static final String COLUMNS =
      "id, kind, entity_type, target_id, state, submitted_by, created_at, finished_at, done, total, request, result, runner, heartbeat_at";

  /** Handed out by {@link Database}. */
  JobDao() {}

  public void insert(Handle handle, JobRow row) {
    handle
        .createUpdate("INSERT INTO job (" + COLUMNS + ") VALUES (:id, :kind, :entityType, :targetId, :state, :submittedBy,"
            + " :createdAt, :finishedAt, :done, :total, :request, :result, :runner, :heartbeatAt)")
        .bind("id", row.id().toString())
        .bind("kind", row.kind())
        .bind("entityType", row.entityType())
        .bind("targetId", row.targetId() == null ? null : row.targetId().toString())
        .bind("state", row.state())
        .bind("submittedBy", row.submittedBy())
        .bind("createdAt", row.createdAt())
        .bind("finishedAt", row.finishedAt())
        .bind("done", row.done())
        .bind("total", row.total())
        .bind("request", row.request())
        .bind("result", row.result())
        .bind("runner", row.runner())
        .bind("heartbeatAt", row.heartbeatAt())
        .execute();
  }

  /** Records the end, if {@code runner} still holds the job; returns whether it did. The request is dropped then. */
  public boolean finish(Handle handle, UUID id, String runner, String state, long finishedAt, long done, String result) {
    return handle
        .createUpdate("UPDATE job SET state = :state, finished_at = :finishedAt, done = :done, result = :result, request = NULL"
            + " WHERE id = :id AND runner = :runner AND state = 'running'")
        .bind("id", id.toString())
        .bind("runner", runner)
        .bind("state", state)
        .bind("finishedAt", finishedAt)
        .bind("done", done)
        .bind("result", result)
        .execute() == 1;
  }

  /**
   * Ends a running job as failed whoever runs it (a kill); returns whether it was running. Its
   * runner finds out at its next progress or finish, which no longer match.
   */
  public boolean cancel(Handle handle, UUID id, long finishedAt, String result) {
    return handle
        .createUpdate("UPDATE job SET state = 'failed', finished_at = :finishedAt, result = :result, request = NULL"
            + " WHERE id = :id AND state = 'running'")
        .bind("id", id.toString())
        .bind("finishedAt", finishedAt)
        .bind("result", result)
        .execute() == 1;
  }

  /**
   * Ends as failed every running job of {@code kind} on {@code targetId}, whoever runs them (the
   * runs of an ingestion pipeline being deleted, not the job deleting it); returns how many.
   */
  public int cancelAllOn(Handle handle, String kind, UUID targetId, long finishedAt, String result) {
    return handle
        .createUpdate("UPDATE job SET state = 'failed', finished_at = :finishedAt, result = :result, request = NULL"
            + " WHERE target_id = :target AND kind = :kind AND state = 'running'")
        .bind("target", targetId.toString())
        .bind("kind", kind)
        .bind("finishedAt", finishedAt)
        .bind("result", result)
        .execute();
  }

  /** Records progress, if {@code runner} still holds the job; returns whether it did. */
  public boolean progress(Handle handle, UUID id, String runner, long done, long total) {
    return handle
        .createUpdate("UPDATE job SET done = :done, total = :total WHERE id = :id AND runner = :runner AND state = 'running'")
        .bind("id", id.toString())
        .bind("runner", runner)
        .bind("done", done)
        .bind("total", total)
        .execute() == 1;
  }

  /** Renews the lease of every job {@code runner} is running. */
  public void renew(Handle handle, String runner, long now) {
    handle
        .createUpdate("UPDATE job SET heartbeat_at = :now WHERE runner = :runner AND state = 'running'")
        .bind("runner", runner)
        .bind("now", now)
        .execute();
  }

  /** Running jobs whose lease ended before {@code before}: their runner is gone. With their requests. */
  public List<JobRow> expired(Handle handle, long before) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM job WHERE state = 'running' AND heartbeat_at < :before")
        .bind("before", before)
        .map((rs, ctx) -> row(rs))
        .list();
  }

  /**
   * Takes over an expired job: succeeds for exactly one replica, the one whose update still finds
   * the lease it read (runner and heartbeat unchanged).
   */
  public boolean claim(Handle handle, JobRow expired, String runner, long now) {
    return handle
        .createUpdate("UPDATE job SET runner = :runner, heartbeat_at = :now"
            + " WHERE id = :id AND state = 'running' AND runner = :oldRunner AND heartbeat_at = :oldHeartbeat")
        .bind("id", expired.id().toString())
        .bind("runner", runner)
        .bind("now", now)
        .bind("oldRunner", expired.runner())
        .bind("oldHeartbeat", expired.heartbeatAt())
        .execute() == 1;
  }

  /** A job without its request (which may be large, and a poll has no use for it). */
  public Optional<JobRow> find(Handle handle, UUID id) {
    return handle
        .createQuery("SELECT " + COLUMNS.replace("request", "NULL AS request") + " FROM job WHERE id = :id")
        .bind("id", id.toString())
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  /** The running jobs of {@code kind} on any of these entities (a recursive delete of an ancestor), without requests. */
  public List<JobRow> runningOn(Handle handle, String kind, Collection<UUID> targets) {
    return EntityDao.inChunks(targets.stream().map(UUID::toString).distinct().toList(), chunk ->
        handle
            .createQuery("SELECT " + COLUMNS.replace("request", "NULL AS request") + " FROM job"
                + " WHERE target_id IN (<ids>) AND state = 'running' AND kind = :kind")
            .bindList("ids", chunk)
            .bind("kind", kind)
            .map((rs, ctx) -> row(rs))
            .list());
  }

  /** The SQL of {@link #runningOn} for one target, for tests that look at its plan. */
  public static String runningOnSql() {
    return "SELECT id FROM job WHERE target_id IN (:id) AND state = 'running' AND kind = :kind";
  }

  private static JobRow row(ResultSet rs) throws SQLException {
    return new JobRow(
        UUID.fromString(rs.getString("id")),
        rs.getString("kind"),
        rs.getString("entity_type"),
        rs.getString("target_id") == null ? null : UUID.fromString(rs.getString("target_id")),
        rs.getString("state"),
        rs.getString("submitted_by"),
        rs.getLong("created_at"),
        rs.getObject("finished_at") == null ? null : rs.getLong("finished_at"),
        rs.getLong("done"),
        rs.getLong("total"),
        rs.getString("request"),
        rs.getString("result"),
        rs.getString("runner"),
        rs.getObject("heartbeat_at") == null ? null : rs.getLong("heartbeat_at"));
  }
}
