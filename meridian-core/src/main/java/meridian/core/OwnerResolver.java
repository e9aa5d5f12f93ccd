package meridian.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import meridian.core.errors.ApiException;
import meridian.model.EntityReference;
import meridian.store.EntityDao;
import meridian.store.RelationshipDao;
import meridian.store.rows.EntityRow;
import meridian.store.rows.RelationshipRow;
import org.jdbi.v3.core.Handle;

/**
 * Turns the owner references of requests into checked, populated references (spec §2.1, §2.3).
 * Owners are users today; teams arrive with the governance step and are unknown until then.
 * Lookups are batched: one query for all the ids and one for all the names of a whole batch.
 */
final class OwnerResolver {
  private final EntityDao users = new EntityDao("user_entity");
  private final RelationshipDao relationships = new RelationshipDao();
  private final Json json;

  OwnerResolver(Json json) {
    this.json = json;
  }

  /** The users behind the given requests' references, found in one pass. */
  Lookup prepare(Handle handle, List<List<EntityReference>> requested) {
    List<UUID> ids = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    for (List<EntityReference> refs : requested) {
      if (refs == null) {
        continue;
      }
      for (EntityReference ref : refs) {
        if (ref == null) {
          continue;
        }
        if (ref.id() != null) {
          ids.add(ref.id());
        } else if (nameOf(ref) != null) {
          hashes.add(Fqn.hash(Fqn.fromPath(nameOf(ref))));
        }
      }
    }
    Map<UUID, EntityRow> byId = new HashMap<>();
    Map<String, EntityRow> byHash = new HashMap<>();
    users.findByIds(handle, ids).forEach(row -> byId.put(row.id(), row));
    users.findByFqnHashes(handle, hashes).forEach(row -> byHash.put(row.fqnHash(), row));
    return new Lookup(byId, byHash);
  }

  /** Populated references for the users with these ids (e.g. the stored owners of entities). */
  Map<UUID, EntityReference> referencesById(Handle handle, List<UUID> ids) {
    Map<UUID, EntityReference> refs = new HashMap<>();
    users.findByIds(handle, ids).forEach(row -> refs.put(row.id(), reference(row)));
    return refs;
  }

  /** The stored owners of each entity in {@code ids} ({@code user -owns-> entity} edges), sorted by name. */
  Map<UUID, List<EntityReference>> ownersOf(Handle handle, List<UUID> ids) {
    Map<UUID, List<EntityReference>> result = new HashMap<>();
    if (ids.isEmpty()) {
      return result;
    }
    List<RelationshipRow> edges = relationships.findTo(handle, ids, EntityRepository.OWNS);
    Map<UUID, EntityReference> owners =
        referencesById(handle, edges.stream().map(RelationshipRow::fromId).distinct().toList());
    for (RelationshipRow edge : edges) {
      EntityReference owner = owners.get(edge.fromId());
      if (owner != null) {
        result.computeIfAbsent(edge.toId(), k -> new ArrayList<>()).add(owner);
      }
    }
    result.values().forEach(list -> list.sort(Comparator.comparing(EntityReference::name)));
    return result;
  }

  final class Lookup {
    private final Map<UUID, EntityRow> byId;
    private final Map<String, EntityRow> byHash;

    private Lookup(Map<UUID, EntityRow> byId, Map<String, EntityRow> byHash) {
      this.byId = byId;
      this.byHash = byHash;
    }

    /** Checked, de-duplicated owners sorted by name; throws the 400/404 of spec §3.4. */
    List<EntityReference> resolve(String field, List<EntityReference> refs) {
      Map<UUID, EntityReference> owners = new LinkedHashMap<>();
      for (int i = 0; i < refs.size(); i++) {
        EntityReference ref = refs.get(i);
        String at = field + "[" + i + "]";
        if (ref == null) {
          throw ApiException.badRequest("[" + at + " must not be null]");
        }
        if (ref.type() == null) {
          throw ApiException.badRequest("[" + at + ".type must not be null]");
        }
        String key = ref.id() != null ? ref.id().toString() : nameOf(ref);
        if (key == null) {
          throw ApiException.badRequest(at + " must have an id, or a name or fullyQualifiedName, to find the owner");
        }
        switch (ref.type()) {
          case "user" -> {
            EntityRow row = ref.id() != null ? byId.get(ref.id()) : byHash.get(Fqn.hash(Fqn.fromPath(nameOf(ref))));
            if (row == null) {
              throw ApiException.notFound("user", key);
            }
            owners.putIfAbsent(row.id(), reference(row));
          }
          case "team" -> throw ApiException.notFound("team", key);
          default -> throw ApiException.badRequest(
              "Entity of type " + ref.type() + " can't be the owner. Only Team of type Group or a User can own entities.");
        }
      }
      List<EntityReference> sorted = new ArrayList<>(owners.values());
      sorted.sort(Comparator.comparing(EntityReference::name));
      return sorted;
    }
  }

  private EntityReference reference(EntityRow row) {
    var doc = json.readStored(row.json());
    String displayName = doc.hasNonNull("displayName") ? doc.get("displayName").asText() : null;
    return new EntityReference(
        row.id(), "user", row.name(), doc.path("fullyQualifiedName").asText(row.name()), displayName, null,
        row.deleted(), null, null);
  }

  private static String nameOf(EntityReference ref) {
    return ref.fullyQualifiedName() != null ? ref.fullyQualifiedName() : ref.name();
  }
}
