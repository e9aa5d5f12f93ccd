package meridian.model.classification;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import meridian.model.EntityReference;

/**
 * OM's {@code api/classification/createTag.json}: {@code description} and {@code classification}
 * (its name) are required; {@code parent} is the FQN of a parent tag for a nested tag.
 * {@code disabled} is accepted too, so that a patched tag decodes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateTag(
    String name,
    String displayName,
    String description,
    String classification,
    String parent,
    ObjectNode style,
    List<String> associatedTags,
    String provider,
    Boolean mutuallyExclusive,
    Boolean disabled,
    List<EntityReference> owners) {}
