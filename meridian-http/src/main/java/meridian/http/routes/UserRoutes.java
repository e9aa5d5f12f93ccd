package meridian.http.routes;

import meridian.core.EntityQueries;
import meridian.core.EntityRepository;
import meridian.core.Fields;
import meridian.core.Json;
import meridian.core.RequestReader;
import meridian.http.ApiRouter;
import meridian.model.users.CreateUser;
import meridian.store.Database;

/** {@code /api/v1/users}: the common entity routes (contract §3). */
public final class UserRoutes {
  private final EntityRoutes<CreateUser> common;

  public UserRoutes(EntityRepository<CreateUser> repository, RequestReader reader, Json json, Database database) {
    this.common = new EntityRoutes<>(repository, new EntityQueries<>(repository, database, json), reader, json, Fields.NONE);
  }

  public void mount(ApiRouter router) {
    common.mount(router);
  }
}
