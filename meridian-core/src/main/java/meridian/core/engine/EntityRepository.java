package meridian.core.engine;

import meridian.core.Fqn;
import meridian.core.Json;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.RequestReader;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.read.EntityView;
import meridian.core.engine.write.Preconditions;
import meridian.core.engine.write.Versioning;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import meridian.core.errors.ApiException;
import meridian.core.engine.policy.Policy;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.Relations;
import meridian.core.engine.write.EntityStore;
import meridian.core.engine.write.EntityStore.Stored;
import meridian.core.engine.write.EntityStore.Working;
import meridian.core.engine.write.Merge;
import meridian.core.engine.write.Stores;
import meridian.model.ChangeDescription;
import meridian.model.ChangeType;
import meridian.model.Include;
import meridian.store.VersionDao.VersionRow;
import org.jdbi.v3.core.Handle;

/**
 * Every entity write, once, for every kind (ARCHITECTURE rule 2): orchestration only. Creates and
 * upserts of one item and of a bulk chunk share one path, {@link #write}: each request is checked
 * alone, then in one transaction its references are resolved, the entities read, the requests
 * applied in order in memory ({@link Merge}), authorised ({@link Policy}) and written in batches
 * ({@link EntityStore}). PATCH, DELETE, restore and followers share {@link #mutate}.
 */
public final class EntityRepository<C> {
  /** POST creates only; PUT creates or updates. */
  public enum Mode {
    CREATE,
    UPSERT
  }

  /** Spec §1.7: PATCHes by the same user within 10 minutes fold into one version. */
  static final long SESSION_MILLIS = 600_000;

  private final EntityKind<C> kind;
  private final Json json;
  private final Clock clock;
  private final RequestReader reader;
  private final Relations relations;
  private final Stores stores;
  private final EntityStore store;
  private final Merge merge;
  private final Policy policy;
  private final EntityView view;

  public EntityRepository(EntityKind<C> kind, Stores stores, Relations relations, Json json, Clock clock) {
    this.kind = kind;
    this.json = json;
    this.clock = clock;
    this.reader = new RequestReader(json);
    this.relations = relations;
    this.stores = stores;
    this.store = stores.of(kind.entityType());
    this.merge = store.merge();
    this.policy = new Policy(kind, relations);
    this.view = new EntityView(kind, relations);
  }

  public EntityKind<C> kind() {
    return kind;
  }

  public EntityView view() {
    return view;
  }

  /** The name a request asks for. */
  public String nameOf(C request) {
    return json.tree(request).path("name").asText(null);
  }

  // ------------------------------------------------------------------ create and upsert

  public WriteResult create(C request, Principal principal) {
    return single(request, Mode.CREATE, principal, null);
  }

  public WriteResult createOrUpdate(C request, Principal principal) {
    return single(request, Mode.UPSERT, principal, null);
  }

  /** PUT with an optional {@code If-Match} precondition (null: none). */
  public WriteResult createOrUpdate(C request, Principal principal, String ifMatch) {
    return single(request, Mode.UPSERT, principal, ifMatch);
  }

  private WriteResult single(C request, Mode mode, Principal principal, String ifMatch) {
    ItemOutcome outcome = write(List.of(request), mode, principal, ifMatch).get(0);
    if (!outcome.succeeded()) {
      throw outcome.error();
    }
    return outcome.result();
  }

  /**
   * Applies the requests in order, each one independently: an item that fails validation,
   * authorisation or a reference check fails alone and writes nothing; the others are committed
   * together. Returns one outcome per request, in request order.
   */
  public List<ItemOutcome> write(List<C> requests, Mode mode, Principal principal) {
    return write(requests, mode, principal, null);
  }

  /** One request on its way through a write: checked alone, then resolved inside the transaction. */
  private record Pending(int index, String name, ObjectNode request, Map<String, List<Relations.Ref>> refs) {}

  private record Resolved(Pending pending, Map<String, List<Link>> links, String fqn, String hash) {}

