package meridian.core.kinds.ingestion;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Set;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.engine.kind.Containment;
import meridian.core.engine.kind.DeclaredKind;
import meridian.core.engine.kind.Field;
import meridian.core.engine.kind.ListFilter;
import meridian.core.engine.relations.RelationFields;
import meridian.core.errors.ApiException;
import meridian.model.ingestion.CreateIngestionPipeline;

/**
 * OM's ingestion pipelines ({@code /v1/services/ingestionPipelines}, ingestion spec §3.1–3.2): a
 * metadata pipeline of a database service, which this server runs itself (it is OM's pipeline
 * service client as well). FQN {@code service.pipeline}; deleting a service that has pipelines
 * needs {@code recursive}. The source config and the schedule are checked when written, so a bad
 * regex or cron is a 400 naming the field rather than a failed run later.
 */
public final class IngestionPipelineKind extends DeclaredKind<CreateIngestionPipeline> {
  /** OM 1.4's {@code pipelineType} values; this server runs {@link #METADATA} only. */
  public static final Set<String> PIPELINE_TYPES =
      Set.of("metadata", "usage", "lineage", "profiler", "TestSuite", "dataInsight", "elasticSearchReindex", "dbt", "application");
  public static final String METADATA = "metadata";
  static final Set<String> LOGGER_LEVELS = Set.of("DEBUG", "INFO", "WARN", "ERROR");

  private static final Set<String> FIELDS =
      Set.of("id", "name", "displayName", "description", "fullyQualifiedName", "pipelineType", "owner", "owners", "sourceConfig",
          "openMetadataServerConnection", "airflowConfig", "service", "pipelineStatuses", "loggerLevel", "deployed", "enabled",
          "href", "version", "updatedAt", "updatedBy", "changeDescription", "incrementalChangeDescription", "deleted", "provider",
          "raiseOnError", "processingEngine", "domains", "domain", "followers", "ingestionRunner", "applicationType");

  public IngestionPipelineKind() {
    super(
        new Identity("ingestionPipeline", "services/ingestionPipelines", "ingestion_pipeline_entity"), CreateIngestionPipeline.class,
        List.of(Field.immutable("pipelineType"), Field.replace("sourceConfig"), Field.replace("airflowConfig"),
            Field.keep("loggerLevel", TextNode.valueOf("INFO")), Field.keep("enabled", BooleanNode.TRUE),
            Field.keep("deployed", BooleanNode.FALSE), Field.keep("provider", TextNode.valueOf("user")).untracked(),
            Field.replace("raiseOnError"), Field.replace("processingEngine")),
        List.of(RelationFields.owners().alias("owner")), FIELDS, Set.of("owners"));
  }

  @Override
  public Containment containment() {
    return Containment.under("databaseService", "service");
  }

  @Override
  public List<ListFilter> listFilters() {
    return List.of(ListFilter.under("service", "databaseService"));
  }

  /** The run going now (its job id), kept on the document by the runner; never shown, never written by a request. */
  public static final String CURRENT_RUN = "currentRun";
  /** The job kind of a run (runs are jobs: leased, taken over, listed at /api/v1/jobs). */
  public static final String RUN_JOB = "ingestion";
  /** The last scheduled time a run was started for (epoch ms); never shown, never written by a request. */
  public static final String SCHEDULED_AT = "lastScheduledAt";

  /**
   * The newest run's status, kept on the document by the runner, shown with {@code
   * fields=pipelineStatuses}; and the scheduler's and the runner's own marks, which no request
   * names (so never shown). All are the server's: a PUT or PATCH leaves them as they are.
   */
  @Override
  public Set<String> docFieldsOnRequest() {
    return Set.of("pipelineStatuses", CURRENT_RUN, SCHEDULED_AT);
  }

  @Override
  public void validate(CreateIngestionPipeline request) {
    Names.requireNotNull("pipelineType", request.pipelineType());
    if (!PIPELINE_TYPES.contains(request.pipelineType())) {
      throw ApiException.badRequest("pipelineType \"" + Names.abbreviate(request.pipelineType()) + "\" is not a pipeline type; use one of "
          + PIPELINE_TYPES.stream().sorted().toList());
    }
    if (!METADATA.equals(request.pipelineType())) {
      throw ApiException.badRequest("pipelineType \"" + request.pipelineType() + "\" is not one this server runs; it runs "
          + METADATA + " pipelines of database services");
    }
    Names.requireNotNull("sourceConfig", request.sourceConfig());
    Names.requireNotNull("airflowConfig", request.airflowConfig());
    Names.requireNotNull("service", request.service());
    if (request.loggerLevel() != null && !LOGGER_LEVELS.contains(request.loggerLevel())) {
      throw ApiException.badRequest("loggerLevel \"" + Names.abbreviate(request.loggerLevel()) + "\" is not a logger level; use one of "
          + LOGGER_LEVELS.stream().sorted().toList());
    }
    SourceConfig.check(request.sourceConfig());
    Schedule.check(request.airflowConfig());
  }

  /**
   * A pipeline deleted (alone, or with its service) ends its run if one goes; hard-deleted, it
   * takes the statuses of its runs with it.
   */
  @Override
  public void onDelete(java.util.UUID id, boolean hard, Cleanup cleanup) {
    cleanup.cancelJobsOn(id, RUN_JOB, "the ingestion pipeline was deleted");
    if (hard) {
      cleanup.removeRunStatuses(id);
    }
  }

  /** The source config as stored: the type filled in when the request left it out. */
  @Override
  public void applyCustom(ObjectNode current, ObjectNode next, ObjectNode request, Principal principal) {
    if (next.get("sourceConfig") instanceof ObjectNode source && source.get("config") instanceof ObjectNode config
        && !config.has("type")) {
      config.put("type", SourceConfig.TYPE);
    }
  }
}
