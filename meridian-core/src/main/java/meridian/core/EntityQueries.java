package meridian.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import meridian.core.errors.ApiException;
import meridian.model.EntityReference;
import meridian.model.Include;
import meridian.store.Database;
import meridian.store.EntityDao;
import meridian.store.VersionDao;
import meridian.store.VersionDao.VersionRow;
import meridian.store.rows.EntityRow;

/** Lists and version history of one kind (spec §3.1, §3.9): reads only, no transaction needed. */
public final class EntityQueries<C> {
  public static final int MAX_LIMIT = 1_000_000;

  private final EntityRepository<C> repository;
  private final Database database;
  private final Json json;
  private final EntityDao entities;
  private final VersionDao versions = new VersionDao();

  public EntityQueries(EntityRepository<C> repository, Database database, Json json) {
    this.repository = repository;
    this.database = database;
    this.json = json;
    this.entities = new EntityDao(repository.kind().table());
  }

  /** One page of a list and the cursors around it; {@code total} counts every match. */
  public record Page(List<Entity> items, String before, String after, int total) {}

  /**
   * Keyset paging in (name, id) order: {@code limit + 1} rows are read after (or before) the
   * cursor, the extra one only telling whether another page exists (spec §3.1).
   */
  public Page list(Include include, int limit, String before, String after, Fields fields) {
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
      int total = entities.count(handle, deleted);
      if (limit == 0) {
        return new Page(List.of(), null, null, total);
      }
      List<EntityRow> rows;
      String beforeCursor;
      String afterCursor;
      if (beforeKey != null) {
        rows = new ArrayList<>(entities.pageBefore(handle, deleted, beforeKey.name(), beforeKey.id(), limit + 1));
        boolean more = rows.size() > limit;
        if (more) {
          rows = new ArrayList<>(rows.subList(0, limit));
        }
        Collections.reverse(rows);
        beforeCursor = more ? cursor(rows.get(0)) : null;
        afterCursor = rows.isEmpty() ? null : cursor(rows.get(rows.size() - 1));
      } else {
        Cursor from = afterKey == null ? Cursor.START : afterKey;
        rows = entities.pageAfter(handle, deleted, from.name(), from.id(), limit + 1);
        boolean more = rows.size() > limit;
        if (more) {
          rows = rows.subList(0, limit);
        }
        afterCursor = more ? cursor(rows.get(rows.size() - 1)) : null;
        beforeCursor = afterKey == null || rows.isEmpty() ? null : cursor(rows.get(0));
      }
      // Relationships only when asked for (spec §1.9): a plain list page is two queries.
      Map<UUID, List<EntityReference>> owners =
          fields.contains("owners") ? repository.ownersOf(handle, rows.stream().map(EntityRow::id).toList()) : Map.of();
      List<Entity> items = new ArrayList<>(rows.size());
      for (EntityRow row : rows) {
        items.add(new Entity(json.readStored(row.json()), owners.getOrDefault(row.id(), List.of())));
      }
      return new Page(items, beforeCursor, afterCursor, total);
    });
  }

  private String cursor(EntityRow row) {
    return new Cursor(row.name(), row.id().toString()).encode(json);
  }

  /** The entity (deleted or not) and its stored versions, newest first (spec §3.9). */
  public record History(Entity current, List<ObjectNode> older) {}

  public History history(UUID id) {
    Entity current = repository.get(id, Include.ALL);
    List<ObjectNode> older = new ArrayList<>();
    database.read(handle -> versions.list(handle, repository.kind().entityType(), id))
        .forEach(row -> older.add(json.readStored(row.json())));
    return new History(current, older);
  }

  /** One version of an entity: the current one or a stored one; OM's 404 otherwise. */
  public ObjectNode version(UUID id, String version, Principal principal, Fields fields, String apiRoot) {
    Entity current = repository.get(id, Include.ALL);
    int tenths;
    try {
      tenths = Versioning.toTenths(Double.parseDouble(version));
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound(repository.kind().entityType(), id + " and version " + Names.abbreviate(version));
    }
    if (tenths == current.versionTenths()) {
      return repository.view().render(current, fields, principal, apiRoot);
    }
    VersionRow row =
        database.read(handle -> versions.find(handle, repository.kind().entityType(), id, tenths))
            .orElseThrow(() -> ApiException.notFound(
                repository.kind().entityType(), id + " and version " + Versioning.toNumber(tenths)));
    return repository.view().renderSnapshot(json.readStored(row.json()), principal);
  }
}
