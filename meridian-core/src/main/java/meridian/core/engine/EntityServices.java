package meridian.core.engine;

import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.read.EntityQueries;
import meridian.core.engine.read.EntityView;

/** What the HTTP layer gets for one kind: its writes and its reads (built in the server's wiring). */
public record EntityServices<C>(EntityRepository<C> repository, EntityQueries<C> queries) {
  public EntityKind<C> kind() {
    return repository.kind();
  }

  public EntityView view() {
    return repository.view();
  }
}
