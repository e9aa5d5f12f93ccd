package meridian.model.ingestion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import meridian.model.EntityReference;

/**
 * OM's {@code api/services/ingestionPipelines/createIngestionPipeline.json} (ingestion spec §3.1):
 * 1.4's fields, with {@code owners} and the newer UI's {@code raiseOnError} and
 * {@code processingEngine} accepted too. {@code service} is a reference to the database service
 * ({@code {"id", "type"}}) or its FQN.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateIngestionPipeline(
    String name,
    String displayName,
    String description,
    String pipelineType,
    ObjectNode sourceConfig,
    ObjectNode airflowConfig,
    String loggerLevel,
    JsonNode service,
    EntityReference owner,
    List<EntityReference> owners,
    Boolean raiseOnError,
    JsonNode processingEngine,
    List<String> domains,
    String domain) {}
