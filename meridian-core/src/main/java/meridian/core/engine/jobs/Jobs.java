package meridian.core.engine.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import meridian.core.Json;
import meridian.core.Principal;
import meridian.core.engine.store.JobStore;
import meridian.core.engine.store.Store;
import meridian.core.engine.store.Tx;
import meridian.core.errors.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mechanism for long work (ARCHITECTURE §7): bulk upserts, recursive deletes and restores
 * (and, later, CSV and ingestion runs). A job's state, progress, request and the lease of the
 * replica running it are rows in the store, so any replica reports it ({@code /api/v1/jobs/{id}})
 * and, when the replica running it dies (its lease runs out), another one takes it over and runs it
 * again from its request, as the user who submitted it: every kind of job is written to be run
 * again (bulk upserts are idempotent; a subtree walk finds what is left to do).
 */
public final class Jobs {
  private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

  /** How long a runner's lease on a job lasts without renewal; past it another replica takes the job over. */
  public static final Duration LEASE = Duration.ofSeconds(15);
  /** How often a runner renews its leases and looks for expired ones. */
  public static final Duration RENEW_EVERY = Duration.ofSeconds(3);

  /** One run of a job, as its work sees it. */
  public interface Run {
    UUID id();

    /** The entity type the job works on (a bulk job's kind of items). */
    String entityType();

    String request();

    Principal principal();

    /**
     * Records progress inside the work's own transaction {@code tx}; when this replica no longer
     * holds the job (another one took it over), throws {@link LeaseLost}, which rolls that
     * transaction back and stops the work here.
     */
    void progress(Tx tx, long done, long total);
  }

  /** This replica lost its lease on a job while running it; the work stops, the new runner goes on. */
  public static final class LeaseLost extends RuntimeException {
    public LeaseLost(UUID id) {
      super("job " + id + " was taken over by another replica", null, false, false);
    }
  }

  /** A kind of job: what it does, given its run; it returns the result recorded with the job (JSON-serialisable). */
  public interface Handler {
    Object run(Run run);
  }

  private final Store store;
  private final JobStore jobs;
  private final Json json;
  private final Clock clock;
  private final ExecutorService executor;
  private final Function<String, Optional<Principal>> principals;
  private final Map<String, Handler> handlers = new LinkedHashMap<>();
  private final String runner = UUID.randomUUID().toString();
  /**
   * Ends this replica could not record (the store was away when the work ended): tried again on
   * every lease round, before the leases are renewed, so that a finished job never stays
   * "running" under a lease this replica keeps renewing.
   */
  private final Map<UUID, Runnable> unrecorded = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param principals who a user is now, by name: a job taken over from another replica runs as
   *     the user who submitted it, with that user's rights as they are when it runs
   */
  public Jobs(Store store, Json json, Clock clock, ExecutorService executor, Function<String, Optional<Principal>> principals) {
    this.store = store;
    this.jobs = new JobStore(store);
    this.json = json;
    this.clock = clock;
    this.executor = executor;
    this.principals = principals;
  }

  /** Declares what jobs of {@code kind} do; every replica registers the same handlers at start. */
  public void register(String kind, Handler handler) {
    handlers.put(kind, handler);
  }

  /** A job as reported: {@code result} is JSON, null while it runs. */
  public record Job(
      UUID id, String kind, String entityType, UUID targetId, String state, String submittedBy, long createdAt, Long finishedAt,
      long done, long total, String result) {
    public boolean running() {
      return state.equals("running");
    }
  }

  /**
   * Ends a running job as failed, with {@code result}, whichever replica runs it; whether it was
   * running. The work stops at its next progress ({@link LeaseLost}).
   */
  public boolean cancel(UUID id, Object result) {
    return store.write(null, tx -> cancel(tx, id, result));
  }

  /** {@link #cancel(UUID, Object)} inside {@code tx}. */
  public boolean cancel(Tx tx, UUID id, Object result) {
    return jobs.cancel(tx, id, clock.millis(), json.write(result));
  }

  public Optional<Job> find(UUID id) {
    return store.read(tx -> jobs.find(tx, id)).map(j -> new Job(j.id(), j.kind(), j.entityType(), j.targetId(), j.state(),
        j.submittedBy(), j.createdAt(), j.finishedAt(), j.done(), j.total(), j.result()));
  }

  /**
   * Stores the job, with its request and this replica's lease on it, then runs it in the background
   * and returns its id at once.
   */
  public UUID submit(String kind, String entityType, UUID target, String request, Principal principal) {
    Handler handler = handler(kind);
    UUID id = insert(kind, entityType, target, request, principal);
    executor.execute(() -> {
      try {
        runRecorded(id, entityType, request, principal, handler::run, r -> r);
      } catch (RuntimeException e) {
        // Recorded with the job; the client follows it there.
      }
    });
    return id;
  }

  /**
   * Stores the job and runs {@code work} in this thread (a request that waits for its end, like a
   * synchronous recursive delete); the job is there for the others to see, and for another replica
   * to finish should this one die. Returns what {@code work} returns; {@code summary} is what the
   * job records. A failure of the work is recorded and thrown.
   */
  public <R> R runHere(String kind, String entityType, UUID target, String request, Principal principal, Function<Run, R> work,
      Function<R, Object> summary) {
    handler(kind);
    UUID id = insert(kind, entityType, target, request, principal);
    return runRecorded(id, entityType, request, principal, work, summary);
  }

