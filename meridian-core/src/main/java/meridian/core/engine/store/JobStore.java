package meridian.core.engine.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import meridian.store.JobDao;
import meridian.store.rows.JobRow;

/** The store side of {@link meridian.core.engine.jobs.Jobs}: job rows in, out and guarded by their runner. */
public final class JobStore {
  /** One job as the engine sees it (see {@code JobRow}). */
  public record Job(
      UUID id, String kind, String entityType, UUID targetId, String state, String submittedBy, long createdAt, Long finishedAt,
      long done, long total, String request, String result, String runner, Long heartbeatAt) {}

  private final JobDao jobs;

  public JobStore(Store store) {
    this.jobs = store.database.jobs();
  }

  public void insert(Tx tx, Job job) {
    jobs.insert(tx.handle, new JobRow(job.id(), job.kind(), job.entityType(), job.targetId(), job.state(), job.submittedBy(),
        job.createdAt(), job.finishedAt(), job.done(), job.total(), job.request(), job.result(), job.runner(), job.heartbeatAt()));
  }

  public boolean finish(Tx tx, UUID id, String runner, String state, long finishedAt, long done, String result) {
    return jobs.finish(tx.handle, id, runner, state, finishedAt, done, result);
  }

  public boolean cancel(Tx tx, UUID id, long finishedAt, String result) {
    return jobs.cancel(tx.handle, id, finishedAt, result);
  }

  public boolean progress(Tx tx, UUID id, String runner, long done, long total) {
    return jobs.progress(tx.handle, id, runner, done, total);
  }

  public void renew(Tx tx, String runner, long now) {
    jobs.renew(tx.handle, runner, now);
  }

  public List<Job> expired(Tx tx, long before) {
    return jobs.expired(tx.handle, before).stream().map(JobStore::job).toList();
  }

  public boolean claim(Tx tx, Job expired, String runner, long now) {
    return jobs.claim(tx.handle, row(expired), runner, now);
  }

  public Optional<Job> find(Tx tx, UUID id) {
    return jobs.find(tx.handle, id).map(JobStore::job);
  }

  /** The running jobs of {@code kind} on any of these entities. */
  public List<Job> runningOn(Tx tx, String kind, Collection<UUID> targets) {
    return targets.isEmpty() ? List.of() : jobs.runningOn(tx.handle, kind, targets).stream().map(JobStore::job).toList();
  }

  private static Job job(JobRow r) {
    return new Job(r.id(), r.kind(), r.entityType(), r.targetId(), r.state(), r.submittedBy(), r.createdAt(), r.finishedAt(), r.done(),
        r.total(), r.request(), r.result(), r.runner(), r.heartbeatAt());
  }

  private static JobRow row(Job j) {
    return new JobRow(j.id(), j.kind(), j.entityType(), j.targetId(), j.state(), j.submittedBy(), j.createdAt(), j.finishedAt(), j.done(),
        j.total(), j.request(), j.result(), j.runner(), j.heartbeatAt());
  }
}
