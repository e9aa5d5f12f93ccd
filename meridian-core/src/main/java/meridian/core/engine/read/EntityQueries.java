package meridian.core.engine.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import meridian.core.Json;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.engine.Engine;
import meridian.core.engine.Kinds;
import meridian.core.engine.Target;
import meridian.core.engine.kind.ChildList;
import meridian.core.engine.kind.Containment;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.kind.ListFilter;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.store.LinkStore;
import meridian.core.engine.store.Reads;
import meridian.core.engine.store.Store;
import meridian.core.engine.store.Tx;
import meridian.core.engine.write.Versioning;
import meridian.core.errors.ApiException;
import meridian.model.Include;

/**
 * The read side of one kind (spec §3.1–3.3, §3.9): get, list and version history. Only what
 * {@code fields} asks for is loaded (spec §1.9), so a plain GET is one query plus one per kind of
 * ancestor, and a list page a few more. Reads need no transaction: each statement sees committed
 * data.
 */
public final class EntityQueries<C> {
  public static final int MAX_LIMIT = 1_000_000;

  private final EntityKind<C> kind;
  private final Kinds kinds;
  private final Store store;
  private final Json json;
  private final LinkStore links;
  private final Reads reads;
  private final Engine engine;

  public EntityQueries(EntityKind<C> kind, Engine engine) {
    this.kind = kind;
    this.engine = engine;
    this.kinds = engine.kinds();
    this.store = engine.storeAccess();
    this.json = engine.json();
    this.links = engine.links();
    this.reads = engine.reads(kind.entityType());
  }

  public EntityKind<C> kind() {
    return kind;
  }

  /** The list parameters that filter by a related or containing entity. */
  public Set<String> listFilters() {
    Set<String> names = new LinkedHashSet<>();
    kind.listFilters().forEach(f -> names.add(f.param()));
    return names;
  }

  /** The entity a request names, as {@code include} allows, with the relations {@code fields} asks for. */
  public Optional<Entity> find(Target target, Include include, Fields fields) {
    return store.read(tx -> reads.find(tx, target).filter(e -> visible(e, include))
        .map(e -> decorate(tx, List.of(e), fields, include).get(0)));
  }

  /**
   * The id, row version and deleted flag of the entity of this name, from one index probe and no
   * document: what a caller that keeps something derived from the entity checks it against.
   */
  public Optional<Stamp> stamp(String fqn) {
    return store.read(tx -> reads.stamp(tx, fqn)).map(s -> new Stamp(s.id(), s.rowVersion(), s.deleted()));
  }

  /** The entities with these ids, deleted or not, with the relations {@code fields} asks for; in the order of {@code ids}, the missing left out. */
  public List<Entity> byIds(List<UUID> ids, Fields fields) {
    return store.read(tx -> {
      Map<UUID, Entity> found = new HashMap<>();
      decorate(tx, reads.byIds(tx, ids), fields, Include.ALL).forEach(e -> found.put(e.id(), e));
      List<Entity> out = new ArrayList<>();
      ids.forEach(id -> {
        if (found.containsKey(id)) {
          out.add(found.get(id));
        }
      });
      return out;
    });
  }

  /** A row's identity and state: any change to the entity moves its row version. */
  public record Stamp(UUID id, int rowVersion, boolean deleted) {}

  /** The same; OM's 404 when there is none. */
  public Entity get(Target target, Include include, Fields fields) {
    return find(target, include, fields).orElseThrow(() -> ApiException.notFound(kind.entityType(), target.key()));
  }

  static boolean visible(Entity entity, Include include) {
    return switch (include) {
      case ALL -> true;
      case DELETED -> entity.deleted();
      case NON_DELETED -> !entity.deleted();
    };
  }

