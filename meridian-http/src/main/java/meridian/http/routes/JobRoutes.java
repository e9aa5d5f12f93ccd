package meridian.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.UUID;
import meridian.core.Json;
import meridian.core.engine.jobs.Jobs;
import meridian.core.errors.ApiException;
import meridian.http.ApiRouter;
import meridian.http.openapi.Schemas;

/**
 * {@code GET /api/v1/jobs/{id}}: any long work — a bulk upsert, a recursive delete or restore — as
 * it stands, on whichever replica it runs (docs/decisions.md, "Jobs"). OM reports these over a
 * websocket; this is what a client polls instead.
 */
public final class JobRoutes {
  private final Jobs jobs;
  private final Json json;

  public JobRoutes(Jobs jobs, Json json) {
    this.jobs = jobs;
    this.json = json;
  }

  public void mount(ApiRouter router) {
    router.get("/jobs/{id}", this::get).tag("jobs").summary("A long job (bulk, recursive delete, CSV): its state and progress")
        .answers(200, "The job", Schemas.required(Schemas.object("id", Schemas.type("string"), "kind", Schemas.type("string"),
            "entityType", Schemas.type("string"), "entityId", Schemas.type("string"),
            "state", Schemas.string("running, completed or failed"), "done", Schemas.type("integer"), "total", Schemas.type("integer"),
            "submittedBy", Schemas.type("string"), "createdAt", Schemas.type("integer"), "finishedAt", Schemas.type("integer"),
            "result", Schemas.any(), "error", Schemas.type("string")), "id", "kind", "state", "done", "total"));
  }

  private void get(Context ctx) {
    String raw = ctx.pathParam("id");
    Jobs.Job job = parse(raw).flatMap(jobs::find).orElseThrow(() -> ApiException.notFound("job", raw));
    ObjectNode body = json.object();
    body.put("id", job.id().toString());
    body.put("kind", job.kind());
    body.put("entityType", job.entityType());
    if (job.targetId() != null) {
      body.put("entityId", job.targetId().toString());
    }
    body.put("state", job.state());
    body.put("done", job.done());
    body.put("total", Math.max(job.total(), job.done()));
    body.put("submittedBy", job.submittedBy());
    body.put("createdAt", job.createdAt());
    if (job.finishedAt() != null) {
      body.put("finishedAt", job.finishedAt());
    }
    if (job.result() != null) {
      JsonNode result = json.readTree(job.result());
      if (job.state().equals("failed")) {
        body.put("error", result.path("message").asText(result.toString()));
      } else {
        body.set("result", result);
      }
    }
    ctx.status(200).contentType("application/json").result(json.writeBytes(body));
  }

  static Optional<UUID> parse(String raw) {
    try {
      return Optional.of(UUID.fromString(raw));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
