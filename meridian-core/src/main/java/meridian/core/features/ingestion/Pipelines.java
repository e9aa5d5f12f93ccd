package meridian.core.features.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.function.Supplier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import meridian.core.Json;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.engine.EntityServices;
import meridian.core.engine.Target;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.read.Fields;
import meridian.core.engine.jobs.Jobs;
import meridian.core.engine.store.RunStatusStore;
import meridian.core.features.connections.JdbcTarget;
import meridian.core.features.secrets.ConnectionSecrets;
import meridian.core.errors.ApiException;
import meridian.core.kinds.ingestion.IngestionPipelineKind;
import meridian.core.kinds.ingestion.Schedule;
import meridian.model.Include;
import meridian.model.catalog.CreateDatabase;
import meridian.model.catalog.CreateDatabaseSchema;
import meridian.model.catalog.CreateTable;
import meridian.model.ingestion.CreateIngestionPipeline;
import meridian.model.services.CreateDatabaseService;

/**
 * What OM asks of its pipeline service client, answered by this server itself (ingestion spec
 * §3.2–3.3): the runner's health and address, deploy (the pipeline's schedule is registered: it is
 * checked and the pipeline marked {@code deployed}), pause and resume, and the statuses of runs —
 * written by runs and by OM's clients alike, kept in the store so every replica serves them, the
 * newest {@link IngestionSettings#keptRuns} of a pipeline, the latest also on the pipeline's document for
 * {@code fields=pipelineStatuses}.
 */
public final class Pipelines {
  static final Set<String> STATES = Set.of("queued", "success", "failed", "running", "partialSuccess");
  private static final Set<String> STATUS_MEMBERS = Set.of("runId", "pipelineState", "startDate", "timestamp", "endDate", "status", "config");
  /** OM's platform name in its client responses; any string works for OM's UI. */
  public static final String PLATFORM = "Meridian";

  /** The job kind of an ingestion run (ingestion runs are jobs: leased, taken over, listed at /api/v1/jobs). */
  public static final String JOB = IngestionPipelineKind.RUN_JOB;
  /** The least time between two progress writes of a run. */
  static final long PROGRESS_EVERY_MS = 250;
  /** Log text kept per run. */
  static final int MAX_LOG = 256 * 1024;

  /** What a run reads and writes besides the pipelines. */
  public record Catalog(
      EntityServices<CreateDatabaseService> services, EntityServices<CreateDatabase> databases,
      EntityServices<CreateDatabaseSchema> schemas, EntityServices<CreateTable> tables, ConnectionSecrets secrets,
      Supplier<Principal> bot, java.nio.file.Path dataDir, meridian.core.features.connections.OutboundPolicy outbound,
      IngestionSettings settings) {}

  private final EntityServices<CreateIngestionPipeline> pipelines;
  private final RunStatusStore statuses;
  private final Jobs jobs;
  private final Catalog catalog;
  private final Json json;
  private final String version;
  private final RunMetrics metrics;

  public Pipelines(EntityServices<CreateIngestionPipeline> pipelines, RunStatusStore statuses, Jobs jobs, Catalog catalog, Json json,
      String version, RunMetrics metrics) {
    this.metrics = metrics;
    this.pipelines = pipelines;
    this.statuses = statuses;
    this.jobs = jobs;
    this.catalog = catalog;
    this.json = json;
    this.version = version;
    jobs.register(JOB, this::run);
  }

  /** {@code GET /status}: the runner is this server, so it is up whenever it answers; OM's UI enables ingestion on code 200. */
  public ObjectNode runnerStatus() {
    return response(200, null);
  }

  /** {@code GET /ip}: the address this server's connections to sources come from, as far as it knows it. */
  public ObjectNode ip() {
    ObjectNode ip = json.object();
    String address;
    try {
      address = java.net.InetAddress.getLocalHost().getHostAddress();
    } catch (java.net.UnknownHostException e) {
      address = "127.0.0.1";
    }
    ip.put("ip", address);
    return ip;
  }

