package meridian.core.engine.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import meridian.store.PipelineStatusDao;

/** The store side of ingestion runs' statuses (OM's pipelineStatus): one document per (pipeline, runId), listed by time. */
public final class RunStatusStore {
  private final Store store;
  private final PipelineStatusDao statuses;

  public RunStatusStore(Store store) {
    this.store = store;
    this.statuses = store.database.pipelineStatuses();
  }

  /** Writes the status of {@code runId} and keeps only the newest {@code keep} of the pipeline; whether the run was new. */
  public boolean put(UUID pipeline, String runId, long timestamp, String json, int keep) {
    return put(pipeline, runId, timestamp, json, keep, tx -> {});
  }

  /**
   * The same, in one transaction with {@code first}, which may refuse it by throwing (a run's
   * worker writes its status only while its job is still its own: a kill in between wins).
   */
  public boolean put(UUID pipeline, String runId, long timestamp, String json, int keep, java.util.function.Consumer<Tx> first) {
    return store.write(null, tx -> {
      first.accept(tx);
      boolean created = statuses.upsert(tx.handle, pipeline, runId, timestamp, json);
      statuses.keepNewest(tx.handle, pipeline, keep);
      return created;
    });
  }

  public Optional<String> find(UUID pipeline, String runId) {
    return store.read(tx -> statuses.find(tx.handle, pipeline, runId));
  }

  public List<String> between(UUID pipeline, long from, long to, int limit) {
    return store.read(tx -> statuses.between(tx.handle, pipeline, from, to, limit));
  }

  public Optional<String> latest(UUID pipeline) {
    return store.read(tx -> statuses.latest(tx.handle, pipeline));
  }

  public int deleteAll(UUID pipeline) {
    return store.write(null, tx -> statuses.deleteAll(tx.handle, pipeline));
  }
}
