package meridian.model.automations;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import meridian.model.EntityReference;

/**
 * OM's {@code api/automations/createWorkflow.json}: {@code workflowType} (TEST_CONNECTION) and
 * {@code request} (a TestServiceConnectionRequest) are required; {@code status} and
 * {@code response} are the runner's. {@code owner} (OM 1.4) and {@code owners} (newer) are both taken.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateWorkflow(
    String name,
    String displayName,
    String description,
    String workflowType,
    ObjectNode request,
    String status,
    ObjectNode response,
    EntityReference owner,
    List<EntityReference> owners) {}
