package meridian.server;

import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./meridian reindex}: makes the search index again from the entity tables, in transactions
 * of 500 entities, with a progress bar on a terminal (plain lines otherwise). The index is written
 * with every entity, so this is for repair or after restoring tables by hand; a store written before
 * search existed gets its index built by the server at start without it.
 */
@Command(name = "reindex", mixinStandardHelpOptions = true,
    description = {
      "Rebuild the search index from the catalog's entities, then exit.",
      "On the embedded store, stop the server first (this refuses while one runs). On PostgreSQL or MariaDB it may run while"
          + " servers do: their writes keep the index as it is rebuilt."})
final class ReindexCommand implements Callable<Integer> {
  @Mixin Main.StoreOptions store = new Main.StoreOptions();

  @Override
  public Integer call() {
    MeridianConfig config = store.config("127.0.0.1", 0);
    PrintStream out = System.out;
    boolean terminal = System.console() != null;
    long start = System.nanoTime();
    try (meridian.store.StoreLock lock = config.embedded() ? meridian.store.StoreLock.acquire(config.dataDir(), "reindex") : null;
        Catalog catalog = Catalog.open(config, Clock.systemUTC(), null)) {
      long[] shown = {-1};
      long done = catalog.reindex((n, total) -> {
        long percent = total == 0 ? 100 : n * 100 / total;
        if (terminal) {
          int filled = (int) (percent * 30 / 100);
          out.print("\r[" + "#".repeat(filled) + ".".repeat(30 - filled) + "] " + percent + "% " + n + " of " + total + " entities");
          out.flush();
        } else if (percent / 10 != shown[0] / 10 || n == total) {
          out.println("meridian: indexed " + n + " of " + total + " entities (" + percent + "%)");
        }
        shown[0] = percent;
      });
      if (terminal) {
        out.println();
      }
      out.println("meridian: search index rebuilt: " + done + " entities in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    } catch (meridian.store.StoreException e) {
      throw new ConfigException(e.getMessage());
    }
    return 0;
  }
}
