package meridian.model.classification;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import meridian.model.EntityReference;

/**
 * OM's {@code api/classification/createClassification.json}: {@code description} is required;
 * {@code mutuallyExclusive} defaults to false and is fixed once the classification exists.
 * {@code disabled} is accepted too, so that a patched classification decodes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateClassification(
    String name,
    String displayName,
    String description,
    Boolean mutuallyExclusive,
    String provider,
    Boolean disabled,
    List<EntityReference> owners) {}
