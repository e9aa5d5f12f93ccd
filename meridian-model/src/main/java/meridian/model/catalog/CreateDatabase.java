package meridian.model.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import meridian.model.EntityReference;
import meridian.model.TagLabel;

/**
 * OM's {@code api/data/createDatabase.json}, newest (catalog spec §2.1): {@code service} is the
 * FQN of the database service; {@code domain} (one FQN, OM 1.4) is accepted beside {@code domains}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateDatabase(
    String name,
    String displayName,
    String description,
    List<TagLabel> tags,
    List<EntityReference> owners,
    String service,
    List<String> dataProducts,
    @JsonProperty("default") Boolean isDefault,
    String retentionPeriod,
    JsonNode extension,
    String sourceUrl,
    List<String> domains,
    String domain,
    JsonNode lifeCycle,
    String sourceHash) {}
