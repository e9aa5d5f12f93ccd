package meridian.model.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import meridian.model.EntityReference;
import meridian.model.TagLabel;

/** OM's {@code api/data/createDatabaseSchema.json}, newest (catalog spec §2.3): {@code database} is the database's FQN. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateDatabaseSchema(
    String name,
    String displayName,
    String description,
    List<EntityReference> owners,
    String database,
    List<String> dataProducts,
    List<TagLabel> tags,
    String retentionPeriod,
    JsonNode extension,
    String sourceUrl,
    JsonNode lifeCycle,
    List<String> domains,
    String domain,
    String sourceHash) {}
