package meridian.model.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import meridian.model.EntityReference;
import meridian.model.TagLabel;

/**
 * OM's {@code api/data/createTable.json}, newest (catalog spec §2.5): {@code databaseSchema} is the
 * schema's FQN; {@code columns} is required ({@code []} allowed). Enumerations stay strings so that
 * an unknown value gets a message naming the field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateTable(
    String name,
    String displayName,
    String description,
    String tableType,
    List<Column> columns,
    JsonNode dataModel,
    String locationPath,
    List<TableConstraint> tableConstraints,
    JsonNode tablePartition,
    JsonNode tableProfilerConfig,
    List<EntityReference> owners,
    String databaseSchema,
    List<TagLabel> tags,
    String schemaDefinition,
    String retentionPeriod,
    JsonNode extension,
    String sourceUrl,
    JsonNode lifeCycle,
    List<String> domains,
    String domain,
    List<String> dataProducts,
    String fileFormat,
    String sourceHash) {}
