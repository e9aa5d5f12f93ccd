package meridian.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/** OM's {@code changeDescription} (spec §1.6); {@code previousVersion} is the version before the write. */
public record ChangeDescription(
    List<FieldChange> fieldsAdded,
    List<FieldChange> fieldsUpdated,
    List<FieldChange> fieldsDeleted,
    double previousVersion) {

  public ChangeDescription {
    fieldsAdded = List.copyOf(fieldsAdded);
    fieldsUpdated = List.copyOf(fieldsUpdated);
    fieldsDeleted = List.copyOf(fieldsDeleted);
  }

  @JsonIgnore
  public boolean isEmpty() {
    return fieldsAdded.isEmpty() && fieldsUpdated.isEmpty() && fieldsDeleted.isEmpty();
  }
}