  private Handler handler(String kind) {
    Handler handler = handlers.get(kind);
    if (handler == null) {
      throw new IllegalStateException("no handler for jobs of kind " + kind);
    }
    return handler;
  }

  private UUID insert(String kind, String entityType, UUID target, String request, Principal principal) {
    UUID id = UUID.randomUUID();
    long now = clock.millis();
    store.write(null, tx -> {
      jobs.insert(tx, new JobStore.Job(id, kind, entityType, target, "running", principal.name(), now, null, 0, 0, request, null,
          runner, now));
      return null;
    });
    return id;
  }

  private <R> R runRecorded(UUID id, String entityType, String request, Principal principal, Function<Run, R> work,
      Function<R, Object> summary) {
    long[] done = {0};
    Run run = new Run() {
      @Override
      public UUID id() {
        return id;
      }

      @Override
      public String entityType() {
        return entityType;
      }

      @Override
      public String request() {
        return request;
      }

      @Override
      public Principal principal() {
        return principal;
      }

      @Override
      public void progress(Tx tx, long n, long total) {
        done[0] = n;
        if (!jobs.progress(tx, id, runner, n, total)) {
          throw new LeaseLost(id);
        }
      }
    };
    R result;
    try {
      result = work.apply(run);
    } catch (LeaseLost e) {
      LOG.warn("job {} was taken over by another replica while this one ran it; the other one finishes it", id);
      throw ApiException.conflict("The job " + id + " was taken over by another server of this catalog; follow it at /api/v1/jobs/" + id);
    } catch (ApiException e) {
      record(id, "failed", done[0], Map.of("code", e.status(), "message", e.getMessage()));
      throw e;
    } catch (RuntimeException | Error e) {
      LOG.error("job {} failed", id, e);
      record(id, "failed", done[0], Map.of("code", 500, "message", "the job failed; see the server log for job " + id));
      throw e;
    }
    record(id, "completed", done[0], summary.apply(result));
    return result;
  }

  private void record(UUID id, String state, long done, Object result) {
    String text = json.write(result);
    long finished = clock.millis();
    Runnable write = () -> {
      boolean recorded = store.write(null, tx -> jobs.finish(tx, id, runner, state, finished, done, text));
      if (!recorded) {
        LOG.warn("job {} was taken over by another replica while this one ran it; its result stands", id);
      }
    };
    try {
      write.run();
    } catch (RuntimeException e) {
      LOG.warn("job {} ended ({}) but could not be recorded yet: {}; trying again with the next lease round", id, state,
          e.getClass().getSimpleName());
      unrecorded.put(id, write);
    }
  }

  /**
   * Renews this replica's leases, then takes over the jobs whose runner stopped renewing (it died,
   * or lost the store for longer than {@link #LEASE}) and runs them again from their request. Called
   * every {@link #RENEW_EVERY} by the server; a failure (the store is away) waits for the next round.
   */
  public void renewAndTakeOver() {
    try {
      for (Map.Entry<UUID, Runnable> end : unrecorded.entrySet()) {
        end.getValue().run();
        unrecorded.remove(end.getKey());
      }
      long now = clock.millis();
      store.write(null, tx -> {
        jobs.renew(tx, runner, now);
        return null;
      });
      for (JobStore.Job expired : store.read(tx -> jobs.expired(tx, now - LEASE.toMillis()))) {
        takeOver(expired, now);
      }
    } catch (RuntimeException e) {
      LOG.warn("job leases not renewed this round: {}", e.getClass().getSimpleName());
    }
  }

  private void takeOver(JobStore.Job expired, long now) {
    Handler handler = handlers.get(expired.kind());
    if (handler == null || !store.write(null, tx -> jobs.claim(tx, expired, runner, now))) {
      return;
    }
    Optional<Principal> principal = principals.apply(expired.submittedBy());
    if (expired.request() == null || principal.isEmpty()) {
      String why = expired.request() == null ? "it was accepted by an older server that did not keep its request"
          : "its user " + expired.submittedBy() + " no longer exists";
      record(expired.id(), "failed", expired.done(), Map.of("code", 409, "message", "the replica running this job stopped, and the job"
          + " cannot be run again here: " + why + "; send the request again"));
      return;
    }
    LOG.info("taking over {} job {} from replica {}, whose lease ran out", expired.kind(), expired.id(), expired.runner());
    executor.execute(() -> {
      try {
        runRecorded(expired.id(), expired.entityType(), expired.request(), principal.get(), handler::run, r -> r);
      } catch (RuntimeException e) {
        // Recorded with the job; nobody waits on this thread.
      }
    });
  }

  /** The running jobs of {@code kind} on any of {@code targets}, inside {@code tx} (a write under a parent being deleted). */
  public List<JobStore.Job> runningOn(Tx tx, String kind, Collection<UUID> targets) {
    return jobs.runningOn(tx, kind, targets);
  }
}
