package meridian.core.features.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import meridian.core.engine.EntityRepository;
import meridian.core.engine.ItemOutcome;
import meridian.core.Json;
import meridian.core.Principal;
import meridian.core.RequestReader;
import meridian.core.errors.ApiException;
import meridian.model.BulkOperationResult;
import meridian.store.BulkJobDao;
import meridian.store.Database;
import meridian.store.rows.BulkJobRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk create-or-update (contract §5): each item is exactly a single PUT, with its own outcome;
 * items are applied in request order, in chunks of one transaction each, so ten thousand items
 * take a handful of round trips instead of ten thousand. Asynchronous jobs are recorded in the
 * database, so any replica can report on a job another one runs.
 */
public final class BulkService<C> {
  public static final int MAX_ITEMS = 10_000;
  static final int CHUNK = 500;
  private static final Logger LOG = LoggerFactory.getLogger(BulkService.class);

  private final EntityRepository<C> repository;
  private final RequestReader reader;
  private final Database database;
  private final Json json;
  private final Clock clock;
  private final ExecutorService executor;
  private final BulkJobDao jobs;

  /** How long a runner's lease on a job lasts without renewal; past it another replica takes the job over. */
  public static final java.time.Duration LEASE = java.time.Duration.ofSeconds(15);
  /** How often a runner renews its leases and looks for expired ones. */
  public static final java.time.Duration RENEW_EVERY = java.time.Duration.ofSeconds(3);

  private final String runner = UUID.randomUUID().toString();
  private final java.util.function.Function<String, Optional<Principal>> principals;

  /**
   * @param principals who a user is now, by name: a job taken over from another replica runs as
   *     the user who submitted it, with that user's rights as they are when it runs
   */
  public BulkService(
      EntityRepository<C> repository, RequestReader reader, Database database, Json json, Clock clock,
      ExecutorService executor, java.util.function.Function<String, Optional<Principal>> principals) {
    this.principals = principals;
    this.repository = repository;
    this.reader = reader;
    this.database = database;
    this.jobs = database.bulkJobs();
    this.json = json;
    this.clock = clock;
    this.executor = executor;
  }

  /** Checks the body's shape before any work: a JSON array of at most {@link #MAX_ITEMS} items. */
  public List<JsonNode> items(JsonNode body) {
    if (!body.isArray()) {
      throw ApiException.badRequest(RequestReader.INVALID + ": the bulk body must be a JSON array of requests");
    }
    if (body.size() > MAX_ITEMS) {
      throw ApiException.tooLarge(
          "Bulk size limit per request reached for entity type: " + repository.kind().entityType(),
          "BULK_LIMIT_EXCEPTION");
    }
    List<JsonNode> items = new ArrayList<>(body.size());
    body.forEach(items::add);
    return items;
  }

  public BulkOperationResult run(List<JsonNode> items, Principal principal) {
    List<BulkOperationResult.Item> passed = new ArrayList<>();
    List<BulkOperationResult.Item> failed = new ArrayList<>();
    for (int from = 0; from < items.size(); from += CHUNK) {
      List<JsonNode> chunk = items.subList(from, Math.min(items.size(), from + CHUNK));
      // Items that cannot even be decoded fail alone; the rest go to the repository together.
      List<C> requests = new ArrayList<>();
      List<Integer> positions = new ArrayList<>();
      BulkOperationResult.Item[] results = new BulkOperationResult.Item[chunk.size()];
      for (int i = 0; i < chunk.size(); i++) {
        try {
          requests.add(reader.read(chunk.get(i), repository.kind().requestType()));
          positions.add(i);
        } catch (ApiException e) {
          results[i] = new BulkOperationResult.Item(nameOf(chunk.get(i)), e.getMessage(), e.status());
        }
      }
      List<ItemOutcome> outcomes = repository.write(requests, EntityRepository.Mode.UPSERT, principal);
      for (int k = 0; k < outcomes.size(); k++) {
        ItemOutcome o = outcomes.get(k);
        results[positions.get(k)] =
            o.succeeded()
                ? new BulkOperationResult.Item(o.name(), o.result().message(), o.result().status())
                : new BulkOperationResult.Item(o.name(), o.error().getMessage(), o.error().status());
      }
      for (BulkOperationResult.Item item : results) {
        (item.status() < 300 ? passed : failed).add(item);
      }
    }
    return BulkOperationResult.of(passed, failed);
  }

