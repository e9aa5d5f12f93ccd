package meridian.core.engine;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import meridian.core.Json;
import meridian.core.Principal;
import meridian.core.engine.containment.Cascade;
import meridian.core.engine.jobs.Jobs;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.read.EntityQueries;
import meridian.core.engine.relations.Relations;
import meridian.core.engine.store.EntityStore;
import meridian.core.engine.store.Interleaving;
import meridian.core.engine.store.LinkStore;
import meridian.core.engine.store.Reads;
import meridian.core.engine.store.SearchStore;
import meridian.core.engine.store.Store;
import meridian.core.engine.store.SubtreeStore;
import meridian.store.Database;

/**
 * The mechanism, built once from the kinds' declarations (ARCHITECTURE §7): the registry, the store
 * access of every kind, relations, containment walks, jobs, and each kind's repository and queries.
 * Everything that follows from a kind is made here by iterating the one registry, so that a new kind
 * is its declaration and its SQL: its table is checked at start (a kind without its migration stops
 * the server with a message), and its services, routes and jobs come from the same list.
 */
public final class Engine {
  private final Kinds kinds;
  private final Json json;
  private final Clock clock;
  private final Store store;
  private final Relations relations;
  private final LinkStore links;
  private final SearchStore search;
  private final Map<String, EntityStore> stores = new LinkedHashMap<>();
  private final Map<String, Reads> reads = new LinkedHashMap<>();
  private final Cascade cascade;
  private final Jobs jobs;
  private final Map<String, EntityServices<?>> services = new LinkedHashMap<>();

  /**
   * @param background the pool that runs jobs submitted to run in the background, and jobs taken
   *     over from a replica that died
   * @param principals who a user is now, by name (a job taken over runs as the user who submitted it)
   */
  public Engine(Database database, List<EntityKind<?>> all, Json json, Clock clock, Interleaving interleaving,
      ExecutorService background, Function<String, Optional<Principal>> principals) {
    this.kinds = new Kinds(all);
    this.json = json;
    this.clock = clock;
    this.store = new Store(database, interleaving);
    store.verifyTables(all.stream().map(EntityKind::table).toList());
    this.relations = new Relations(kinds);
    this.links = new LinkStore(store, relations, json);
    this.search = new SearchStore(store, json);
    for (EntityKind<?> kind : all) {
      stores.put(kind.entityType(), new EntityStore(kind, store, links, search, json));
      reads.put(kind.entityType(), new Reads(kind, store, links, json));
    }
    this.cascade = new Cascade(store, new SubtreeStore(links, stores), links, stores, clock);
    this.jobs = new Jobs(store, json, clock, background, principals);
    for (EntityKind<?> kind : all) {
      services.put(kind.entityType(), build(kind));
    }
    jobs.register("delete", run -> resume(run, true));
    jobs.register("restore", run -> resume(run, false));
  }

  private <C> EntityServices<C> build(EntityKind<C> kind) {
    return new EntityServices<>(new EntityRepository<>(kind, this), new EntityQueries<>(kind, this));
  }

  /** A recursive delete or restore taken over from a replica that died: run again from its request. */
  private Object resume(Jobs.Run run, boolean delete) {
    var request = json.readStored(run.request());
    UUID id = UUID.fromString(request.get("id").asText());
    EntityRepository<?> repository = services.get(request.get("type").asText()).repository();
    if (delete) {
      try {
        return summary(repository.deleteTree(run, id, request.path("hard").asBoolean(false), request.path("recursive").asBoolean(true),
            run.principal()));
      } catch (meridian.core.errors.ApiException e) {
        if (e.status() != 404) {
          throw e;
        }
        // Taken over after the replica that ran it had removed the entity: the delete is done.
        return Map.of("entityId", id.toString(), "change", "entityDeleted");
      }
    }
    return Map.of("restored", repository.restoreTree(run, id, run.principal()));
  }

  /** What a recursive delete's job records: the entity it ended with and how. */
  static Object summary(Object result) {
    if (result instanceof WriteResult write) {
      return Map.of("entityId", write.entity().id().toString(), "fullyQualifiedName", write.entity().fullyQualifiedName(),
          "change", write.change().header());
    }
    return Map.of("changed", result);
  }

  /** The services of the kind of {@code type}. */
  @SuppressWarnings("unchecked")
  public <C> EntityServices<C> services(EntityKind<C> kind) {
    return (EntityServices<C>) services.get(kind.entityType());
  }

  /** The services of the kind of entity type {@code type}. */
  public EntityServices<?> services(String type) {
    EntityServices<?> found = services.get(type);
    if (found == null) {
      throw new IllegalArgumentException("no kind " + type);
    }
    return found;
  }

  /** Every kind's services, in the order the kinds were declared. */
  public List<EntityServices<?>> all() {
    return List.copyOf(services.values());
  }

  public Kinds kinds() {
    return kinds;
  }

  public Json json() {
    return json;
  }

  public Clock clock() {
    return clock;
  }

  public Relations relations() {
    return relations;
  }

  public Jobs jobs() {
    return jobs;
  }

  public LinkStore links() {
    return links;
  }

  public SearchStore search() {
    return search;
  }

  public Store storeAccess() {
    return store;
  }

  EntityStore store(String type) {
    return stores.get(type);
  }

  public Reads reads(String type) {
    return reads.get(type);
  }

  Cascade cascade() {
    return cascade;
  }
}
