package meridian.core.features.csv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;
import meridian.core.Json;
import meridian.core.Principal;
import meridian.core.engine.Engine;
import meridian.core.engine.EntityServices;
import meridian.core.engine.Target;
import meridian.core.engine.jobs.Jobs;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.read.Fields;
import meridian.core.errors.ApiException;
import meridian.model.Include;

/**
 * OM's CSV export and import of a service, database, schema or table (catalog spec §7): the
 * synchronous ones stream (an export as it reads, an import a batch of rows at a time), the
 * asynchronous ones are jobs ({@link Jobs}) whose result a client polls at {@code /api/v1/jobs/{id}}
 * instead of OM's websocket. Every row is written through the repository's import path, so it is
 * versioned, authorised, inherited and indexed for search as any other write.
 */
public final class CsvService {
  static final String EXPORT_JOB = "csvExport";
  static final String IMPORT_JOB = "csvImport";
  /**
   * The largest body an asynchronous import takes: the job keeps it (another replica runs it again
   * from it should this one die) and its result beside it, in one row of the store.
   */
  public static final int MAX_ASYNC_BYTES = 4 * 1024 * 1024;
  /** The largest CSV an asynchronous export keeps with its job; a larger one is read from the streamed export. */
  public static final int MAX_ASYNC_EXPORT_CHARS = 8 * 1024 * 1024;

  private final Engine engine;
  private final Json json;
  private final CsvExporter exporter;
  private final CsvImporter importer;

  /** A file that can be opened more than once (an import reads it twice: to check it, then to apply it). */
  public interface Input {
    Reader open() throws IOException;
  }

  /** OM's CsvImportResult but its result CSV, which went where the import was told to write it. */
  public record Summary(boolean dryRun, String status, String abortReason, long processed, long passed, long failed) {
    public boolean aborted() {
      return status.equals("aborted");
    }

    /** OM's CsvImportResult, with {@code resultsCsv} (null when aborted). */
    public Map<String, Object> result(String resultsCsv) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("dryRun", dryRun);
      out.put("status", status);
      if (abortReason != null) {
        out.put("abortReason", abortReason);
      }
      out.put("numberOfRowsProcessed", processed);
      out.put("numberOfRowsPassed", passed);
      out.put("numberOfRowsFailed", failed);
      if (resultsCsv != null && !aborted()) {
        out.put("importResultsCsv", resultsCsv);
      }
      return out;
    }
  }

  public CsvService(Engine engine) {
    this.engine = engine;
    this.json = engine.json();
    this.exporter = new CsvExporter(engine);
    this.importer = new CsvImporter(engine);
    engine.jobs().register(EXPORT_JOB, this::exportJob);
    engine.jobs().register(IMPORT_JOB, this::importJob);
  }

  /** Whether entities of {@code type} have a CSV (the four of catalog spec §7.1). */
  public static boolean supports(String type) {
    return CsvLevel.of(type).isPresent();
  }

  /**
   * The target of an export or import: OM's 404 when there is none; for an import ({@code edit}),
   * OM's 403 unless the caller may edit it.
   */
  public Entity target(String type, String fqn, Principal principal, boolean edit) {
    EntityServices<?> services = engine.services(type);
    // A table's file is its columns, with their tags.
    Fields fields = type.equals("table") ? Fields.of("columns", "tags") : Fields.of();
    Entity target = services.queries().get(Target.byName(fqn), Include.NON_DELETED, fields);
    if (edit) {
      services.repository().authorized(target.id(), principal, "EditAll");
    }
    return target;
  }

  /** Prints the export of {@code target} (see {@link #target}) to {@code out} as it reads. */
  public void export(String type, Entity target, boolean recursive, Appendable out, LongConsumer progress) {
    exporter.export(level(type), target, recursive, out, progress);
  }

  /** Imports {@code input} into {@code target} (see {@link #target}); the result CSV goes to {@code results}. */
  public Summary importCsv(String type, Entity target, boolean recursive, boolean dryRun, Input input, Principal principal,
      Appendable results, LongConsumer progress) {
    CsvImporter.Summary s = importer.run(level(type), target, recursive, input, dryRun, principal, results, progress);
    return new Summary(s.dryRun(), s.status(), s.abortReason(), s.processed(), s.passed(), s.failed());
  }

  /** Starts an export job (OM's {@code exportAsync}); its id. */
  public UUID exportAsync(String type, String fqn, boolean recursive, Principal principal) {
    Entity target = target(type, fqn, principal, false);
    ObjectNode request = json.object();
    request.put("fqn", target.fullyQualifiedName());
    request.put("recursive", recursive);
    return engine.jobs().submit(EXPORT_JOB, type, target.id(), json.write(request), principal);
  }

  /** Starts an import job (OM's {@code importAsync}) of {@code csv}; its id. */
  public UUID importAsync(String type, String fqn, boolean recursive, boolean dryRun, String csv, Principal principal) {
    Entity target = target(type, fqn, principal, true);
    ObjectNode request = json.object();
    request.put("fqn", target.fullyQualifiedName());
    request.put("recursive", recursive);
    request.put("dryRun", dryRun);
    request.put("csv", csv);
    return engine.jobs().submit(IMPORT_JOB, type, target.id(), json.write(request), principal);
  }

  private Object exportJob(Jobs.Run run) {
    JsonNode request = json.readStored(run.request());
    Entity target = target(run.entityType(), request.get("fqn").asText(), run.principal(), false);
    StringBuilder csv = new StringBuilder();
    Appendable bounded = new Appendable() {
      @Override
      public Appendable append(CharSequence s) {
        return append(s, 0, s.length());
      }

      @Override
      public Appendable append(CharSequence s, int start, int end) {
        if (csv.length() + end - start > MAX_ASYNC_EXPORT_CHARS) {
          throw new ApiException(413, "The export is larger than " + MAX_ASYNC_EXPORT_CHARS / (1024 * 1024)
              + " MiB, more than an asynchronous export keeps: read it from GET .../export, which streams it, or with ./meridian export",
              "CSV_TOO_LARGE");
        }
        csv.append(s, start, end);
        return this;
      }

      @Override
      public Appendable append(char c) {
        return append(String.valueOf(c));
      }
    };
    export(run.entityType(), target, request.path("recursive").asBoolean(false), bounded, rows -> progress(run, rows));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("jobId", run.id().toString());
    result.put("status", "COMPLETED");
    result.put("data", csv.toString());
    return result;
  }

  private Object importJob(Jobs.Run run) {
    JsonNode request = json.readStored(run.request());
    Entity target = target(run.entityType(), request.get("fqn").asText(), run.principal(), true);
    String csv = request.get("csv").asText();
    StringBuilder results = new StringBuilder();
    Summary summary = importCsv(run.entityType(), target, request.path("recursive").asBoolean(false),
        request.path("dryRun").asBoolean(true), () -> new StringReader(csv), run.principal(), results, rows -> progress(run, rows));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("jobId", run.id().toString());
    result.put("status", "COMPLETED");
    result.put("result", summary.result(results.toString()));
    return result;
  }

  private void progress(Jobs.Run run, long rows) {
    engine.storeAccess().write(null, tx -> {
      run.progress(tx, rows, rows);
      return null;
    });
  }

  private static CsvLevel level(String type) {
    return CsvLevel.of(type).orElseThrow(() -> new IllegalArgumentException("no CSV for " + type));
  }
}
