package meridian.core.features.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import meridian.core.Fqn;
import meridian.core.Json;
import meridian.core.Principal;
import meridian.core.RequestReader;
import meridian.core.engine.Engine;
import meridian.core.engine.EntityRepository;
import meridian.core.engine.ItemOutcome;
import meridian.core.engine.jobs.Jobs;
import meridian.core.engine.kind.Containment;
import meridian.core.errors.ApiException;
import meridian.model.BulkOperationResult;

/**
 * Bulk create-or-update (contract §5; catalog spec §8) for every kind that offers it: each item is
 * exactly a single PUT, with its own outcome; items are applied in request order, in chunks of one
 * transaction each, so ten thousand items take a handful of round trips instead of ten thousand.
 * Asynchronous requests are jobs ({@link Jobs}): any replica reports on them, and another one runs
 * one again if the replica running it dies (bulk upserts are idempotent).
 */
public final class BulkService {
  public static final int MAX_ITEMS = 10_000;
  static final int CHUNK = 500;
  static final String JOB = "bulk";

  private final Engine engine;
  private final RequestReader reader;
  private final Json json;

  public BulkService(Engine engine, RequestReader reader) {
    this.engine = engine;
    this.reader = reader;
    this.json = engine.json();
    engine.jobs().register(JOB, run -> {
      List<JsonNode> items = new ArrayList<>();
      json.readTree(run.request()).forEach(items::add);
      return run(run.entityType(), items, run.principal());
    });
  }

  /** Checks the body's shape before any work: a JSON array of at most {@link #MAX_ITEMS} items. */
  public List<JsonNode> items(String type, JsonNode body) {
    if (!body.isArray()) {
      throw ApiException.badRequest(RequestReader.INVALID + ": the bulk body must be a JSON array of requests");
    }
    if (body.size() > MAX_ITEMS) {
      throw ApiException.tooLarge("Bulk size limit per request reached for entity type: " + type, "BULK_LIMIT_EXCEPTION");
    }
    List<JsonNode> items = new ArrayList<>(body.size());
    body.forEach(items::add);
    return items;
  }

  public BulkOperationResult run(String type, List<JsonNode> items, Principal principal) {
    return run(engine.services(type).repository(), items, principal);
  }

  private <C> BulkOperationResult run(EntityRepository<C> repository, List<JsonNode> items, Principal principal) {
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
          tooLarge(chunk.get(i));
          requests.add(reader.read(chunk.get(i), repository.kind().requestType()));
          positions.add(i);
        } catch (ApiException e) {
          results[i] = new BulkOperationResult.Item(nameOf(repository, chunk.get(i)), e.getMessage(), e.status());
        }
      }
      List<ItemOutcome> outcomes = repository.write(requests, EntityRepository.Mode.UPSERT, principal);
      for (int k = 0; k < outcomes.size(); k++) {
        ItemOutcome o = outcomes.get(k);
        String name = nameOf(repository, chunk.get(positions.get(k)));
        results[positions.get(k)] =
            o.succeeded()
                ? new BulkOperationResult.Item(name, o.result().message(), o.result().status())
                : new BulkOperationResult.Item(name, o.error().getMessage(), o.error().status());
      }
      for (BulkOperationResult.Item item : results) {
        (item.status() < 300 ? passed : failed).add(item);
      }
    }
    return BulkOperationResult.of(passed, failed);
  }

  /**
   * An item larger than a single request may be (16 MiB) fails alone, with a message that names
   * the limit, as the single PUT of it would have been refused; the rest of the bulk goes on.
   */
  private void tooLarge(JsonNode item) {
    long size = json.writeBytes(item).length;
    if (size > RequestReader.MAX_ENTITY_BYTES) {
      throw ApiException.tooLarge("The item is " + size + " bytes; an entity may be at most " + RequestReader.MAX_ENTITY_BYTES
          + " bytes (16 MiB), the limit of a single request's body", null);
    }
  }

  /** Stores the job with its request and runs it in the background; its id at once. */
  public UUID submit(String type, List<JsonNode> items, Principal principal) {
    return engine.jobs().submit(JOB, type, null, json.write(items), principal);
  }

  /** A bulk job of {@code type}: empty when there is none (or it is another kind of job). */
  public Optional<Jobs.Job> job(String type, UUID id) {
    return engine.jobs().find(id).filter(j -> j.kind().equals(JOB) && j.entityType().equals(type));
  }

  /**
   * What an item's result names: its name, or for a contained kind its FQN, as the request spells
   * its parent (catalog spec §8: a table item is named by its FQN).
   */
  private static String nameOf(EntityRepository<?> repository, JsonNode item) {
    JsonNode name = item.get("name");
    if (name == null || !name.isTextual()) {
      return null;
    }
    Containment containment = repository.kind().containment();
    if (containment != null) {
      for (String member : containment.parentMembers()) {
        JsonNode parent = item.get(member);
        if (parent != null && parent.isTextual()) {
          return parent.asText() + "." + Fqn.quoteName(name.asText());
        }
      }
    }
    return name.asText();
  }
}
