package meridian.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * SQL for {@code pipeline_status}: the status of each run of an ingestion pipeline (OM's
 * pipelineStatus), one row per (pipeline, runId), its document kept as written and listed by its
 * {@code timestamp}.
 */
public final class PipelineStatusDao {
  /** The dialect's form of the {@code :json} parameter for a JSON column. */
  private final String jsonValue;

  /** Handed out by {@link Database}. */
  PipelineStatusDao(Dialect dialect) {
    this.jsonValue = dialect.jsonValue("json");
  }

  /** Writes the status of {@code runId}, replacing the one stored for it; returns whether it was new. */
  public boolean upsert(Handle handle, UUID pipeline, String runId, long timestamp, String json) {
    int updated = handle.createUpdate("UPDATE pipeline_status SET ts = :ts, json = " + jsonValue + " WHERE pipeline_id = :pipeline AND run_id = :run")
        .bind("pipeline", pipeline.toString()).bind("run", runId).bind("ts", timestamp).bind("json", json).execute();
    if (updated > 0) {
      return false;
    }
    handle.createUpdate("INSERT INTO pipeline_status (pipeline_id, run_id, ts, json) VALUES (:pipeline, :run, :ts, " + jsonValue + ")")
        .bind("pipeline", pipeline.toString()).bind("run", runId).bind("ts", timestamp).bind("json", json).execute();
    return true;
  }

  public Optional<String> find(Handle handle, UUID pipeline, String runId) {
    return handle.createQuery("SELECT json FROM pipeline_status WHERE pipeline_id = :pipeline AND run_id = :run")
        .bind("pipeline", pipeline.toString()).bind("run", runId).mapTo(String.class).findOne();
  }

  /** The statuses with {@code from <= timestamp <= to}, oldest first, at most {@code limit}. */
  public List<String> between(Handle handle, UUID pipeline, long from, long to, int limit) {
    return handle.createQuery("SELECT json FROM pipeline_status WHERE pipeline_id = :pipeline AND ts >= :from AND ts <= :to"
            + " ORDER BY ts, run_id LIMIT :limit")
        .bind("pipeline", pipeline.toString()).bind("from", from).bind("to", to).bind("limit", limit)
        .mapTo(String.class).list();
  }

  /** The newest status by timestamp, if any. */
  public Optional<String> latest(Handle handle, UUID pipeline) {
    return handle.createQuery("SELECT json FROM pipeline_status WHERE pipeline_id = :pipeline ORDER BY ts DESC, run_id DESC LIMIT 1")
        .bind("pipeline", pipeline.toString()).mapTo(String.class).findOne();
  }

  /** Drops all but the newest {@code keep} statuses of the pipeline; returns how many went. */
  public int keepNewest(Handle handle, UUID pipeline, int keep) {
    List<java.util.Map<String, Object>> cut = handle
        .createQuery("SELECT ts, run_id FROM pipeline_status WHERE pipeline_id = :pipeline ORDER BY ts DESC, run_id DESC LIMIT 1 OFFSET :keep")
        .bind("pipeline", pipeline.toString()).bind("keep", keep).mapToMap().list();
    if (cut.isEmpty()) {
      return 0;
    }
    long ts = ((Number) cut.get(0).get("ts")).longValue();
    String run = (String) cut.get(0).get("run_id");
    return handle.createUpdate("DELETE FROM pipeline_status WHERE pipeline_id = :pipeline AND (ts < :ts OR (ts = :ts AND run_id <= :run))")
        .bind("pipeline", pipeline.toString()).bind("ts", ts).bind("run", run).execute();
  }

  public int deleteAll(Handle handle, UUID pipeline) {
    return handle.createUpdate("DELETE FROM pipeline_status WHERE pipeline_id = :pipeline").bind("pipeline", pipeline.toString()).execute();
  }
}
