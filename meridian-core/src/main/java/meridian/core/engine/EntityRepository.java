package meridian.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import meridian.core.Json;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.RequestReader;
import meridian.core.engine.containment.Placements;
import meridian.core.engine.jobs.Jobs;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.policy.Policy;
import meridian.core.engine.read.EntityView;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.Relations;
import meridian.core.engine.store.EntityStore;
import meridian.core.engine.store.EntityStore.Stored;
import meridian.core.engine.store.EntityStore.Working;
import meridian.core.engine.store.Tx;
import meridian.core.engine.write.Merge;
import meridian.core.engine.write.Preconditions;
import meridian.core.engine.write.Versioning;
import meridian.core.errors.ApiException;
import meridian.model.ChangeDescription;
import meridian.model.ChangeType;
import meridian.model.Include;

/**
 * Every entity write, once, for every kind (ARCHITECTURE rule 2): orchestration only. Creates and
 * upserts of one item and of a bulk chunk share one path, {@link #write}: each request is checked
 * alone, then in one transaction its parent and references are resolved, the entities read with
 * the relation fields the write needs, the requests applied in order in memory ({@link Merge}),
 * authorised ({@link Policy}) and written in batches ({@link EntityStore}). PATCH, DELETE, restore
 * and followers share {@link #mutate}; a delete or restore with a subtree under it walks it in
 * batches as a job ({@link meridian.core.engine.containment.Cascade}).
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
  private final Engine engine;
  private final Json json;
  private final RequestReader reader;
  private final Relations relations;
  private final EntityStore store;
  private final Merge merge;
  private final Policy policy;
  private final EntityView view;
  private final Placements placements;

  EntityRepository(EntityKind<C> kind, Engine engine) {
    this.kind = kind;
    this.engine = engine;
    this.json = engine.json();
    this.reader = new RequestReader(json);
    this.relations = engine.relations();
    this.store = engine.store(kind.entityType());
    this.merge = store.merge();
    this.policy = new Policy(kind, engine.kinds());
    this.view = new EntityView(kind, relations);
    this.placements = new Placements(kind, engine.kinds(), engine.links(), engine.jobs());
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
    // A single write answers with the entity and the relation fields it echoes (spec §3.4).
    ItemOutcome outcome = write(List.of(request), mode, principal, ifMatch, kind.echoedFields()).get(0);
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
    return write(requests, mode, principal, null, Set.of());
  }

  /** One request on its way through a write: checked alone, then resolved inside the transaction. */
  private record Pending(int index, String name, ObjectNode request, Map<String, List<Relations.Ref>> refs, Placements.Asked parent) {}

  private record Resolved(Pending pending, Map<String, List<Link>> links, Placements.Placed placed, String hash) {}

  private List<ItemOutcome> write(List<C> requests, Mode mode, Principal principal, String ifMatch, Set<String> shown) {
    ItemOutcome[] outcomes = new ItemOutcome[requests.size()];
    List<Pending> pending = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      ObjectNode request = (ObjectNode) json.tree(requests.get(i));
      String name = request.path("name").asText(null);
      try {
        Names.requireValidName("name", name);
        kind.validate(requests.get(i));
        pending.add(new Pending(i, name, request, relations.requested(kind, request), placements.asked(request)));
      } catch (ApiException e) {
        outcomes[i] = new ItemOutcome(name, null, e);
      }
    }
    List<UUID> restored = new ArrayList<>();
    if (!pending.isEmpty()) {
      // A single PUT most often finds what it sends already stored (an ingestion run again): it
      // reads first, beside the readers, and queues as a writer only when it has something to write.
      Function<Tx, List<ItemOutcome>> work = tx -> apply(tx, pending, mode, principal, ifMatch, shown, restored);
      List<ItemOutcome> applied = mode == Mode.UPSERT && pending.size() == 1 ? store.writeReadFirst(work) : store.write(work);
      for (int k = 0; k < pending.size(); k++) {
        outcomes[pending.get(k).index()] = applied.get(k);
      }
    }
    // Spec §5.2: a PUT that finds its entity soft-deleted restores it, and then its children.
    for (UUID id : restored) {
      restoreChildren(id, principal);
    }
    return List.of(outcomes);
  }

  private List<ItemOutcome> apply(
      Tx tx, List<Pending> pending, Mode mode, Principal principal, String ifMatch, Set<String> shown, List<UUID> restored) {
    restored.clear();
    long now = engine.clock().millis();
    Lookup lookup = engine.links().lookup(tx);
    Relations.Resolver resolver = engine.links().fetch(tx, kind, relations.wanted(kind, pending.stream().map(Pending::refs).toList()));
    Placements.Batch parents = placements.resolve(tx, pending.stream().map(Pending::parent).toList());
    ItemOutcome[] outcomes = new ItemOutcome[pending.size()];
    List<Resolved> resolved = new ArrayList<>();
    for (int k = 0; k < pending.size(); k++) {
      Pending p = pending.get(k);
      try {
        Placements.Placed placed = parents.place(p.parent(), p.name());
        Map<String, List<Link>> links = resolver.resolve(p.refs());
        resolved.add(new Resolved(p, links, placed, meridian.core.Fqn.hash(placed.placement().fqn())));
      } catch (ApiException e) {
        outcomes[k] = new ItemOutcome(p.name(), null, e);
      }
    }
    Map<String, Working> working = new LinkedHashMap<>();
    store.loadByHashes(tx, resolved.stream().map(Resolved::hash).distinct().toList(), fieldsFor(pending, principal, shown))
        .forEach((hash, stored) -> working.put(hash, new Working(stored, stored.entity(), false, stored.parentId())));
    int k = 0;
    for (Resolved r : resolved) {
      while (outcomes[k] != null) {
        k++;
      }
      outcomes[k++] = applyOne(r, working, mode, principal, ifMatch, now, lookup, restored);
    }
    store.persist(tx, working.values());
    return List.of(outcomes);
  }

  /**
   * The relation fields an upsert must read (nothing else is loaded: spec issue 14, "nothing loaded
   * that the operation does not need"): those the requests name, those a PUT replaces whatever the
   * request says, those the rules of either read, the owners when the caller is neither admin nor
   * bot (they decide whether the caller may edit), and those the answer shows ({@code shown}: a
   * single write's echo; a bulk answers with names only).
   */
  private List<RelationField> fieldsFor(List<Pending> pending, Principal principal, Set<String> shown) {
    Set<String> names = new LinkedHashSet<>(shown);
    for (Pending p : pending) {
      names.addAll(p.refs().keySet());
    }
    for (RelationField field : kind.relations()) {
      if (field.settable() && field.put() == RelationField.Put.REPLACE) {
        names.add(field.name());
      }
    }
    for (RelationField field : kind.relations()) {
      if (field.rule() == null) {
        continue;
      }
      if (names.contains(field.name())) {
        names.addAll(field.rule().needs());
      } else if (field.rule().needs().stream().anyMatch(names::contains)) {
        names.add(field.name());
      }
    }
    if (!principal.admin() && !principal.bot()) {
      names.add("owners");
    }
    return kind.relations().stream().filter(f -> names.contains(f.name())).toList();
  }

  private ItemOutcome applyOne(
      Resolved r, Map<String, Working> working, Mode mode, Principal principal, String ifMatch, long now, Lookup lookup,
      List<UUID> restored) {
    try {
      Working current = working.get(r.hash());
      if (mode == Mode.CREATE || current == null) {
        // POST is authorised as Create before anything else is said about the name (spec §3.4).
        policy.authorizeCreate(principal, r.placed().parent(), lookup);
      }
      Preconditions.check(ifMatch, current == null ? null : current.entity().versionTenths());
      WriteResult result;
      if (current == null) {
        Entity created = merge.create(r.pending().request(), r.placed().placement(), r.links(), principal, now, lookup);
        working.put(r.hash(), new Working(null, created, true, r.placed().parentId()));
        result = new WriteResult(ChangeType.ENTITY_CREATED, 201, created);
      } else if (mode == Mode.CREATE) {
        throw ApiException.entityAlreadyExists();
      } else {
        policy.authorize(principal, current.entity(), "EditAll", lookup);
        Merge.Updated updated = merge.update(current.entity(), r.pending().request(), r.links(), principal, now, true, lookup);
        if (updated.change() == null) {
          result = new WriteResult(ChangeType.ENTITY_NO_CHANGE, 200, current.entity());
        } else {
          if (current.entity().deleted() && !updated.next().deleted()) {
            restored.add(current.entity().id());
          }
          current.changeTo(updated.next());
          result = new WriteResult(ChangeType.ENTITY_UPDATED, 200, updated.next());
        }
      }
      return new ItemOutcome(r.pending().name(), result, null);
    } catch (ApiException e) {
      return new ItemOutcome(r.pending().name(), null, e);
    }
  }

  // ------------------------------------------------------------------ import (CSV)

  /**
   * One row of an import (catalog spec §7.6): {@code base} names the entity (its {@code name} and
   * parent member, as a request spells them) and is the request of a new one before {@code set};
   * {@code set} writes what the row says into the request form of the entity (the stored one as a
   * request, or {@code base}): a member it sets to null or removes is cleared, one it leaves alone
   * keeps its value.
   */
  public record ImportRow(ObjectNode base, java.util.function.UnaryOperator<ObjectNode> set) {}

  /**
   * Applies import rows in order, in one transaction, each one alone: a row that fails writes
   * nothing and the others go on. A new entity is created; an existing one is changed as a PATCH
   * that sets exactly what its row says would change it (versioned, with its changeDescription).
   * With {@code dryRun} everything is checked and nothing written. The outcomes are in row order.
   */
  public List<ItemOutcome> importRows(List<ImportRow> rows, boolean dryRun, Principal principal) {
    ItemOutcome[] outcomes = new ItemOutcome[rows.size()];
    List<Pending> pending = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      ObjectNode base = rows.get(i).base();
      String name = base.path("name").asText(null);
      try {
        Names.requireValidName("name", name);
        pending.add(new Pending(i, name, base, Map.of(), placements.asked(base)));
      } catch (ApiException e) {
        outcomes[i] = new ItemOutcome(name, null, e);
      }
    }
    if (!pending.isEmpty()) {
      List<ItemOutcome> applied = store.write(tx -> applyImport(tx, rows, pending, dryRun, principal));
      for (int k = 0; k < pending.size(); k++) {
        outcomes[pending.get(k).index()] = applied.get(k);
      }
    }
    return List.of(outcomes);
  }

  private List<ItemOutcome> applyImport(Tx tx, List<ImportRow> rows, List<Pending> pending, boolean dryRun, Principal principal) {
    long now = engine.clock().millis();
    Lookup lookup = engine.links().lookup(tx);
    Placements.Batch parents = placements.resolve(tx, pending.stream().map(Pending::parent).toList());
    ItemOutcome[] outcomes = new ItemOutcome[pending.size()];
    Placements.Placed[] placed = new Placements.Placed[pending.size()];
    String[] hashes = new String[pending.size()];
    for (int k = 0; k < pending.size(); k++) {
      Pending p = pending.get(k);
      try {
        placed[k] = parents.place(p.parent(), p.name());
        hashes[k] = meridian.core.Fqn.hash(placed[k].placement().fqn());
      } catch (ApiException e) {
        outcomes[k] = new ItemOutcome(p.name(), null, e);
      }
    }
    List<RelationField> fields = kind.relations().stream().filter(f -> f.settable() || f.tracked()).toList();
    Map<String, Working> working = new LinkedHashMap<>();
    store.loadByHashes(tx, java.util.Arrays.stream(hashes).filter(java.util.Objects::nonNull).distinct().toList(), fields)
        .forEach((hash, stored) -> working.put(hash, new Working(stored, stored.entity(), false, stored.parentId())));
    // Each row's request: what it says, written over the entity as it stands (or over its base).
    ObjectNode[] requests = new ObjectNode[pending.size()];
    List<Map<String, List<Relations.Ref>>> refs = new ArrayList<>();
    for (int k = 0; k < pending.size(); k++) {
      refs.add(Map.of());
      if (outcomes[k] != null) {
        continue;
      }
      Pending p = pending.get(k);
      try {
        Working current = working.get(hashes[k]);
        if (current != null && current.entity().deleted()) {
          throw ApiException.badRequest(kind.entityType() + " " + current.entity().fullyQualifiedName()
              + " is deleted: restore it (PUT /v1/" + kind.collectionPath() + "/restore) or delete it for good, then import this row again");
        }
        ObjectNode start = current == null ? p.request().deepCopy() : view.toRequest(view.patchSource(current.entity(), principal));
        ObjectNode set = rows.get(p.index()).set().apply(start);
        C request = reader.read(set, kind.requestType());
        kind.validate(request);
        requests[k] = (ObjectNode) json.tree(request);
        refs.set(k, relations.requested(kind, requests[k]));
      } catch (ApiException e) {
        outcomes[k] = new ItemOutcome(p.name(), null, e);
      }
    }
    Relations.Resolver resolver = engine.links().fetch(tx, kind, relations.wanted(kind, refs));
    for (int k = 0; k < pending.size(); k++) {
      if (outcomes[k] != null) {
        continue;
      }
      Pending p = pending.get(k);
      try {
        Map<String, List<Link>> links = resolver.resolve(refs.get(k));
        Working current = working.get(hashes[k]);
        if (current == null) {
          policy.authorizeCreate(principal, placed[k].parent(), lookup);
          Entity created = merge.create(requests[k], placed[k].placement(), links, principal, now, lookup);
          working.put(hashes[k], new Working(null, created, true, placed[k].parentId()));
          outcomes[k] = new ItemOutcome(p.name(), new WriteResult(ChangeType.ENTITY_CREATED, 201, created), null);
          continue;
        }
        policy.authorize(principal, current.entity(), "EditAll", lookup);
        Merge.Updated updated = merge.update(current.entity(), requests[k], links, principal, now, false, lookup);
        if (updated.change() == null) {
          outcomes[k] = new ItemOutcome(p.name(), new WriteResult(ChangeType.ENTITY_NO_CHANGE, 200, current.entity()), null);
        } else {
          current.changeTo(updated.next());
          outcomes[k] = new ItemOutcome(p.name(), new WriteResult(ChangeType.ENTITY_UPDATED, 200, updated.next()), null);
        }
      } catch (ApiException e) {
        outcomes[k] = new ItemOutcome(p.name(), null, e);
      }
    }
    if (!dryRun) {
      store.persist(tx, working.values());
    }
    return List.of(outcomes);
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
    List<RelationField> fields = kind.relations().stream().filter(f -> f.settable() || f.tracked()).toList();
    return mutate(target, Include.NON_DELETED, ifMatch, fields, (tx, stored) -> {
      Entity current = stored.entity();
      placements.refuseWhileAncestorDeleted(tx, current);
      long now = engine.clock().millis();
      Lookup lookup = engine.links().lookup(tx);
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
      C request = reader.read(view.toRequest(patched, lookup), kind.requestType());
      kind.validate(request);
      ObjectNode tree = (ObjectNode) json.tree(request);
      Map<String, List<Relations.Ref>> refs = relations.requested(kind, tree);
      Map<String, List<Link>> links = engine.links().fetch(tx, kind, relations.wanted(kind, List.of(refs))).resolve(refs);
      Merge.Updated updated = merge.update(current, tree, links, principal, now, false, lookup);
      if (updated.change() == null) {
        return Change.none(current);
      }
      policy.authorizePatch(principal, current, updated.change(), lookup);
      return consolidated(tx, current, updated, principal, ifMatch, now)
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
      Tx tx, Entity current, Merge.Updated updated, Principal principal, String ifMatch, long now) {
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
    Optional<Entity> base = store.version(tx, current.id(), previousTenths);
    if (base.isEmpty()) {
      return Optional.empty();
    }
    Versioning.Diff diff = Versioning.changes(merge.tracked(), merge.snapshot(base.get()), merge.snapshot(updated.next()), previousTenths);
    ChangeDescription sinceBase = diff.change();
    if (sinceBase.isEmpty()) {
      return Optional.of(new Change(new WriteResult(ChangeType.ENTITY_UPDATED, 200, base.get()), base.get(), false, previousTenths, false));
    }
    // The session's version is one step from the version before it: minor, or major when the
    // change since then is (a column removed or narrowed, catalog spec §5.4).
    int version = diff.major() ? Versioning.nextMajor(previousTenths) : Versioning.nextMinor(previousTenths);
    Entity next = merge.stamp(updated.next(), version, sinceBase, principal, now);
    return Optional.of(new Change(new WriteResult(ChangeType.ENTITY_UPDATED, 200, next), next, false, null, false));
  }

  /** What the first transaction of a delete or restore decided: done, or a subtree to walk. */
  private record Step(WriteResult done, UUID walk) {}

  /**
   * Soft delete by default (version +0.1, {@code deleted: true}, hidden from default reads, the
   * name still taken); {@code hard} removes the row, its history and its edges (spec §3.7). An
   * entity with children — live or soft-deleted (catalog spec §6.2) — needs {@code recursive}:
   * then its subtree goes first, walked in batches as a job (catalog spec §6.3), and the entity
   * last.
   */
  public WriteResult delete(Target target, boolean hard, boolean recursive, Principal principal, String ifMatch) {
    Step step = store.write(tx -> {
      Stored stored = store.load(tx, target, Include.ALL, deleteFields(principal));
      Entity current = stored.entity();
      Preconditions.check(ifMatch, current.versionTenths());
      Lookup lookup = engine.links().lookup(tx);
      policy.authorize(principal, current, "Delete", lookup);
      String refusal = kind.undeletable(current);
      if (refusal != null) {
        throw ApiException.badRequest(refusal);
      }
      boolean contained = engine.cascade().hasChildren(tx, kind.entityType(), current.id());
      boolean linked = kind.relations().stream().filter(RelationField::containment).anyMatch(f -> !current.links(f.name()).isEmpty());
      if (!recursive && (contained || linked)) {
        throw ApiException.badRequest(kind.entityType() + " is not empty");
      }
      if (contained) {
        return new Step(null, current.id());
      }
      return new Step(deleteHere(tx, stored, hard, principal), null);
    });
    if (step.walk() == null) {
      return step.done();
    }
    String request = json.write(Map.of("type", kind.entityType(), "id", step.walk().toString(), "hard", hard, "recursive", true));
    return engine.jobs().runHere("delete", kind.entityType(), step.walk(), request, principal,
        run -> deleteTree(run, step.walk(), hard, true, principal), Engine::summary);
  }

  /** What an asynchronous delete answers at once (spec §3.7): the job to follow, and what it was asked to do. */
  public record Accepted(UUID job, Entity entity) {}

  /**
   * OM's {@code DELETE …/async/{id}} (spec §3.7): the checks a delete makes — the entity exists
   * (404), the caller may delete it (403), it is empty unless {@code recursive} (400) — at once;
   * then the delete runs as a job, followed at {@code /api/v1/jobs/{id}} (OM pushes its end over a
   * websocket instead).
   */
  public Accepted deleteAsync(Target target, boolean hard, boolean recursive, Principal principal) {
    Entity entity = store.write(tx -> {
      Stored stored = store.load(tx, target, Include.ALL, deleteFields(principal));
      Entity current = stored.entity();
      policy.authorize(principal, current, "Delete", engine.links().lookup(tx));
      String refusal = kind.undeletable(current);
      if (refusal != null) {
        throw ApiException.badRequest(refusal);
      }
      boolean linked = kind.relations().stream().filter(RelationField::containment).anyMatch(f -> !current.links(f.name()).isEmpty());
      if (!recursive && (linked || engine.cascade().hasChildren(tx, kind.entityType(), current.id()))) {
        throw ApiException.badRequest(kind.entityType() + " is not empty");
      }
      return current;
    });
    String request = json.write(Map.of("type", kind.entityType(), "id", entity.id().toString(), "hard", hard, "recursive", recursive));
    return new Accepted(engine.jobs().submit("delete", kind.entityType(), entity.id(), request, principal), entity);
  }

  /** The relation fields a delete reads: the owners (who may delete), containment fields (what goes with it) and the tracked ones (its history row). */
  private List<RelationField> deleteFields(Principal principal) {
    return kind.relations().stream()
        .filter(f -> f.containment() || f.tracked() || (f.name().equals("owners") && !principal.admin() && !principal.bot()))
        .toList();
  }

  /** The entity itself, in the caller's transaction, with its children through containment fields. */
  private WriteResult deleteHere(Tx tx, Stored stored, boolean hard, Principal principal) {
    Entity current = stored.entity();
    long now = engine.clock().millis();
    if (hard) {
      engine.cascade().edgeChildren(tx, kind, List.of(current), true, true, principal, now);
      store.hardDelete(tx, stored);
      return new WriteResult(ChangeType.ENTITY_DELETED, 200, current);
    }
    if (current.deleted()) {
      return new WriteResult(ChangeType.ENTITY_NO_CHANGE, 200, current);
    }
    engine.cascade().edgeChildren(tx, kind, List.of(current), false, true, principal, now);
    Entity next = merge.flipDeleted(current, true, principal, now);
    store.update(tx, stored, next, true, null);
    return new WriteResult(ChangeType.ENTITY_SOFT_DELETED, 200, next);
  }

  /**
   * The recursive delete of {@code id}: its subtree in batches, a second pass that finds nothing
   * left (or what a writer that was already under way added), then the entity itself in a
   * transaction that locks it and checks that no child remains. Run again from the start by
   * another replica if this one dies (see {@link Jobs}).
   */
  WriteResult deleteTree(Jobs.Run run, UUID id, boolean hard, boolean recursive, Principal principal) {
    long[] done = {0};
    for (int pass = 1; pass <= 5; pass++) {
      if (recursive) {
        engine.cascade().deleteBelow(run, kind.entityType(), id, hard, principal, done);
        if (engine.cascade().deleteBelow(run, kind.entityType(), id, hard, principal, done) > 0) {
          continue;
        }
      }
      WriteResult result = store.write(tx -> {
        Optional<Stored> found = store.find(tx, id, deleteFields(principal));
        if (found.isEmpty()) {
          throw ApiException.notFound(kind.entityType(), id);
        }
        boolean left = hard || !recursive ? engine.cascade().hasChildren(tx, kind.entityType(), id)
            : engine.cascade().hasChildren(tx, kind.entityType(), id, false);
        if (left && !recursive) {
          // Asked for without recursive, and a child was created since the delete was accepted.
          throw ApiException.badRequest(kind.entityType() + " is not empty");
        }
        if (left) {
          return null;
        }
        WriteResult deleted = deleteHere(tx, found.get(), hard, principal);
        if (run != null) {
          run.progress(tx, done[0] + 1, done[0] + 1);
        }
        return deleted;
      });
      if (result != null) {
        return result;
      }
    }
    throw ApiException.conflict("Entities kept being created under " + kind.entityType() + " " + id + " while it was deleted; delete it again");
  }

  /** {@code PUT /restore} (spec §3.8): the entity, then its soft-deleted children (catalog spec §6.4). Restoring one that is not deleted changes nothing. */
  public WriteResult restore(UUID id, Principal principal) {
    List<RelationField> fields = kind.relations().stream()
        .filter(f -> f.containment() || f.tracked() || (f.name().equals("owners") && !principal.admin() && !principal.bot()))
        .toList();
    WriteResult result = mutate(Target.byId(id), Include.ALL, null, fields, (tx, stored) -> {
      Entity current = stored.entity();
      policy.authorize(principal, current, "EditAll", engine.links().lookup(tx));
      placements.refuseWhileAncestorDeleted(tx, current);
      if (!current.deleted()) {
        return Change.none(current);
      }
      Entity next = merge.flipDeleted(current, false, principal, engine.clock().millis());
      return new Change(new WriteResult(ChangeType.ENTITY_RESTORED, 200, next), next, true, null, false);
    });
    if (result.change() == ChangeType.ENTITY_RESTORED) {
      restoreChildren(id, principal);
    }
    return result;
  }

  /**
   * What comes back with a restored entity — by {@code /restore} or by a PUT that found it deleted
   * (spec §5.2) alike: its children through containment relation fields (a domain's data products)
   * at once, then its soft-deleted subtree, top down, in batches, as a job when there is any.
   */
  private void restoreChildren(UUID id, Principal principal) {
    List<RelationField> edges = kind.relations().stream().filter(RelationField::containment).toList();
    if (!edges.isEmpty()) {
      store.write(tx -> {
        store.find(tx, id, edges).ifPresent(stored ->
            engine.cascade().edgeChildren(tx, kind, List.of(stored.entity()), false, false, principal, engine.clock().millis()));
        return null;
      });
    }
    boolean any = store.write(tx -> engine.cascade().hasChildren(tx, kind.entityType(), id, true));
    if (!any) {
      return;
    }
    String request = json.write(Map.of("type", kind.entityType(), "id", id.toString()));
    engine.jobs().runHere("restore", kind.entityType(), id, request, principal, run -> restoreTree(run, id, principal), Engine::summary);
  }

  long restoreTree(Jobs.Run run, UUID id, Principal principal) {
    return engine.cascade().restoreBelow(run, kind.entityType(), id, principal, new long[] {0});
  }

  private WriteResult mutate(Target target, Include include, String ifMatch, Collection<RelationField> fields,
      BiFunction<Tx, Stored, Change> mutation) {
    return store.write(tx -> {
      Stored current = store.load(tx, target, include, fields);
      Preconditions.check(ifMatch, current.entity().versionTenths());
      Change change = mutation.apply(tx, current);
      if (change.hardDelete()) {
        store.hardDelete(tx, current);
      } else if (change.next() != null) {
        store.update(tx, current, change.next(), change.addHistory(), change.dropHistory());
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
  public Optional<Entity> annotateIf(UUID id, Predicate<ObjectNode> condition, Map<String, JsonNode> values) {
    return store.write(tx -> {
      Stored stored = store.load(tx, Target.byId(id), Include.NON_DELETED, List.of());
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
      store.annotate(tx, stored, next);
      return Optional.of(next);
    });
  }

  /** The entity, if {@code principal} may {@code operation} it (admins, bots, owners); OM's 403 or 404 otherwise. */
  public Entity authorized(UUID id, Principal principal, String operation) {
    List<RelationField> owners = kind.relations().stream().filter(f -> f.name().equals("owners")).toList();
    return store.write(tx -> {
      Stored stored = store.load(tx, Target.byId(id), Include.NON_DELETED, owners);
      policy.authorize(principal, stored.entity(), operation, engine.links().lookup(tx));
      return stored.entity();
    });
  }

  /** OM's 403 unless {@code principal} may create this kind (for a kind without parents). */
  public void authorizeCreate(Principal principal) {
    policy.authorizeCreate(principal, null, null);
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
    return store.write(tx -> {
      Stored stored = store.load(tx, Target.byId(id), Include.NON_DELETED, List.of(followers));
      Link user = engine.links().lookup(tx).byId("user", userId).orElseThrow(() -> ApiException.notFound("user", userId));
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
        engine.links().replace(tx, kind, followers, Map.of(id, next));
      }
      Map<String, List<Link>> links = new HashMap<>(stored.entity().links());
      links.put("followers", Relations.sorted(followers, next));
      return new Follow(stored.entity().withLinks(links), user, changed);
    });
  }
}