  /**
   * Entities with what a read shows beyond their documents: the relations {@code fields} asks for,
   * the ancestors (always, as their rows are now), what they inherit from them, the children lists
   * asked for, what a read shows for an empty field, and computed values.
   */
  private List<Entity> decorate(Tx tx, List<Entity> entities, Fields asked, Include include) {
    Fields fields = asked.plus(kind.defaultFields());
    List<RelationField> wanted = new ArrayList<>();
    for (RelationField field : kind.relations()) {
      if (fields.contains(field.name()) || (field.alias() != null && fields.contains(field.alias()))) {
        wanted.add(field);
      }
    }
    List<UUID> ids = entities.stream().map(Entity::id).toList();
    Map<UUID, Map<String, List<Link>>> loaded = links.load(tx, kind, ids, wanted);
    Map<UUID, Link> ancestors = ancestors(tx, entities);
    Map<String, Map<UUID, List<Link>>> children = new HashMap<>();
    // The children a list shows follow the read's include: live ones, deleted ones, or both.
    Boolean childState = include == Include.ALL ? null : include == Include.DELETED;
    for (ChildList list : kind.childLists()) {
      if (fields.contains(list.member())) {
        children.put(list.member(), engine.reads(list.childKind()).children(tx, ids, childState));
      }
    }
    Lookup lookup = links.lookup(tx);
    Map<String, Link> partTags = null;
    if (kind.taggedParts() && fields.contains("tags")) {
      Set<String> fqns = new LinkedHashSet<>();
      entities.forEach(e -> kind.partTags(e.doc()).forEach(t -> fqns.add(t.tagFQN())));
      partTags = links.byFqns(tx, "tag", fqns);
    }
    List<Entity> out = new ArrayList<>(entities.size());
    // What each ancestor holds, read once for the page (a page of tables mostly shares its ancestors).
    Map<String, List<Link>> ancestorLinks = new HashMap<>();
    List<Entity> built = new ArrayList<>(entities.size());
    for (Entity plain : entities) {
      ObjectNode doc = plain.doc();
      if (kind.taggedParts()) {
        kind.showParts(doc, partTags);
      }
      Map<String, List<Link>> shown = new HashMap<>(loaded.get(plain.id()));
      if (kind.containment() != null) {
        for (String member : kind.containment().members()) {
          JsonNode ref = doc.get(member);
          Link ancestor = ref == null ? null : ancestors.get(UUID.fromString(ref.path("id").asText()));
          shown.put(member, ancestor == null ? List.of() : List.of(ancestor));
        }
      }
      children.forEach((member, byParent) -> shown.put(member, byParent.getOrDefault(plain.id(), List.of())));
      for (RelationField field : wanted) {
        if (shown.get(field.name()).isEmpty()) {
          List<Link> fallback = kind.shownWhenEmpty(field, new Entity(doc), lookup);
          if (fallback != null) {
            shown.put(field.name(), fallback);
          }
        }
      }
      built.add(new Entity(doc, shown));
    }
    readInherited(tx, built, wanted, ancestors, ancestorLinks);
    for (Entity shown : built) {
      Entity entity = inherit(tx, shown, wanted, ancestors, ancestorLinks);
      ObjectNode doc = entity.doc();
      for (String computed : kind.computedFields()) {
        if (fields.contains(computed)) {
          JsonNode value = kind.computed(computed, entity, lookup);
          if (value != null) {
            doc.set(computed, value);
          }
        }
      }
      out.add(entity);
    }
    return out;
  }

  /** Every ancestor the documents name, as its row is now (name, display name, deleted), by id: one query per kind. */
  private Map<UUID, Link> ancestors(Tx tx, List<Entity> entities) {
    Containment containment = kind.containment();
    Map<UUID, Link> out = new HashMap<>();
    if (containment == null) {
      return out;
    }
    Map<String, Set<UUID>> byKind = new LinkedHashMap<>();
    for (Entity entity : entities) {
      for (Containment.Ancestor ancestor : containment.ancestors()) {
        JsonNode ref = entity.doc().get(ancestor.member());
        if (ref != null && ref.hasNonNull("id")) {
          byKind.computeIfAbsent(ancestor.kind(), k -> new LinkedHashSet<>()).add(UUID.fromString(ref.get("id").asText()));
        }
      }
    }
    byKind.forEach((type, set) -> out.putAll(links.byIds(tx, type, set)));
    return out;
  }

