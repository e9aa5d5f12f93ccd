package meridian.core.engine.store;

import java.util.List;
import java.util.Map;
import meridian.store.Database;
import meridian.store.EntityDao;
import meridian.store.ServerSecretDao;
import meridian.store.VersionDao;
import meridian.store.VersionDao.VersionRow;
import meridian.store.rows.EntityRow;

/**
 * Every stored document and server secret, rewritten in one transaction, page by page (a key
 * rotation re-seals the secrets in them): either all of it is rewritten, or nothing is. A rewrite
 * of an entity moves its row version, so a writer that read the row before is refused.
 */
public final class Rewrites {
  private static final int PAGE = 500;

  /** A rewrite of one stored text; null leaves it as it is. */
  public interface Rewriter {
    String rewrite(String text, String where);
  }

  private final Database database;
  private final List<String> tables;

  public Rewrites(Database database, List<String> tables) {
    this.database = database;
    this.tables = List.copyOf(tables);
  }

  /** Rewrites entity documents and stored versions with {@code documents}, server secrets with {@code secrets}; returns the rows changed. */
  public int rewriteAll(Rewriter documents, java.util.function.BiFunction<String, String, String> secrets) {
    return database.inTransaction(handle -> {
      int rows = 0;
      for (String table : tables) {
        EntityDao dao = database.entities(table);
        String after = "";
        for (List<EntityRow> page = dao.rowsAfter(handle, after, PAGE); !page.isEmpty(); page = dao.rowsAfter(handle, after, PAGE)) {
          for (EntityRow row : page) {
            String next = documents.rewrite(row.json(), "an entity " + row.id());
            if (next != null) {
              dao.rewriteJson(handle, row.id(), next);
              rows++;
            }
          }
          after = page.get(page.size() - 1).id().toString();
        }
      }
      VersionDao versions = database.versions();
      VersionRow last = null;
      for (List<VersionRow> page = versions.rowsAfter(handle, null, PAGE); !page.isEmpty(); page = versions.rowsAfter(handle, last, PAGE)) {
        for (VersionRow row : page) {
          String next = documents.rewrite(row.json(), "a version of " + row.id());
          if (next != null) {
            versions.rewriteJson(handle, row, next);
            rows++;
          }
        }
        last = page.get(page.size() - 1);
      }
      ServerSecretDao stored = database.serverSecrets();
      for (Map.Entry<String, String> secret : stored.all(handle).entrySet()) {
        String next = secrets.apply(secret.getKey(), secret.getValue());
        if (next != null) {
          stored.update(handle, secret.getKey(), next);
          rows++;
        }
      }
      return rows;
    });
  }
}
