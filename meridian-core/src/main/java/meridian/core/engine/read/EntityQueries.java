package meridian.core.engine.read;

import meridian.core.Json;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.engine.Target;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.write.Versioning;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import meridian.core.errors.ApiException;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.Relations;
import meridian.model.Include;
import meridian.store.Database;
import meridian.store.EntityDao;
import meridian.store.VersionDao;
import meridian.store.VersionDao.VersionRow;
import meridian.store.rows.EntityRow;
import org.jdbi.v3.core.Handle;

/**
 * The read side of one kind (spec §3.1–3.3, §3.9): get, list and version history. Only what
 * {@code fields} asks for is loaded (spec §1.9), so a plain GET is one query and a list page two.
 * Reads need no transaction: each statement sees committed data.
 */
public final class EntityQueries<C> {
  public static final int MAX_LIMIT = 1_000_000;

  private final EntityKind<C> kind;
  private final Database database;
  private final Json json;
  private final Relations relations;
  private final EntityDao entities;
  private final VersionDao versions;
  private final Map<String, List<String>> listFilters;

  /**
   * @param listFilters list query parameters that narrow to one related entity, each naming the
   *     relation fields it may mean, tried in order (a service's {@code domain} → {@code domains})
   */
  public EntityQueries(EntityKind<C> kind, Database database, Json json, Relations relations, Map<String, List<String>> listFilters) {
    this.kind = kind;
    this.database = database;
    this.versions = database.versions();
    this.json = json;
    this.relations = relations;
    this.entities = relations.kinds().dao(kind.entityType());
    this.listFilters = Map.copyOf(listFilters);
  }

  public EntityKind<C> kind() {
    return kind;
  }

  /** The list parameters that filter by a related entity. */
  public java.util.Set<String> listFilters() {
    return listFilters.keySet();
  }

  /** The entity a request names, as {@code include} allows, with the relations {@code fields} asks for. */
  public Optional<Entity> find(Target target, Include include, Fields fields) {
    return database.read(handle -> row(handle, target).filter(r -> visible(r, include))
        .map(r -> decorate(handle, List.of(r), fields).get(0)));
  }

  /** The same; OM's 404 when there is none. */
  public Entity get(Target target, Include include, Fields fields) {
    return find(target, include, fields).orElseThrow(() -> ApiException.notFound(kind.entityType(), target.key()));
  }

  private Optional<EntityRow> row(Handle handle, Target target) {
    if (target.id() != null) {
      return entities.findById(handle, target.id());
    }
    return byHashes(handle, entities, relations.kinds().hashesFor(kind.entityType(), target.fqn()));
  }

  /** The row under the first of these FQN hashes that has one; a single hash is the common case, an indexed equality. */
  public static Optional<EntityRow> byHashes(Handle handle, EntityDao dao, List<String> hashes) {
    for (String hash : hashes) {
      Optional<EntityRow> row = dao.findByFqnHash(handle, hash);
      if (row.isPresent()) {
        return row;
      }
    }
    return Optional.empty();
  }

  static boolean visible(EntityRow row, Include include) {
    return switch (include) {
      case ALL -> true;
      case DELETED -> row.deleted();
      case NON_DELETED -> !row.deleted();
    };
  }

