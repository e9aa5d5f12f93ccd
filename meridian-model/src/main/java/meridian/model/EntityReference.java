package meridian.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** OM's {@code type/entityReference.json}: a pointer to another entity, populated on output. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntityReference(
    UUID id,
    String type,
    String name,
    String fullyQualifiedName,
    String displayName,
    String description,
    Boolean deleted,
    Boolean inherited,
    String href) {}
