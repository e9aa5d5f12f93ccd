package meridian.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** One entry of a {@link ChangeDescription}: {@code {"name", "oldValue", "newValue"}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldChange(String name, JsonNode oldValue, JsonNode newValue) {
  public FieldChange {
    Objects.requireNonNull(name, "name is null");
  }
}
