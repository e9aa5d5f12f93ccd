package meridian.model.services;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import meridian.model.EntityReference;
import meridian.model.TagLabel;

/**
 * OM's {@code api/services/createDatabaseService.json} (spec §2.1). {@code domain} (one FQN, the
 * seed's spelling and OM 1.4) and {@code domains} (newer OM) are both accepted (contract §4).
 * {@code serviceType} stays a string so that an unknown value gets our own message naming the
 * field rather than Jackson's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateDatabaseService(
    String name,
    String displayName,
    String description,
    String serviceType,
    ObjectNode connection,
    List<EntityReference> owners,
    List<TagLabel> tags,
    String domain,
    List<String> domains,
    List<String> dataProducts,
    EntityReference ingestionRunner) {}