  /** {@code POST /deploy/{id}}: checks the schedule and marks the pipeline deployed (no new version: an outcome, as OM's runner reports it). */
  public ObjectNode deploy(UUID id, Principal principal) {
    Entity pipeline = pipelines.repository().authorized(id, principal, "EditAll");
    try {
      Schedule.of(pipeline.doc().path("airflowConfig"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("airflowConfig.scheduleInterval cannot be scheduled: " + e.getMessage());
    }
    Map<String, JsonNode> marks = new java.util.HashMap<>();
    marks.put("deployed", BooleanNode.TRUE);
    if (!pipeline.doc().has(IngestionPipelineKind.SCHEDULED_AT)) {
      // Scheduled runs start from now: a time the schedule passed before the deploy is not a run to catch up.
      marks.put(IngestionPipelineKind.SCHEDULED_AT, com.fasterxml.jackson.databind.node.LongNode.valueOf(System.currentTimeMillis()));
    }
    pipelines.repository().annotate(id, marks);
    return response(200, "Workflow [" + pipeline.name() + "] has been successfully deployed");
  }

  /** {@code POST /toggleIngestion/{id}}: pauses a pipeline's schedule, or resumes it; the pipeline's id. */
  public UUID toggle(UUID id, Principal principal) {
    Entity pipeline = pipelines.repository().authorized(id, principal, "EditAll");
    boolean enabled = pipeline.doc().path("enabled").asBoolean(true);
    pipelines.repository().annotate(id, Map.of("enabled", BooleanNode.valueOf(!enabled)));
    return id;
  }

  /** {@code PUT /{fqn}/pipelineStatus}: the status of one run, replacing what was stored for its runId; whether it was new. */
  public boolean putStatus(String fqn, JsonNode body, Principal principal) {
    Entity pipeline = byName(fqn);
    pipelines.repository().authorized(pipeline.id(), principal, "EditAll");
    ObjectNode status = checkStatus(body);
    long timestamp = status.path("timestamp").asLong();
    boolean created = statuses.put(pipeline.id(), status.get("runId").asText(), timestamp, json.write(status), catalog.settings().keptRuns());
    statuses.latest(pipeline.id()).ifPresent(latest -> pipelines.repository().annotate(pipeline.id(), Map.of("pipelineStatuses",
        json.readStored(latest))));
    return created;
  }

  /** {@code GET /{fqn}/pipelineStatus?startTs=&endTs=}: OM's list, oldest first, with OM's paging of a time range. */
  public ObjectNode statuses(String fqn, Long startTs, Long endTs) {
    if (startTs == null) {
      throw ApiException.badRequest("startTs is required: the start of the time range, in epoch milliseconds");
    }
    if (endTs == null) {
      throw ApiException.badRequest("endTs is required: the end of the time range, in epoch milliseconds");
    }
    Entity pipeline = byName(fqn);
    List<String> found = statuses.between(pipeline.id(), startTs, endTs, catalog.settings().keptRuns());
    ObjectNode list = json.object();
    ArrayNode data = list.putArray("data");
    found.forEach(s -> data.add(reconciled(s)));
    ObjectNode paging = list.putObject("paging");
    paging.put("before", Long.toString(startTs));
    paging.put("after", Long.toString(endTs));
    paging.put("total", found.size());
    return list;
  }

  /** {@code GET /{fqn}/pipelineStatus/{runId}}. */
  public JsonNode status(String fqn, String runId) {
    try {
      UUID.fromString(runId);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("runId must be a UUID, not " + Names.abbreviate(runId));
    }
    Entity pipeline = byName(fqn);
    return statuses.find(pipeline.id(), runId).map(this::reconciled)
        .or(() -> unstarted(pipeline.id(), UUID.fromString(runId)))
        .orElseThrow(() -> ApiException.notFound("pipelineStatus", runId));
  }

  /**
   * A run of this pipeline whose worker has not written its first status: still queued, or
   * cancelled before it started (its pipeline was deleted right after the trigger). Shown from its
   * job, as {@code queued}, or {@code failed} with the job's end.
   */
  private java.util.Optional<ObjectNode> unstarted(UUID pipeline, UUID runId) {
    return jobs.find(runId).filter(job -> job.kind().equals(JOB) && pipeline.equals(job.targetId())).map(job -> {
      ObjectNode status = json.object();
      status.put("runId", runId.toString());
      status.put("pipelineState", job.running() ? "queued" : "failed");
      status.put("startDate", job.createdAt());
      status.put("timestamp", job.createdAt());
      if (!job.running() && job.finishedAt() != null) {
        status.put("endDate", job.finishedAt());
      }
      return status;
    });
  }

  /**
   * A stored status as a reader sees it: one still {@code running} whose run's job has ended
   * without writing its end (it was cancelled when its pipeline was deleted) is shown as the job
   * ended, {@code failed}, with the job's end and reason.
   */
  private ObjectNode reconciled(String stored) {
    ObjectNode status = (ObjectNode) json.readStored(stored);
    if (!status.path("pipelineState").asText().equals("running")) {
      return status;
    }
    UUID run;
    try {
      run = UUID.fromString(status.path("runId").asText());
    } catch (IllegalArgumentException e) {
      return status; // a status an OM client wrote, under a runId of its own
    }
    jobs.find(run).filter(job -> !job.running() && job.finishedAt() != null).ifPresent(job -> {
      status.put("pipelineState", "failed");
      status.put("endDate", job.finishedAt());
    });
    return status;
  }

  /** {@code DELETE /{id}/pipelineStatus}: drops every status of the pipeline; its id. */
  public UUID deleteStatuses(UUID id, Principal principal) {
    pipelines.repository().authorized(id, principal, "EditAll");
    statuses.deleteAll(id);
    pipelines.repository().annotate(id, java.util.Collections.singletonMap("pipelineStatuses", null));
    return id;
  }

  /**
   * {@code POST /trigger/{id}}: starts a run now, on this server's worker pool, as a job; a 409
   * naming the running run when one is going (one run of a pipeline at a time, across replicas).
   */
  public ObjectNode trigger(UUID id, Principal principal) {
    Entity pipeline = pipelines.repository().authorized(id, principal, "EditAll");
    String claim = "starting-" + UUID.randomUUID();
    // The claim is taken on the pipeline's row, so that two triggers, here or on another replica, can't both start.
    pipelines.repository().annotateIf(id, doc -> !running(doc), Map.of(CURRENT_RUN, TextNode.valueOf(claim)))
        .orElseThrow(() -> ApiException.conflict("Pipeline " + pipeline.fullyQualifiedName() + " is already running (run "
            + pipelines.queries().get(Target.byId(id), Include.NON_DELETED, Fields.NONE).doc().path(CURRENT_RUN).asText()
            + "); wait for it to end, or kill it"));
    UUID run;
    try {
      run = jobs.submit(JOB, "ingestionPipeline", id, json.write(Map.of("pipeline", id.toString())), principal);
    } catch (RuntimeException e) {
      pipelines.repository().annotateIf(id, doc -> claim.equals(doc.path(CURRENT_RUN).asText()), singleton(CURRENT_RUN, null));
      throw e;
    }
    pipelines.repository().annotateIf(id, doc -> claim.equals(doc.path(CURRENT_RUN).asText()),
        Map.of(CURRENT_RUN, TextNode.valueOf(run.toString())));
    return response(200, "Workflow [" + pipeline.name() + "] has been triggered; run " + run);
  }

  /** {@code POST /kill/{id}}: ends the running run as failed (OM 1.4 has no "stopped"), at once; its worker stops at its next step. */
  public ObjectNode kill(UUID id, Principal principal) {
    Entity pipeline = pipelines.repository().authorized(id, principal, "EditAll");
    String current = pipeline.doc().path(CURRENT_RUN).asText(null);
    UUID run = current == null || current.startsWith("starting-") ? null : UUID.fromString(current);
    if (run == null) {
      return response(200, "Workflow [" + pipeline.name() + "] has no run going");
    }
    ObjectNode status = statuses.find(id, run.toString()).map(json::readStored).orElseGet(json::object);
    status.put("runId", run.toString());
    status.put("pipelineState", "failed");
    status.put("endDate", System.currentTimeMillis());
    if (!status.has("timestamp")) {
      status.put("timestamp", System.currentTimeMillis());
    }
    ArrayNode steps = status.withArray("status");
    ObjectNode step = steps.isEmpty() ? steps.addObject().put("name", "Ingestion") : (ObjectNode) steps.get(0);
    step.withArray("failures").addObject().put("name", pipeline.fullyQualifiedName()).put("error", "Killed by " + principal.name());
    // The job ends and its status says so in one transaction: its worker's own status writes are
    // tied to its job still running, so none of them can come after this one.
    try {
      record(id, status, tx -> {
        if (!jobs.cancel(tx, run, Map.of("code", 400, "message", "killed by " + principal.name()))) {
          throw new NotRunning();
        }
      });
    } catch (NotRunning e) {
      return response(200, "Workflow [" + pipeline.name() + "] has no run going");
    }
    pipelines.repository().annotateIf(id, doc -> current.equals(doc.path(CURRENT_RUN).asText()), singleton(CURRENT_RUN, null));
    return response(200, "Workflow [" + pipeline.name() + "] run " + run + " has been killed");
  }

  /** {@code GET /logs/{id}/last}: OM's shape, the log of the newest run under {@code ingestion_task}. */
  public ObjectNode logs(UUID id, Principal principal) {
    Entity pipeline = pipelines.queries().get(Target.byId(id), Include.NON_DELETED, Fields.NONE);
    String text = "";
    String runId = statuses.latest(pipeline.id()).map(json::readStored).map(s -> s.path("runId").asText(null)).orElse(null);
    if (runId != null) {
      try {
        text = jobs.find(UUID.fromString(runId)).map(Jobs.Job::result).filter(r -> r != null)
            .map(r -> json.readStored(r).path("logs").asText("")).orElse("");
      } catch (IllegalArgumentException e) {
        text = ""; // a runId written by another runner
      }
    }
    ObjectNode logs = json.object();
    logs.put("ingestion_task", text);
    logs.put("total", "1");
    return logs;
  }

  private static final String CURRENT_RUN = IngestionPipelineKind.CURRENT_RUN;

  /**
   * Starts the scheduled runs that are due (ingestion spec §3.6), on whichever replica ticks first:
   * for each deployed, enabled, unpaused pipeline whose schedule passed a time later than the one
   * it last ran for, that time is claimed on the pipeline's row — one replica wins — and a run
   * started, unless one is going (then that time is skipped: one run at a time). Returns how many
   * it started.
   */
  public int startDueRuns(java.time.Instant now) {
    int started = 0;
    String after = null;
    do {
      var page = pipelines.queries().list(Include.NON_DELETED, 200, null, after, Fields.NONE, Map.of());
      for (Entity pipeline : page.items()) {
        if (startIfDue(pipeline, now)) {
          started++;
        }
      }
      after = page.after();
    } while (after != null);
    return started;
  }

  private boolean startIfDue(Entity pipeline, java.time.Instant now) {
    ObjectNode doc = pipeline.doc();
    if (!doc.path("deployed").asBoolean(false) || !doc.path("enabled").asBoolean(true)
        || doc.at("/airflowConfig/pausePipeline").asBoolean(false)) {
      return false;
    }
    Schedule schedule;
    try {
      schedule = Schedule.of(doc.path("airflowConfig")).orElse(null);
    } catch (RuntimeException e) {
      return false;
    }
    long since = doc.path(IngestionPipelineKind.SCHEDULED_AT).asLong(Long.MAX_VALUE);
    java.time.Instant due = schedule == null ? null : schedule.lastDue(now).orElse(null);
    if (due == null || due.toEpochMilli() <= since) {
      return false;
    }
    boolean claimed = pipelines.repository().annotateIf(pipeline.id(),
        d -> d.path(IngestionPipelineKind.SCHEDULED_AT).asLong(Long.MAX_VALUE) == since,
        Map.of(IngestionPipelineKind.SCHEDULED_AT, com.fasterxml.jackson.databind.node.LongNode.valueOf(due.toEpochMilli()))).isPresent();
    if (!claimed) {
      return false;
    }
    try {
      trigger(pipeline.id(), catalog.bot().get());
      return true;
    } catch (ApiException e) {
      // A run still going: this time is skipped (maxActiveRuns = 1).
      return false;
    }
  }

  /** Whether the document names a run still going (or being started). */
  private boolean running(ObjectNode doc) {
    String current = doc.path(CURRENT_RUN).asText(null);
    if (current == null) {
      return false;
    }
    if (current.startsWith("starting-")) {
      return true;
    }
    try {
      if (!jobs.find(UUID.fromString(current)).map(Jobs.Job::running).orElse(false)) {
        return false;
      }
      // A run that has written its end (and is only clearing its marks) is over for a user who saw
      // that end: a trigger right after it starts the next run rather than answer 409. The old
      // worker's clearing of the current run leaves the new run's mark alone (it names its own run).
      UUID pipeline = UUID.fromString(doc.path("id").asText());
      return statuses.find(pipeline, current).map(json::readStored)
          .map(status -> !ENDED.contains(status.path("pipelineState").asText())).orElse(true);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The states a run's own end writes. */
  private static final Set<String> ENDED = Set.of("success", "partialSuccess", "failed");

  private static Map<String, JsonNode> singleton(String key, JsonNode value) {
    return java.util.Collections.singletonMap(key, value);
  }

  /** The run a kill names had ended. */
  private static final class NotRunning extends RuntimeException {
    NotRunning() {
      super("not running", null, false, false);
    }
  }

  /** A status written: kept, and the newest shown on the pipeline. */
  private void record(UUID pipeline, ObjectNode status) {
    record(pipeline, status, tx -> {});
  }

  /** The same, in one transaction with {@code first}, which may refuse it by throwing. */
  private void record(UUID pipeline, ObjectNode status, java.util.function.Consumer<meridian.core.engine.store.Tx> first) {
    statuses.put(pipeline, status.get("runId").asText(), status.path("timestamp").asLong(), json.write(status), catalog.settings().keptRuns(), first);
    statuses.latest(pipeline).ifPresent(latest -> pipelines.repository().annotate(pipeline, Map.of("pipelineStatuses", json.readStored(latest))));
  }

  /** One run, as the job's work: on whichever replica runs (or took over) the job. */
  private Object run(Jobs.Run run) {
    UUID id = UUID.fromString(json.readStored(run.request()).path("pipeline").asText());
    Entity pipeline = pipelines.queries().get(Target.byId(id), Include.NON_DELETED, Fields.NONE);
    StringBuilder log = new StringBuilder();
    java.util.function.Consumer<String> logLine = line -> {
      if (log.length() < MAX_LOG) {
        log.append(java.time.Instant.now()).append(' ').append(line).append('\n');
      }
    };
    long start = System.currentTimeMillis();
    ObjectNode status = json.object();
    status.put("runId", run.id().toString());
    status.put("pipelineState", "running");
    status.put("startDate", start);
    status.put("timestamp", start);
    record(id, status, tx -> run.progress(tx, 0, 0));
    Entity service = catalog.services().queries().get(Target.byId(UUID.fromString(pipeline.doc().at("/service/id").asText())),
        Include.NON_DELETED, Fields.NONE);
    String serviceType = service.doc().path("serviceType").asText();
    ObjectNode stored = service.doc().get("connection") instanceof ObjectNode c ? c : null;
    // The connection's config, secrets in the clear: for the driver only, never in a status or a log.
    JsonNode config = stored == null ? null : catalog.secrets().plainConfig(stored);
    long[] lastProgress = {0};
    IngestionRun ingestion = new IngestionRun(catalog.databases(), catalog.schemas(), catalog.tables(), catalog.bot().get(),
        pipeline.doc().at("/sourceConfig/config"), logLine, (done, force) -> {
          // Written at most every PROGRESS_EVERY_MS (and always when the run asks, before it marks
          // anything deleted): often enough for a progress bar and for a kill to stop the worker at
          // once (a write that finds the job no longer its own throws).
          long now = System.currentTimeMillis();
          if (!force && now - lastProgress[0] < PROGRESS_EVERY_MS) {
            return;
          }
          lastProgress[0] = now;
          ObjectNode going = status.deepCopy();
          IngestionRun.Counts sofar = new IngestionRun.Counts();
          sofar.records = done;
          going.set("status", steps(null, sofar));
          // Only while the job is still this worker's (LeaseLost otherwise: killed, or taken over).
          record(id, going, tx -> run.progress(tx, done, 0));
        }, json);
    logLine.accept("INFO run " + run.id() + " of " + pipeline.fullyQualifiedName() + " started");
    String failure = null;
    String step = serviceType;
    metrics.started(pipeline.fullyQualifiedName());
    // Measured once, however the run ends: its state when its end was written, "interrupted" otherwise.
    String measured = RunMetrics.INTERRUPTED;
    try {
      try (Source source = open(serviceType, config); Source helper = second(serviceType, config, logLine)) {
        step = source.stepName();
        ingestion.run(service.fullyQualifiedName(), source, helper);
      } catch (Jobs.LeaseLost e) {
        throw e; // killed, or taken over: the status is the killer's or the new runner's to write
      } catch (java.sql.SQLException | RuntimeException e) {
        String message = config == null ? String.valueOf(e.getMessage()) : catalog.secrets().withoutSecrets(serviceType, config,
            String.valueOf(e.getMessage()));
        failure = message;
        ingestion.counts.fail(service.fullyQualifiedName(), message);
        logLine.accept("ERROR the run failed: " + message);
      }
      IngestionRun.Counts counts = ingestion.counts;
      status.put("endDate", System.currentTimeMillis());
      status.put("pipelineState", failure != null ? "failed" : state(counts));
      status.set("status", steps(step, counts));
      logLine.accept("INFO run ended " + status.get("pipelineState").asText() + ": " + counts.records + " records, " + counts.updated
          + " updated, " + counts.errors + " errors, " + counts.filtered + " filtered");
      // The end is written only while the job is still this worker's: after a kill the kill's status stands.
      record(id, status, tx -> run.progress(tx, counts.records, 0));
      measured = status.get("pipelineState").asText();
    } finally {
      metrics.ended(pipeline.fullyQualifiedName(), measured, ended(ingestion.counts, start));
    }
    pipelines.repository().annotateIf(id, doc -> run.id().toString().equals(doc.path(CURRENT_RUN).asText()), singleton(CURRENT_RUN, null));
    return Map.of("pipelineState", status.get("pipelineState").asText(), "records", ingestion.counts.records, "logs", log.toString());
  }

  private static RunMetrics.Ended ended(IngestionRun.Counts counts, long start) {
    return new RunMetrics.Ended(counts.records, counts.updated, counts.errors, counts.filtered, System.currentTimeMillis() - start);
  }

  /** OM's rule for the end state (spec §3.4): success at 100%, partialSuccess from 90%, failed below. */
  static String state(IngestionRun.Counts counts) {
    double ok = Math.max(counts.records, 1);
    double percent = ok * 100 / (ok + counts.errors);
    return percent >= 100 ? "success" : percent >= 90 ? "partialSuccess" : "failed";
  }

  private ArrayNode steps(String source, IngestionRun.Counts counts) {
    ArrayNode steps = json.mapper().createArrayNode();
    ObjectNode step = steps.addObject();
    step.put("name", source == null ? "Ingestion" : source);
    step.put("records", counts.records);
    step.put("updated_records", counts.updated);
    step.put("warnings", counts.warnings);
    step.put("errors", counts.errors);
    step.put("filtered", counts.filtered);
    ArrayNode failures = step.putArray("failures");
    counts.failures.forEach(f -> failures.addObject().put("name", f.get("name")).put("error", f.get("error")));
    return steps;
  }

  /** A second connection to the source, to read schemas beside the first; none when it can't be opened. */
  private Source second(String serviceType, JsonNode config, java.util.function.Consumer<String> log) {
    try {
      return open(serviceType, config);
    } catch (java.sql.SQLException | RuntimeException e) {
      log.accept("WARN a second connection to the source failed; reading on one");
      return null;
    }
  }

  /** The source for a service of a type this server ingests, over its JDBC driver. */
  private Source open(String serviceType, JsonNode config) throws java.sql.SQLException {
    if (config == null) {
      throw ApiException.badRequest("the service has no connection to ingest from");
    }
    JdbcTarget target = JdbcTarget.of(serviceType, config, catalog.settings().statementSeconds(), catalog.dataDir(), catalog.outbound()).orElseThrow(() -> ApiException.badRequest(
        "this server ingests Postgres, Mysql and MariaDB services; " + serviceType + " is not one of them"));
    if (target.problem() != null) {
      throw ApiException.badRequest(target.problem());
    }
    return switch (target.flavor()) {
      case POSTGRES -> new PostgresSource(target.url(), target.properties(), target.database(),
          config.path("ingestAllDatabases").asBoolean(false), catalog.settings().statementSeconds());
      case MYSQL -> new MysqlSource(target.url(), target.properties(), config.path("databaseName").asText(null), target.database(),
          serviceType, catalog.settings().statementSeconds());
      default -> throw ApiException.badRequest("this server ingests Postgres, Mysql and MariaDB services; " + serviceType
          + " is not one of them");
    };
  }

  private Entity byName(String fqn) {
    return pipelines.queries().get(Target.byName(fqn), Include.NON_DELETED, Fields.NONE);
  }

  /** OM's PipelineStatus, checked member by member; its timestamp filled from startDate (or now) when it has none. */
  private ObjectNode checkStatus(JsonNode body) {
    if (!(body instanceof ObjectNode status)) {
      throw ApiException.badRequest("the body must be a pipelineStatus object");
    }
    status.fieldNames().forEachRemaining(name -> {
      if (!STATUS_MEMBERS.contains(name)) {
        throw ApiException.badRequest(Names.abbreviate(name) + " is not a field of pipelineStatus (additionalProperties: false)");
      }
    });
    JsonNode runId = status.get("runId");
    if (runId == null || !runId.isTextual() || runId.asText().isBlank()) {
      throw ApiException.badRequest("runId is required: the run's id, a string");
    }
    if (runId.asText().length() > 64) {
      throw ApiException.badRequest("runId must be at most 64 characters");
    }
    String state = status.path("pipelineState").asText(null);
    if (state != null && !STATES.contains(state)) {
      throw ApiException.badRequest("pipelineState \"" + Names.abbreviate(state) + "\" is not a pipeline state; use one of "
          + STATES.stream().sorted().toList());
    }
    for (String time : new String[] {"startDate", "timestamp", "endDate"}) {
      JsonNode value = status.get(time);
      if (value != null && !value.isNull() && !value.isIntegralNumber()) {
        throw ApiException.badRequest(time + " must be a time in epoch milliseconds");
      }
    }
    JsonNode steps = status.get("status");
    if (steps != null && !steps.isNull()) {
      if (!steps.isArray()) {
        throw ApiException.badRequest("status must be a list of step summaries");
      }
      int i = 0;
      for (JsonNode step : steps) {
        if (!step.isObject() || !step.path("name").isTextual()) {
          throw ApiException.badRequest("status[" + i + "].name is required: the step's name");
        }
        i++;
      }
    }
    if (!status.hasNonNull("timestamp")) {
      status.put("timestamp", status.path("startDate").asLong(System.currentTimeMillis()));
    }
    return status;
  }

  private ObjectNode response(int code, String reason) {
    ObjectNode response = json.object();
    response.put("code", code);
    if (reason != null) {
      response.put("reason", reason);
    }
    response.put("platform", PLATFORM);
    response.put("version", version);
    return response;
  }
}