  private List<ItemOutcome> write(List<C> requests, Mode mode, Principal principal, String ifMatch) {
    ItemOutcome[] outcomes = new ItemOutcome[requests.size()];
    List<Pending> pending = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      ObjectNode request = (ObjectNode) json.tree(requests.get(i));
      String name = request.path("name").asText(null);
      try {
        Names.requireValidName("name", name);
        kind.validate(requests.get(i));
        pending.add(new Pending(i, name, request, relations.requested(kind, request)));
      } catch (ApiException e) {
        outcomes[i] = new ItemOutcome(name, null, e);
      }
    }
    if (!pending.isEmpty()) {
      List<ItemOutcome> applied = store.retrying(handle -> apply(handle, pending, mode, principal, ifMatch));
      for (int k = 0; k < pending.size(); k++) {
        outcomes[pending.get(k).index()] = applied.get(k);
      }
    }
    return List.of(outcomes);
  }

  private List<ItemOutcome> apply(Handle handle, List<Pending> pending, Mode mode, Principal principal, String ifMatch) {
    long now = clock.millis();
    Relations.Resolver resolver = relations.resolver(handle, kind, pending.stream().map(Pending::refs).toList());
    Lookup lookup = relations.lookup(handle);
    ItemOutcome[] outcomes = new ItemOutcome[pending.size()];
    List<Resolved> resolved = new ArrayList<>();
    for (int k = 0; k < pending.size(); k++) {
      Pending p = pending.get(k);
      try {
        Map<String, List<Link>> links = resolver.resolve(p.refs());
        String fqn = fqn(p.name(), links);
        resolved.add(new Resolved(p, links, fqn, Fqn.hash(fqn)));
      } catch (ApiException e) {
        outcomes[k] = new ItemOutcome(p.name(), null, e);
      }
    }
    Map<String, Working> working = new LinkedHashMap<>();
    store.loadByHashes(handle, resolved.stream().map(Resolved::hash).distinct().toList())
        .forEach((hash, stored) -> working.put(hash, new Working(stored, stored.entity(), false)));
    List<VersionRow> history = new ArrayList<>();
    int k = 0;
    for (Resolved r : resolved) {
      while (outcomes[k] != null) {
        k++;
      }
      outcomes[k++] = applyOne(handle, r, working, history, mode, principal, ifMatch, now, lookup);
    }
    store.persist(handle, working.values(), history);
    return List.of(outcomes);
  }

  private ItemOutcome applyOne(
      Handle handle, Resolved r, Map<String, Working> working, List<VersionRow> history, Mode mode, Principal principal,
      String ifMatch, long now, Lookup lookup) {
    try {
      Working current = working.get(r.hash());
      if (mode == Mode.CREATE || current == null) {
        // POST is authorised as Create before anything else is said about the name (spec §3.4).
        policy.authorizeCreate(principal);
      }
      Preconditions.check(ifMatch, current == null ? null : current.entity().versionTenths());
      WriteResult result;
      if (current == null) {
        Entity created = merge.create(r.pending().request(), r.fqn(), r.links(), principal, now, lookup);
        working.put(r.hash(), new Working(null, created, true));
        result = new WriteResult(ChangeType.ENTITY_CREATED, 201, created);
      } else if (mode == Mode.CREATE) {
        throw ApiException.entityAlreadyExists();
      } else {
        policy.authorize(handle, principal, current.entity(), "EditAll");
        Merge.Updated updated = merge.update(current.entity(), r.pending().request(), r.links(), principal, now, true, lookup);
        if (updated.change() == null) {
          result = new WriteResult(ChangeType.ENTITY_NO_CHANGE, 200, current.entity());
        } else {
          history.add(store.historyRow(current.entity()));
          current.changeTo(updated.next());
          result = new WriteResult(ChangeType.ENTITY_UPDATED, 200, updated.next());
        }
      }
      return new ItemOutcome(r.pending().name(), result, null);
    } catch (ApiException e) {
      return new ItemOutcome(r.pending().name(), null, e);
    }
  }

  /** A root entity's FQN is its quoted name; a child's is its parent's FQN, a dot, and its quoted name (spec §1.4). */
  private String fqn(String name, Map<String, List<Link>> links) {
    for (String parent : kind.parentFields()) {
      List<Link> found = links.getOrDefault(parent, List.of());
      if (!found.isEmpty()) {
        return found.get(0).fullyQualifiedName() + "." + Fqn.quoteName(name);
      }
    }
    return Fqn.quoteName(name);
  }

  // ------------------------------------------------------------------ patch, delete, restore

  /** How one mutation of one stored entity ends. */
  private record Change(WriteResult result, Entity next, boolean addHistory, Integer dropHistory, boolean hardDelete) {
    static Change none(Entity current) {
      return new Change(new WriteResult(ChangeType.ENTITY_NO_CHANGE, 200, current), null, false, null, false);
    }
  }

  /**
   * RFC 6902 JSON Patch (spec §3.6) on the entity as the caller sees it. Lists are replaced,
   * read-only fields are put back, {@code deleted} can't be set, and consecutive PATCHes of the
   * same user within the session fold into one version (spec §1.7).
   */
  public WriteResult patch(Target target, JsonNode patch, Principal principal, String ifMatch) {
    if (!patch.isArray()) {
      throw ApiException.badRequest(RequestReader.INVALID + ": a JSON Patch body is an array of operations (RFC 6902)");
    }
    return mutate(target, Include.NON_DELETED, ifMatch, (handle, stored) -> {
      Entity current = stored.entity();
      long now = clock.millis();
      ObjectNode source = view.patchSource(current, principal);
      ObjectNode patched = applyPatch(patch, source);
      if (!source.path("deleted").equals(patched.path("deleted"))) {
        throw ApiException.badRequest(kind.entityType() + " attribute deleted can't be modified");
      }
      for (String field : view.readOnly()) {
        if (source.has(field)) {
          patched.set(field, source.get(field));
        } else {
          patched.remove(field);
        }
      }
      C request = reader.read(view.toRequest(patched), kind.requestType());
      kind.validate(request);
      ObjectNode tree = (ObjectNode) json.tree(request);
      Map<String, List<Relations.Ref>> refs = relations.requested(kind, tree);
      Lookup lookup = relations.lookup(handle);
      Map<String, List<Link>> links = relations.resolver(handle, kind, List.of(refs)).resolve(refs);
      Merge.Updated updated = merge.update(current, tree, links, principal, now, false, lookup);
      if (updated.change() == null) {
        return Change.none(current);
      }
      policy.authorizePatch(handle, principal, current, updated.change());
      return consolidated(handle, current, updated, principal, ifMatch, now)
          .orElse(new Change(new WriteResult(ChangeType.ENTITY_UPDATED, 200, updated.next()), updated.next(), true, null, false));
    });
  }

  private ObjectNode applyPatch(JsonNode patch, ObjectNode source) {
    try {
      JsonNode patched = JsonPatch.apply(patch, source);
      if (!patched.isObject()) {
        throw ApiException.badRequest("Invalid JSON patch: the result is not an object");
      }
      return (ObjectNode) patched;
    } catch (JsonPatchApplicationException e) {
      throw ApiException.badRequest("Invalid JSON patch: " + Names.abbreviate(String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }
      // The library works on a copy with the client's operations alone, so whatever it throws
      // (an object pointer into an array, an index that is not a number) is the patch's fault.
      throw ApiException.badRequest(
          "Invalid JSON patch: an operation does not fit the entity (" + Names.abbreviate(String.valueOf(e.getMessage())) + ")");
    }
  }

  /**
   * Spec §1.7: a PATCH by the user who made the current version, within the session, with no
   * If-Match, is folded into the current version: the change is described from the version
   * before it, and when it undoes that change altogether the entity returns to that version.
   */
  private Optional<Change> consolidated(
      Handle handle, Entity current, Merge.Updated updated, Principal principal, String ifMatch, long now) {
    JsonNode previous = current.doc().path("changeDescription").path("previousVersion");
    boolean session =
        ifMatch == null
            && current.versionTenths() > Versioning.INITIAL
            && !current.deleted()
            && previous.isNumber()
            && principal.name().equals(current.updatedBy())
            && now - current.updatedAt() < SESSION_MILLIS;
    if (!session) {
      return Optional.empty();
    }
    int previousTenths = Versioning.toTenths(previous.asDouble());
    Optional<Entity> base = store.version(handle, current.id(), previousTenths);
    if (base.isEmpty()) {
      return Optional.empty();
    }
    ChangeDescription sinceBase =
        Versioning.diff(merge.tracked(), merge.snapshot(base.get()), merge.snapshot(updated.next()), previousTenths);
    if (sinceBase.isEmpty()) {
      return Optional.of(new Change(new WriteResult(ChangeType.ENTITY_UPDATED, 200, base.get()), base.get(), false, previousTenths, false));
    }
    Entity next = merge.stamp(updated.next(), current.versionTenths(), sinceBase, principal, now);
    return Optional.of(new Change(new WriteResult(ChangeType.ENTITY_UPDATED, 200, next), next, false, null, false));
  }

  /**
   * Soft delete by default (version +0.1, {@code deleted: true}, hidden from default reads, the
   * name still taken); {@code hard} removes the row, its history and its edges (spec §3.7). An
   * entity with children (a classification's tags, a team's sub-teams) needs {@code recursive},
   * and then its children go the same way first.
   */
  public WriteResult delete(Target target, boolean hard, boolean recursive, Principal principal, String ifMatch) {
    return mutate(target, Include.ALL, ifMatch, (handle, stored) -> {
      Entity current = stored.entity();
      policy.authorize(handle, principal, current, "Delete");
      String refusal = kind.undeletable(current);
      if (refusal != null) {
        throw ApiException.badRequest(refusal);
      }
      List<Link> children = children(kind, current);
      if (!recursive && children.stream().anyMatch(child -> !child.deleted())) {
        throw ApiException.badRequest(kind.entityType() + " is not empty");
      }
      long now = clock.millis();
      java.util.Set<UUID> visited = new java.util.HashSet<>(List.of(current.id()));
      if (hard) {
        children.forEach(child -> deleteChild(handle, child, true, principal, now, visited));
        return new Change(new WriteResult(ChangeType.ENTITY_DELETED, 200, current), null, false, null, true);
      }
      if (current.deleted()) {
        return Change.none(current);
      }
      children.stream().filter(child -> !child.deleted()).forEach(child -> deleteChild(handle, child, false, principal, now, visited));
      relations.softDeleted(handle, kind.entityType(), current.id());
      Entity next = merge.flipDeleted(current, true, principal, now);
      return new Change(new WriteResult(ChangeType.ENTITY_SOFT_DELETED, 200, next), next, true, null, false);
    });
  }

  /** The entities a containment relation of {@code kind} holds under {@code entity}. */
  private static List<Link> children(EntityKind<?> kind, Entity entity) {
    List<Link> children = new ArrayList<>();
    for (RelationField field : kind.relations()) {
      if (field.containment()) {
        children.addAll(entity.links(field.name()));
      }
    }
    return children;
  }

  /** Deletes a child (of any kind) and, first, its own children; one already gone is skipped. */
  private void deleteChild(Handle handle, Link child, boolean hard, Principal principal, long now, java.util.Set<UUID> visited) {
    if (!visited.add(child.id())) {
      return;
    }
    EntityStore childStore = stores.of(child.type());
    Optional<Stored> found = childStore.find(handle, child.id());
    if (found.isEmpty() || (!hard && found.get().entity().deleted())) {
      return;
    }
    Stored stored = found.get();
    EntityKind<?> childKind = relations.kinds().kind(child.type());
    for (Link grandchild : children(childKind, stored.entity())) {
      deleteChild(handle, grandchild, hard, principal, now, visited);
    }
    if (hard) {
      childStore.hardDelete(handle, stored);
    } else {
      relations.softDeleted(handle, child.type(), child.id());
      childStore.update(handle, stored, childStore.merge().flipDeleted(stored.entity(), true, principal, now), true, null);
    }
  }

  /** Restores a soft-deleted child and its children. */
  private void restoreChild(Handle handle, Link child, Principal principal, long now, java.util.Set<UUID> visited) {
    if (!visited.add(child.id())) {
      return;
    }
    EntityStore childStore = stores.of(child.type());
    Optional<Stored> found = childStore.find(handle, child.id());
    if (found.isEmpty()) {
      return;
    }
    Stored stored = found.get();
    if (stored.entity().deleted()) {
      childStore.update(handle, stored, childStore.merge().flipDeleted(stored.entity(), false, principal, now), true, null);
    }
    for (Link grandchild : children(relations.kinds().kind(child.type()), stored.entity())) {
      restoreChild(handle, grandchild, principal, now, visited);
    }
  }

  /** {@code PUT /restore} (spec §3.8): the entity and its soft-deleted children. Restoring one that is not deleted changes nothing. */
  public WriteResult restore(UUID id, Principal principal) {
    return mutate(Target.byId(id), Include.ALL, null, (handle, stored) -> {
      Entity current = stored.entity();
      policy.authorize(handle, principal, current, "EditAll");
      if (!current.deleted()) {
        return Change.none(current);
      }
      long now = clock.millis();
      java.util.Set<UUID> visited = new java.util.HashSet<>(List.of(current.id()));
      children(kind, current).forEach(child -> restoreChild(handle, child, principal, now, visited));
      Entity next = merge.flipDeleted(current, false, principal, now);
      return new Change(new WriteResult(ChangeType.ENTITY_RESTORED, 200, next), next, true, null, false);
    });
  }

  private WriteResult mutate(Target target, Include include, String ifMatch, BiFunction<Handle, Stored, Change> mutation) {
    return store.retrying(handle -> {
      Stored current = store.load(handle, target, include);
      Preconditions.check(ifMatch, current.entity().versionTenths());
      Change change = mutation.apply(handle, current);
      if (change.hardDelete()) {
        store.hardDelete(handle, current);
      } else if (change.next() != null) {
        store.update(handle, current, change.next(), change.addHistory(), change.dropHistory());
      }
      return change.result();
    });
  }

  // ------------------------------------------------------------------ server-managed fields

  /**
   * Sets fields of the document that the server manages (a service's {@code testConnectionResult},
   * a workflow's {@code status} and {@code response}) without making a new version: as OM writes
   * them, they are outcomes, not edits. {@code null} values remove the field.
   */
  public Entity annotate(UUID id, Map<String, JsonNode> values) {
    return annotateIf(id, doc -> true, values).orElseThrow();
  }

  /**
   * {@link #annotate}, only if the stored document, read inside the write transaction, still
   * passes {@code condition}; empty when it did not (then nothing was written).
   */
  public Optional<Entity> annotateIf(UUID id, java.util.function.Predicate<ObjectNode> condition, Map<String, JsonNode> values) {
    return store.retrying(handle -> {
      Stored stored = store.load(handle, Target.byId(id), Include.NON_DELETED);
      if (!condition.test(stored.entity().doc())) {
        return Optional.<Entity>empty();
      }
      ObjectNode doc = stored.entity().doc().deepCopy();
      values.forEach((field, value) -> {
        if (value == null || value.isNull()) {
          doc.remove(field);
        } else {
          doc.set(field, value);
        }
      });
      Entity next = new Entity(doc, stored.entity().links());
      store.annotate(handle, stored, next);
      return Optional.of(next);
    });
  }

  /** The entity, if {@code principal} may {@code operation} it (admins, bots, owners); OM's 403 or 404 otherwise. */
  public Entity authorized(UUID id, Principal principal, String operation) {
    return store.retrying(handle -> {
      Stored stored = store.load(handle, Target.byId(id), Include.NON_DELETED);
      policy.authorize(handle, principal, stored.entity(), operation);
      return stored.entity();
    });
  }

  /** OM's 403 unless {@code principal} may create this kind. */
  public void authorizeCreate(Principal principal) {
    policy.authorizeCreate(principal);
  }

  // ------------------------------------------------------------------ followers

  /** What a follow or unfollow did: the entity after it, the user, and whether anything changed. */
  public record Follow(Entity entity, Link user, boolean changed) {}

  /**
   * Adds or removes a follower (spec §3.10): any caller may, the entity's version does not move,
   * an unknown user is OM's 404 and a deleted one a 400.
   */
  public Follow follow(UUID id, UUID userId, boolean add) {
    RelationField followers =
        kind.relations().stream().filter(f -> f.name().equals("followers")).findFirst()
            .orElseThrow(() -> new IllegalStateException(kind.entityType() + " has no followers"));
    return store.retrying(handle -> {
      Stored stored = store.load(handle, Target.byId(id), Include.NON_DELETED);
      Link user = relations.lookup(handle).byId("user", userId).orElseThrow(() -> ApiException.notFound("user", userId));
      if (add && user.deleted()) {
        throw ApiException.badRequest("User " + userId + " is deleted");
      }
      List<Link> current = stored.entity().links("followers");
      boolean present = current.stream().anyMatch(l -> l.id().equals(userId));
      List<Link> next = new ArrayList<>(current);
      if (add && !present) {
        next.add(user);
      } else if (!add && present) {
        next.removeIf(l -> l.id().equals(userId));
      }
      boolean changed = add != present;
      if (changed) {
        store.beforeWrite(handle);
        relations.replace(handle, kind, followers, Map.of(id, next));
      }
      Map<String, List<Link>> links = new java.util.HashMap<>(stored.entity().links());
      links.put("followers", Relations.sorted(followers, next));
      return new Follow(stored.entity().withLinks(links), user, changed);
    });
  }
}