  /** Entities from rows, with the requested relations, what a read shows for an empty one, and computed values. */
  private List<Entity> decorate(Handle handle, List<EntityRow> rows, Fields asked) {
    Fields fields = asked.plus(kind.defaultFields());
    List<RelationField> wanted = new ArrayList<>();
    for (RelationField field : kind.relations()) {
      if (fields.contains(field.name()) || (field.alias() != null && fields.contains(field.alias()))) {
        wanted.add(field);
      }
    }
    Map<UUID, Map<String, List<Link>>> links = relations.load(handle, kind, rows.stream().map(EntityRow::id).toList(), wanted);
    Lookup lookup = relations.lookup(handle);
    List<Entity> out = new ArrayList<>(rows.size());
    for (EntityRow row : rows) {
      ObjectNode doc = json.readStored(row.json());
      Map<String, List<Link>> shown = new HashMap<>(links.get(row.id()));
      for (RelationField field : wanted) {
        if (shown.get(field.name()).isEmpty()) {
          List<Link> fallback = kind.shownWhenEmpty(field, new Entity(doc), lookup);
          if (fallback != null) {
            shown.put(field.name(), fallback);
          }
        }
      }
      Entity entity = new Entity(doc, shown);
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

  /** One page of a list and the cursors around it; {@code total} counts every match. */
  public record Page(List<Entity> items, String before, String after, int total) {}

  /**
   * Keyset paging in (name, id) order: {@code limit + 1} rows are read after (or before) the
   * cursor, the extra one only telling whether another page exists (spec §3.1). {@code filters}
   * are list parameters from {@link #listFilters} with their values.
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
    return database.read(handle -> {
      EntityDao.Related related = related(handle, filters);
      int total = entities.count(handle, deleted, related);
      if (limit == 0) {
        return new Page(List.of(), null, null, total);
      }
      List<EntityRow> rows;
      String beforeCursor;
      String afterCursor;
      if (beforeKey != null) {
        rows = new ArrayList<>(entities.pageBefore(handle, deleted, related, beforeKey.name(), beforeKey.id(), limit + 1));
        boolean more = rows.size() > limit;
        if (more) {
          rows = new ArrayList<>(rows.subList(0, limit));
        }
        Collections.reverse(rows);
        beforeCursor = more ? cursor(rows.get(0)) : null;
        afterCursor = rows.isEmpty() ? null : cursor(rows.get(rows.size() - 1));
      } else {
        Cursor from = afterKey == null ? Cursor.START : afterKey;
        rows = entities.pageAfter(handle, deleted, related, from.name(), from.id(), limit + 1);
        boolean more = rows.size() > limit;
        if (more) {
          rows = rows.subList(0, limit);
        }
        afterCursor = more ? cursor(rows.get(rows.size() - 1)) : null;
        beforeCursor = afterKey == null || rows.isEmpty() ? null : cursor(rows.get(0));
      }
      return new Page(decorate(handle, rows, fields), beforeCursor, afterCursor, total);
    });
  }

  /**
   * The one related entity a list is narrowed to (OM allows one such filter at a time): its value
   * is the FQN of a non-deleted entity of the field's kind; an unknown one is OM's 404.
   */
  private EntityDao.Related related(Handle handle, Map<String, String> filters) {
    EntityDao.Related related = null;
    for (Map.Entry<String, String> filter : filters.entrySet()) {
      List<String> names = listFilters.get(filter.getKey());
      if (names == null || filter.getValue() == null) {
        continue;
      }
      EntityDao.Related found = null;
      RelationField first = null;
      for (String name : names) {
        RelationField field = kind.relations().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        first = first == null ? field : first;
        Optional<Link> target = relations.lookup(handle).byFqn(field.targets().get(0), filter.getValue()).filter(l -> !l.deleted());
        if (target.isPresent()) {
          found = new EntityDao.Related(target.get().id(), field.relation(), field.inbound());
          break;
        }
      }
      if (found == null) {
        throw ApiException.notFound(first.targets().get(0), Names.abbreviate(filter.getValue()));
      }
      if (related != null) {
        throw ApiException.badRequest("Only one of " + listFilters.keySet() + " may narrow a list at a time");
      }
      related = found;
    }
    return related;
  }

  private String cursor(EntityRow row) {
    return new Cursor(row.name(), row.id().toString()).encode(json);
  }

  /** The entity (deleted or not), with {@code fields}, and its stored versions, newest first (spec §3.9). */
  public record History(Entity current, List<ObjectNode> older) {}

  public History history(UUID id, Fields fields) {
    Entity current = get(Target.byId(id), Include.ALL, fields);
    List<ObjectNode> older = new ArrayList<>();
    database.read(handle -> versions.list(handle, kind.entityType(), id)).forEach(row -> older.add(json.readStored(row.json())));
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
    VersionRow row =
        database.read(handle -> versions.find(handle, kind.entityType(), id, tenths))
            .orElseThrow(() -> ApiException.notFound(kind.entityType(), id + " and version " + Versioning.toNumber(tenths)));
    return view.renderSnapshot(json.readStored(row.json()), principal);
  }
}
