package meridian.server;

import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import meridian.core.Principal;
import meridian.core.engine.kind.Entity;
import meridian.core.errors.ApiException;
import meridian.core.features.csv.CsvService;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./meridian export} and {@code ./meridian import}: OM's CSV of a service, database, schema
 * or table (catalog spec §7), read from and written to the store directly, for operators who move a
 * catalog between stores. Both stream (a service of a hundred thousand tables is never held in
 * memory) and show their progress on stderr.
 */
final class CsvCommands {
  private CsvCommands() {}

  /** What the commands call the four levels, and the entity types they are. */
  static final Map<String, String> TYPES = Map.of(
      "service", "databaseService", "databaseService", "databaseService", "database", "database", "schema", "databaseSchema",
      "databaseSchema", "databaseSchema", "table", "table");

  static final class Target {
    @Parameters(index = "0", paramLabel = "KIND", description = "service, database, schema or table.")
    String kind;

    @Parameters(index = "1", paramLabel = "FQN", description = "The fully qualified name of the entity (e.g. mysql_prod.sales).")
    String fqn;

    @Option(names = "--as", defaultValue = "admin", paramLabel = "USER",
        description = "Whose rights the command uses, and who the changes are recorded as (default: ${DEFAULT-VALUE}).")
    String user;

    String type() {
      String type = TYPES.get(kind);
      if (type == null) {
        throw new ConfigException("no CSV for \"" + kind + "\": name one of service, database, schema, table");
      }
      return type;
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {
        "Write OpenMetadata's CSV of a service, database, schema or table (its databases, schemas, tables or columns).",
        "On the embedded store, stop the server first (this refuses while one runs)."})
  static final class Export implements Callable<Integer> {
    @Mixin Main.StoreOptions store = new Main.StoreOptions();
    @Mixin Target target = new Target();

    @Option(names = "--recursive", description = "Everything below, columns included, in one file (not for a table).")
    boolean recursive;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the CSV here (default: standard output).")
    Path output;

    @Override
    public Integer call() throws IOException {
      String type = target.type();
      PrintStream err = System.err;
      long start = System.nanoTime();
      return withCatalog(store, "export", catalog -> {
        Principal principal = catalog.principal(target.user);
        Entity entity = catalog.csv.target(type, target.fqn, principal, false);
        try (Writer out = new BufferedWriter(output == null ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
            : Files.newBufferedWriter(output, StandardCharsets.UTF_8), 1 << 16)) {
          boolean terminal = System.console() != null;
          catalog.csv.export(type, entity, recursive, out, rows -> {
            if (terminal) {
              err.print("\rmeridian: exported " + rows + " rows");
            }
          });
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        err.println("\rmeridian: export of " + target.kind + " " + target.fqn + " written in " + (System.nanoTime() - start) / 1_000_000
            + " ms" + (output == null ? "" : " to " + output));
        return 0;
      });
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {
        "Read OpenMetadata's CSV of a service, database, schema or table into the catalog.",
        "Without --apply it is a dry run: every row is checked and nothing is written. Exits 0 when every row passed, 1 otherwise.",
        "On the embedded store, stop the server first (this refuses while one runs)."})
  static final class Import implements Callable<Integer> {
    @Mixin Main.StoreOptions store = new Main.StoreOptions();
    @Mixin Target target = new Target();

    @Parameters(index = "2", paramLabel = "FILE", description = "The CSV file.")
    Path file;

    @Option(names = "--recursive", description = "The file is a recursive one (20 fields, a row per entity and column).")
    boolean recursive;

    @Option(names = "--apply", description = "Write the rows (the default is a dry run, as OpenMetadata's dryRun=true).")
    boolean apply;

    @Option(names = "--results", paramLabel = "FILE", description = "Write the result CSV (status and details of every row) here.")
    Path results;

    @Override
    public Integer call() throws IOException {
      String type = target.type();
      if (!Files.isRegularFile(file)) {
        throw new ConfigException(file + " is not a file");
      }
      long size = Math.max(1, Files.size(file));
      AtomicLong read = new AtomicLong();
      PrintStream err = System.err;
      boolean terminal = System.console() != null;
      long start = System.nanoTime();
      Path out = results != null ? results : Files.createTempFile("meridian-import-", ".csv");
      try {
        return withCatalog(store, "import", catalog -> {
          Principal principal = catalog.principal(target.user);
          Entity entity = catalog.csv.target(type, target.fqn, principal, true);
          CsvService.Summary summary;
          long[] shown = {-1};
          try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            summary = catalog.csv.importCsv(type, entity, recursive, !apply, () -> {
              read.set(0);
              return new InputStreamReader(new Counting(Files.newInputStream(file), read), StandardCharsets.UTF_8);
            }, principal, writer, rows -> {
              long percent = Math.min(100, read.get() * 100 / size);
              if (terminal) {
                int filled = (int) (percent * 30 / 100);
                err.print("\r[" + "#".repeat(filled) + ".".repeat(30 - filled) + "] " + percent + "% " + rows + " rows");
              } else if (percent / 10 != shown[0] / 10) {
                err.println("meridian: imported " + rows + " rows (" + percent + "% of the file)");
              }
              shown[0] = percent;
            });
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          if (terminal) {
            err.println();
          }
          err.println("meridian: " + (apply ? "import" : "dry run") + " of " + file + " into " + target.kind + " " + target.fqn + ": "
              + summary.status() + ", " + summary.processed() + " rows processed, " + summary.passed() + " passed, " + summary.failed()
              + " failed, in " + (System.nanoTime() - start) / 1_000_000 + " ms" + (apply ? "" : " (nothing written; --apply writes)"));
          if (summary.aborted()) {
            err.println("meridian: " + summary.abortReason());
          } else {
            failures(out, err);
          }
          return summary.status().equals("success") ? 0 : 1;
        });
      } finally {
        if (results == null) {
          Files.deleteIfExists(out);
        }
      }
    }

    /** The first failed rows, so that a terminal shows why without opening the result file. */
    private void failures(Path out, PrintStream err) {
      try (var reader = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
        int shown = 0;
        for (CSVRecord record : CSVFormat.DEFAULT.parse(reader)) {
          if (record.get(0).equals("failure")) {
            if (shown++ == 20) {
              err.println("meridian: … more failed rows" + (results == null ? "; --results FILE keeps them all" : " in " + results));
              break;
            }
            err.println("meridian: row " + record.getRecordNumber() + ": " + record.get(1));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private interface Work {
    int run(Catalog catalog);
  }

  private static int withCatalog(Main.StoreOptions store, String command, Work work) {
    MeridianConfig config = store.config("127.0.0.1", 0);
    try (meridian.store.StoreLock lock = config.embedded() ? meridian.store.StoreLock.acquire(config.dataDir(), command) : null;
        Catalog catalog = Catalog.open(config, Clock.systemUTC(), null)) {
      return work.run(catalog);
    } catch (meridian.store.StoreException e) {
      throw new ConfigException(e.getMessage());
    } catch (ApiException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** Counts the bytes read through it (the progress of an import through its file). */
  private static final class Counting extends FilterInputStream {
    private final AtomicLong count;

    Counting(InputStream in, AtomicLong count) {
      super(in);
      this.count = count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count.addAndGet(n);
      }
      return n;
    }
  }
}
