package meridian.model.domains;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import meridian.model.EntityReference;
import meridian.model.TagLabel;

/**
 * OM's {@code api/domains/createDataProduct.json}: {@code description} is required, and the
 * domains it belongs to, as {@code domains} (newer OM) or the single {@code domain} (OM 1.4).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateDataProduct(
    String name,
    String displayName,
    String description,
    String domain,
    List<String> domains,
    ObjectNode style,
    List<EntityReference> owners,
    List<String> experts,
    List<TagLabel> tags,
    String fullyQualifiedName) {}
