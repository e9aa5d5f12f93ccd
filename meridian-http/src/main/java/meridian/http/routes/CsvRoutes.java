package meridian.http.routes;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import meridian.core.Json;
import meridian.core.Principal;
import meridian.core.engine.EntityServices;
import meridian.core.engine.kind.Entity;
import meridian.core.features.csv.CsvService;
import meridian.http.ApiRouter;
import meridian.http.openapi.Schemas;
import meridian.http.Params;
import meridian.http.RequestBody;
import meridian.http.auth.AuthFilter;

/**
 * OM's CSV routes (catalog spec §7.1) under {@code /name/{fqn}} of a service, database, schema or
 * table: {@code export}, {@code exportAsync}, {@code import}, {@code importAsync}. The synchronous
 * export streams as it reads; the synchronous import spools its body to a temporary file (it is
 * read twice, and may be far larger than memory) and streams its result CSV back inside OM's
 * CsvImportResult.
 */
public final class CsvRoutes {
  /** The largest file a synchronous import takes. */
  public static final long MAX_IMPORT_BYTES = 2L * 1024 * 1024 * 1024;

  private final CsvService csv;
  private final List<EntityServices<?>> kinds;
  private final Json json;

  public CsvRoutes(CsvService csv, List<EntityServices<?>> kinds, Json json) {
    this.csv = csv;
    this.kinds = kinds;
    this.json = json;
  }

  public void mount(ApiRouter router) {
    for (EntityServices<?> kind : kinds) {
      String type = kind.kind().entityType();
      if (!CsvService.supports(type)) {
        continue;
      }
      String base = "/" + kind.kind().collectionPath() + "/name/{fqn}";
      String tag = kind.kind().collectionPath();
      var job = Schemas.required(Schemas.object("jobId", Schemas.type("string"), "message", Schemas.type("string")), "jobId");
      var csv = Schemas.string("OM's CSV: a header row, then a row per entity");
      router.get(base + "/export", ctx -> export(ctx, type)).tag(tag).summary("A " + type + " and what it holds, as CSV")
          .query("recursive", "boolean", "Every level below, not only the children").answers(200, "The CSV", "text/plain", csv);
      router.get(base + "/exportAsync", ctx -> exportAsync(ctx, type)).tag(tag).summary("The CSV export as a job")
          .query("recursive", "boolean", "Every level below").answers(202, "The job; GET /jobs/{id} has the CSV when done", job);
      router.put(base + "/import", ctx -> importCsv(ctx, type)).tag(tag).summary("Import CSV under a " + type)
          .query("dryRun", "boolean", "Check every row and change nothing (the default)")
          .query("recursive", "boolean", "Rows may be at any level below").body("text/plain", csv)
          .answers(200, "Each row's outcome", Schemas.om("type/csvImportResult.json"));
      router.put(base + "/importAsync", ctx -> importAsync(ctx, type)).tag(tag).summary("The CSV import as a job, with progress")
          .query("dryRun", "boolean", "Check only").query("recursive", "boolean", "Rows may be at any level below")
          .body("text/plain", csv).answers(200, "The job; GET /jobs/{id} follows it", job);
    }
  }

  private void export(Context ctx, String type) throws IOException {
    Entity target = csv.target(type, ctx.pathParam("fqn"), AuthFilter.principal(ctx), false);
    ctx.status(200).contentType("text/plain; charset=UTF-8");
    Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8), 64 * 1024);
    csv.export(type, target, Params.flag(ctx, "recursive", false), out, rows -> { });
    out.flush();
  }

  private void exportAsync(Context ctx, String type) {
    UUID job = csv.exportAsync(type, ctx.pathParam("fqn"), Params.flag(ctx, "recursive", false), AuthFilter.principal(ctx));
    accepted(ctx, 202, job, "Export initiated successfully.");
  }

  private void importCsv(Context ctx, String type) throws IOException {
    Principal principal = AuthFilter.principal(ctx);
    Entity target = csv.target(type, ctx.pathParam("fqn"), principal, true);
    boolean dryRun = Params.flag(ctx, "dryRun", true);
    Path body = RequestBody.spool(ctx, RequestBody.Accepts.TEXT, MAX_IMPORT_BYTES);
    Path results = null;
    try {
      results = Files.createTempFile("meridian-import-", ".csv");
      CsvService.Summary summary;
      try (Writer out = Files.newBufferedWriter(results, StandardCharsets.UTF_8)) {
        summary = csv.importCsv(type, target, Params.flag(ctx, "recursive", false), dryRun,
            () -> Files.newBufferedReader(body, StandardCharsets.UTF_8), principal, out, rows -> { });
      }
      ctx.status(200).contentType("application/json");
      try (JsonGenerator g = json.mapper().getFactory().createGenerator(ctx.outputStream());
          Reader in = Files.newBufferedReader(results, StandardCharsets.UTF_8)) {
        g.writeStartObject();
        g.writeBooleanField("dryRun", summary.dryRun());
        g.writeStringField("status", summary.status());
        if (summary.abortReason() != null) {
          g.writeStringField("abortReason", summary.abortReason());
        }
        g.writeNumberField("numberOfRowsProcessed", summary.processed());
        g.writeNumberField("numberOfRowsPassed", summary.passed());
        g.writeNumberField("numberOfRowsFailed", summary.failed());
        if (!summary.aborted()) {
          g.writeFieldName("importResultsCsv");
          g.writeString(in, -1);
        }
        g.writeEndObject();
      }
    } finally {
      delete(body);
      delete(results);
    }
  }

  private void importAsync(Context ctx, String type) {
    Principal principal = AuthFilter.principal(ctx);
    byte[] body = RequestBody.read(ctx, RequestBody.Accepts.TEXT, CsvService.MAX_ASYNC_BYTES);
    UUID job = csv.importAsync(type, ctx.pathParam("fqn"), Params.flag(ctx, "recursive", false), Params.flag(ctx, "dryRun", true),
        new String(body, StandardCharsets.UTF_8), principal);
    accepted(ctx, 200, job, "Import is in progress.");
  }

  private void accepted(Context ctx, int status, UUID job, String message) {
    ObjectNode body = json.object();
    body.put("jobId", job.toString());
    body.put("message", message);
    ctx.status(status).contentType("application/json").result(json.writeBytes(body));
  }

  private static void delete(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