  /**
   * What the ancestors of a page's entities hold of each inherited relation, for the entities that
   * have none of their own, into {@code ancestorLinks} (keyed as {@link #inherit} looks them up): one
   * level of ancestors at a time, nearest first, each level one read for the whole page, and the
   * next level only for the entities whose ancestor at this one has none either. Without it a page
   * of tables in different schemas read each schema's, database's and service's owners and domains
   * alone (a search's ten hits: up to sixty statements, a third of its time: docs/performance.md).
   */
  private void readInherited(Tx tx, List<Entity> entities, List<RelationField> wanted, Map<UUID, Link> ancestors,
      Map<String, List<Link>> ancestorLinks) {
    Containment containment = kind.containment();
    if (containment == null) {
      return;
    }
    for (String member : containment.inherited()) {
      if (wanted.stream().noneMatch(f -> f.name().equals(member))) {
        continue;
      }
      List<Entity> pending = entities.stream().filter(e -> e.links(member).isEmpty()).toList();
      for (Containment.Ancestor ancestor : containment.ancestors()) {
        if (pending.isEmpty()) {
          break;
        }
        EntityKind<?> ancestorKind = kinds.kind(ancestor.kind());
        RelationField field = ancestorKind.relations().stream().filter(f -> f.name().equals(member)).findFirst().orElse(null);
        if (field == null) {
          continue;
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (Entity entity : pending) {
          Link link = ancestorOf(entity, ancestor, ancestors);
          if (link != null && !ancestorLinks.containsKey(link.id() + "/" + member)) {
            ids.add(link.id());
          }
        }
        if (!ids.isEmpty()) {
          links.load(tx, ancestorKind, ids, List.of(field)).forEach((id, byField) -> ancestorLinks.put(id + "/" + member, byField.get(member)));
        }
        pending = pending.stream().filter(entity -> {
          Link link = ancestorOf(entity, ancestor, ancestors);
          return link == null || ancestorLinks.getOrDefault(link.id() + "/" + member, List.of()).isEmpty();
        }).toList();
      }
    }
  }

  /**
   * Catalog spec §5.7: owners and domains a contained entity does not have itself are shown as its
   * nearest ancestor's, marked {@code inherited}; a missing retentionPeriod likewise. Never stored.
   */
  private Entity inherit(Tx tx, Entity entity, List<RelationField> wanted, Map<UUID, Link> ancestors,
      Map<String, List<Link>> ancestorLinks) {
    Containment containment = kind.containment();
    if (containment == null || containment.inherited().isEmpty()) {
      return entity;
    }
    Map<String, List<Link>> inherited = new HashMap<>();
    Set<String> fromDoc = new java.util.HashSet<>();
    for (String member : containment.inherited()) {
      boolean relation = wanted.stream().anyMatch(f -> f.name().equals(member));
      boolean docField = kind.relations().stream().noneMatch(f -> f.name().equals(member));
      if (relation && entity.links(member).isEmpty()) {
        for (Containment.Ancestor ancestor : containment.ancestors()) {
          Link link = ancestorOf(entity, ancestor, ancestors);
          if (link == null || kinds.kind(ancestor.kind()).relations().stream().noneMatch(f -> f.name().equals(member))) {
            continue;
          }
          List<Link> theirs = ancestorLinks.computeIfAbsent(link.id() + "/" + member,
              key -> links.lookup(tx).linksOf(ancestor.kind(), link.id(), member));
          if (!theirs.isEmpty()) {
            inherited.put(member, theirs);
            break;
          }
        }
      } else if (docField && !entity.doc().hasNonNull(member)) {
        for (Containment.Ancestor ancestor : containment.ancestors()) {
          Link link = ancestorOf(entity, ancestor, ancestors);
          if (link != null && link.target().hasNonNull(member)) {
            entity.doc().set(member, link.target().get(member));
            fromDoc.add(member);
            break;
          }
        }
      }
    }
    if (!fromDoc.isEmpty()) {
      // Marked as inherited too, for what must tell the entity's own value from its parent's (a CSV export).
      fromDoc.addAll(entity.inherited());
      entity = new Entity(entity.doc(), entity.links(), fromDoc);
    }
    return inherited.isEmpty() ? entity : entity.withInherited(inherited);
  }

  private static Link ancestorOf(Entity entity, Containment.Ancestor ancestor, Map<UUID, Link> ancestors) {
    JsonNode ref = entity.doc().get(ancestor.member());
    return ref == null || !ref.hasNonNull("id") ? null : ancestors.get(UUID.fromString(ref.get("id").asText()));
  }

  /** One page of a list and the cursors around it; {@code total} counts every match. */
  public record Page(List<Entity> items, String before, String after, int total) {}

  /** The parents a containment filter narrows a list to; empty: a filter that names nothing. */
  private record Scope(List<UUID> parents, Reads.Related related) {
    static final Scope ALL = new Scope(null, null);
  }

  /**
   * Keyset paging in (name, id) order: {@code limit + 1} rows are read after (or before) the
   * cursor, the extra one only telling whether another page exists (spec §3.1). {@code filters}
   * are list parameters from {@link #listFilters} with their values. A list narrowed to a parent
   * reads that parent's range of the parent index (one per state asked for); one narrowed to a
   * higher ancestor merges the pages of the parents below it (a database's tables: its schemas').
   */
  public Page list(Include include, int limit, String before, String after, Fields fields, Map<String, String> filters) {
    if (limit < 0) {
      throw ApiException.badRequest("[query param limit must be greater than or equal to 0]");
    }
    if (limit > MAX_LIMIT) {
      throw ApiException.badRequest("[query param limit must be less than or equal to " + MAX_LIMIT + "]");
    }
    if (before != null && after != null) {
      throw ApiException.badRequest("Only one of before or after query parameter allowed");
    }
    Boolean deleted = include == Include.ALL ? null : include == Include.DELETED;
    Cursor beforeKey = before == null ? null : Cursor.decode("before", before, json);
    Cursor afterKey = after == null || after.isEmpty() ? null : Cursor.decode("after", after, json);
    return store.read(tx -> {
      Scope scope = scope(tx, filters);
      if (scope.parents() != null && scope.parents().isEmpty()) {
        return new Page(List.of(), null, null, 0);
      }
      int total = total(tx, scope, deleted);
      if (limit == 0) {
        return new Page(List.of(), null, null, total);
      }
      List<Entity> rows;
      String beforeCursor;
      String afterCursor;
      if (beforeKey != null) {
        rows = new ArrayList<>(page(tx, scope, deleted, false, beforeKey, limit + 1));
        boolean more = rows.size() > limit;
        if (more) {
          rows = new ArrayList<>(rows.subList(0, limit));
        }
        Collections.reverse(rows);
        beforeCursor = more ? cursor(rows.get(0)) : null;
        afterCursor = rows.isEmpty() ? null : cursor(rows.get(rows.size() - 1));
      } else {
        Cursor from = afterKey == null ? Cursor.START : afterKey;
        rows = page(tx, scope, deleted, true, from, limit + 1);
        boolean more = rows.size() > limit;
        if (more) {
          rows = rows.subList(0, limit);
        }
        afterCursor = more ? cursor(rows.get(rows.size() - 1)) : null;
        beforeCursor = afterKey == null || rows.isEmpty() ? null : cursor(rows.get(0));
      }
      return new Page(decorate(tx, rows, fields, include), beforeCursor, afterCursor, total);
    });
  }

  /**
   * Up to this many parents, a page is merged from one index range per parent; beyond it (a
   * classification's tags, a database of many schemas), from one query per 500 parents.
   */
  static final int FEW_PARENTS = 16;

  private static final Comparator<Entity> ORDER = Comparator.comparing(Entity::name).thenComparing(e -> e.id().toString());

  /** One page of the scope: one index range, or the merge of one per parent and state. */
  private List<Entity> page(Tx tx, Scope scope, Boolean deleted, boolean after, Cursor key, int limit) {
    if (scope.parents() == null) {
      return reads.page(tx, after, null, deleted, scope.related(), key.name(), key.id(), limit);
    }
    List<Entity> merged = new ArrayList<>();
    for (Boolean state : deleted == null ? List.of(Boolean.FALSE, Boolean.TRUE) : List.of(deleted)) {
      if (scope.parents().size() <= FEW_PARENTS) {
        // A range of the parent index each, read in its order: nothing to sort but the few pages.
        for (UUID parent : scope.parents()) {
          merged.addAll(reads.page(tx, after, parent, state, null, key.name(), key.id(), limit));
        }
      } else {
        merged.addAll(reads.pageUnder(tx, after, scope.parents(), state, key.name(), key.id(), limit));
      }
    }
    merged.sort(after ? ORDER : ORDER.reversed());
    return merged.size() > limit ? new ArrayList<>(merged.subList(0, limit)) : merged;
  }

  private int total(Tx tx, Scope scope, Boolean deleted) {
    if (scope.parents() == null) {
      return reads.count(tx, null, deleted, scope.related());
    }
    return (int) reads.countUnder(tx, scope.parents(), deleted);
  }

  /**
   * What the list's filters narrow it to. A containment filter names an entity by FQN: a list of
   * its descendants of this kind, through the parents of this kind below it (none: an empty list,
   * as OM answers for an unknown service). A relation filter names a live related entity; an
   * unknown one is OM's 404. OM allows one filter at a time.
   */
  private Scope scope(Tx tx, Map<String, String> filters) {
    Scope scope = Scope.ALL;
    int used = 0;
    for (ListFilter filter : kind.listFilters()) {
      String value = filters.get(filter.param());
      if (value == null) {
        continue;
      }
      if (++used > 1) {
        throw ApiException.badRequest("Only one of " + listFilters() + " may narrow a list at a time");
      }
      scope = filter.byContainment() ? containedIn(tx, filter, value) : relatedTo(tx, filter, value);
    }
    return scope;
  }

  private Scope containedIn(Tx tx, ListFilter filter, String fqn) {
    Lookup lookup = links.lookup(tx);
    for (String ancestorKind : filter.ancestorKinds()) {
      Optional<Link> found = lookup.byFqn(ancestorKind, fqn);
      if (found.isEmpty()) {
        continue;
      }
      List<UUID> parents = new ArrayList<>();
      Containment containment = kind.containment();
      for (String parentKind : containment.parentKinds()) {
        if (parentKind.equals(ancestorKind)) {
          parents.add(found.get().id());
        }
        if (kinds.below(parentKind, ancestorKind)) {
          parents.addAll(lookup.descendants(found.get().id(), ancestorKind, parentKind));
        }
      }
      return new Scope(parents, null);
    }
    return new Scope(List.of(), null);
  }

  private Scope relatedTo(Tx tx, ListFilter filter, String fqn) {
    RelationField first = null;
    for (String name : filter.relations()) {
      RelationField field = kind.relations().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
      first = first == null ? field : first;
      Optional<Link> target = links.lookup(tx).byFqn(field.targets().get(0), fqn).filter(l -> !l.deleted());
      if (target.isPresent()) {
        return new Scope(null, new Reads.Related(target.get().id(), field.relation(), field.inbound()));
      }
    }
    throw ApiException.notFound(first.targets().get(0), Names.abbreviate(fqn));
  }

  private String cursor(Entity entity) {
    return new Cursor(entity.name(), entity.id().toString()).encode(json);
  }

  /**
   * The live entities of this kind directly under {@code parent}, each with the text of one
   * top-level member of its document (null when absent), without reading the documents: for a
   * caller that compares many children by one stored value (an ingestion run's sourceHash).
   */
  public List<ChildMember> childMembers(UUID parent, String member) {
    return store.read(tx -> reads.childMembers(tx, parent, member)).stream()
        .map(row -> new ChildMember(row.id(), row.name(), row.value())).toList();
  }

  /** A live child's id and name, and the text of one member of its document (null when absent). */
  public record ChildMember(UUID id, String name, String value) {}

  /** The entity (deleted or not), with {@code fields}, and its stored versions, newest first (spec §3.9). */
  public record History(Entity current, List<ObjectNode> older) {}

  public History history(UUID id, Fields fields) {
    Entity current = get(Target.byId(id), Include.ALL, fields);
    List<ObjectNode> older = new ArrayList<>();
    store.read(tx -> reads.versions(tx, id)).forEach(text -> older.add(json.readStored(text)));
    return new History(current, older);
  }

  /** One version of an entity: the current one or a stored one; OM's 404 otherwise. */
  public ObjectNode version(UUID id, String version, Principal principal, Fields fields, String apiRoot, EntityView view) {
    Entity current = get(Target.byId(id), Include.ALL, fields);
    int tenths;
    try {
      tenths = Versioning.toTenths(Double.parseDouble(version));
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound(kind.entityType(), id + " and version " + Names.abbreviate(version));
    }
    if (tenths == current.versionTenths()) {
      return view.render(current, fields, principal, apiRoot);
    }
    String stored = store.read(tx -> reads.version(tx, id, tenths))
        .orElseThrow(() -> ApiException.notFound(kind.entityType(), id + " and version " + Versioning.toNumber(tenths)));
    return view.renderSnapshot(json.readStored(stored), principal);
  }
}
