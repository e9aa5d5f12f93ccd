package meridian.core.engine;

import meridian.core.Fqn;
import meridian.core.engine.kind.EntityKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import meridian.store.EntityDao;

/**
 * Every kind the server holds, by OM entity type (built once in the server's wiring, never
 * static). Any EntityReference is resolved through it: which table holds the type, how an FQN
 * given by a client is looked up, and where the entity's {@code href} points.
 */
public final class Kinds {
  private final Map<String, EntityKind<?>> kinds = new LinkedHashMap<>();
  private final Map<String, EntityDao> daos = new LinkedHashMap<>();

  public Kinds(meridian.store.Database database, List<EntityKind<?>> all) {
    for (EntityKind<?> kind : all) {
      kinds.put(kind.entityType(), kind);
      daos.put(kind.entityType(), database.entities(kind.table()));
    }
  }

  public boolean has(String type) {
    return kinds.containsKey(type);
  }

  public EntityKind<?> kind(String type) {
    EntityKind<?> kind = kinds.get(type);
    if (kind == null) {
      throw new IllegalArgumentException("no kind " + type);
    }
    return kind;
  }

  public Collection<EntityKind<?>> all() {
    return kinds.values();
  }

  public EntityDao dao(String type) {
    EntityDao dao = daos.get(type);
    if (dao == null) {
      throw new IllegalArgumentException("no kind " + type);
    }
    return dao;
  }

  /** {@code <apiRoot>/v1/<collection>/<id>}, as OM builds it from the request's base URI (spec §1.1). */
  public String href(String type, UUID id, String apiRoot) {
    return apiRoot + "/v1/" + kind(type).collectionPath() + "/" + id;
  }

  /**
   * The FQN hashes a client's spelling of an FQN may be stored under. A root kind's dotted name
   * is quoted (spec §1.4: {@code snowflake.prod} is {@code "snowflake.prod"}); in a kind with
   * parents a dot separates levels, so the text is taken as written, and only then quoted, for a
   * top-level name that holds a dot.
   */
  public List<String> hashesFor(String type, String fqn) {
    List<String> hashes = new ArrayList<>(2);
    if (kind(type).parentField() != null) {
      hashes.add(Fqn.hash(fqn));
    }
    String quoted = Fqn.quoteName(fqn);
    if (hashes.isEmpty() || !quoted.equals(fqn)) {
      hashes.add(Fqn.hash(quoted));
    }
    return hashes;
  }
}
