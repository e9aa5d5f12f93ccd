package meridian.model.domains;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import meridian.model.EntityReference;
import meridian.model.TagLabel;

/**
 * OM's {@code api/domains/createDomain.json}: {@code description} and {@code domainType} are
 * required; {@code parent} is the FQN of the parent domain; {@code experts} are user names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateDomain(
    String name,
    String displayName,
    String description,
    String domainType,
    String parent,
    ObjectNode style,
    List<EntityReference> owners,
    List<String> experts,
    List<TagLabel> tags,
    String fullyQualifiedName) {}