  /**
   * Stores the job, with its request and this replica's lease on it, then starts {@link #run} in
   * the background and returns the job's id at once. If this replica dies before the job is done,
   * another one takes it over when the lease runs out ({@link #takeOverExpired}).
   */
  public UUID submit(List<JsonNode> items, Principal principal) {
    UUID id = UUID.randomUUID();
    long now = clock.millis();
    String request = json.write(items);
    database.inTransaction(h -> {
      jobs.insert(h, new BulkJobRow(id, repository.kind().entityType(), "running", principal.name(), now, null, null,
          request, runner, now));
      return null;
    });
    executor.execute(() -> runJob(id, items, principal));
    return id;
  }

  private void runJob(UUID id, List<JsonNode> items, Principal principal) {
    String status = "completed";
    String result;
    try {
      result = json.write(run(items, principal));
    } catch (RuntimeException e) {
      LOG.error("bulk job {} failed", id, e);
      status = "failed";
      result = json.write(java.util.Map.of("code", 500, "message", "the bulk job failed; see the server log for job " + id));
    }
    String finalStatus = status;
    String finalResult = result;
    boolean recorded = database.inTransaction(h -> jobs.finish(h, id, runner, finalStatus, clock.millis(), finalResult));
    if (!recorded) {
      LOG.warn("bulk job {} was taken over by another replica while this one ran it; its result stands", id);
    }
  }

  /**
   * Renews this replica's leases, then takes over the jobs whose runner stopped renewing (it
   * died, or lost the store for longer than {@link #LEASE}) and runs them again from their
   * request. Called every {@link #RENEW_EVERY} by the server; a failure (the store is away) waits
   * for the next round.
   */
  public void renewAndTakeOver() {
    try {
      long now = clock.millis();
      database.inTransaction(h -> {
        jobs.renew(h, runner, now);
        return null;
      });
      takeOverExpired(now);
    } catch (RuntimeException e) {
      LOG.warn("bulk job leases not renewed this round: {}", e.getClass().getSimpleName());
    }
  }

  private void takeOverExpired(long now) {
    for (BulkJobRow expired : database.read(h -> jobs.expired(h, now - LEASE.toMillis()))) {
      if (!expired.entityType().equals(repository.kind().entityType())
          || !database.inTransaction(h -> jobs.claim(h, expired, runner, now))) {
        continue;
      }
      Optional<Principal> principal = principals.apply(expired.submittedBy());
      if (expired.request() == null || principal.isEmpty()) {
        String why = expired.request() == null ? "it was accepted by an older server that did not keep its request"
            : "its user " + expired.submittedBy() + " no longer exists";
        database.inTransaction(h -> jobs.finish(h, expired.id(), runner, "failed", clock.millis(),
            json.write(java.util.Map.of("code", 409, "message", "the replica running this bulk job stopped, and the job"
                + " cannot be run again here: " + why + "; send the request again"))));
        continue;
      }
      LOG.info("taking over bulk job {} from replica {}, whose lease ran out", expired.id(), expired.runner());
      List<JsonNode> items = new ArrayList<>();
      try {
        json.mapper().readTree(expired.request()).forEach(items::add);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("stored bulk request is not readable", e);
      }
      executor.execute(() -> runJob(expired.id(), items, principal.get()));
    }
  }

  /** An asynchronous job's state: {@code result} is null while it runs. */
  public record Job(UUID id, String status, String result) {}

  public Optional<Job> job(UUID id) {
    return database.read(h -> jobs.find(h, id)).filter(j -> j.entityType().equals(repository.kind().entityType()))
        .map(j -> new Job(j.id(), j.status(), j.result()));
  }

  private static String nameOf(JsonNode item) {
    JsonNode name = item.get("name");
    return name != null && name.isTextual() ? name.asText() : null;
  }
}
