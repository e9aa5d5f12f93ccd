package meridian.core.engine.write;

import java.util.LinkedHashMap;
import java.util.Map;
import meridian.core.engine.kind.EntityKind;
import meridian.core.Json;
import meridian.core.engine.relations.Relations;
import meridian.store.Database;

/** The {@link EntityStore} of every kind, so that a write may reach its children of another kind (a delete's cascade). */
public final class Stores {
  private final Map<String, EntityStore> stores = new LinkedHashMap<>();

  public Stores(Database database, Json json, Relations relations, EntityStore.Interleaving interleaving) {
    for (EntityKind<?> kind : relations.kinds().all()) {
      stores.put(kind.entityType(), new EntityStore(kind, database, json, relations, interleaving));
    }
  }

  public EntityStore of(String type) {
    EntityStore store = stores.get(type);
    if (store == null) {
      throw new IllegalArgumentException("no kind " + type);
    }
    return store;
  }
}
