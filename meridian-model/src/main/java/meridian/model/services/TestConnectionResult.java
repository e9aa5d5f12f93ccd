package meridian.model.services;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * OM's {@code entity/services/connections/testConnectionResult.json}: {@code status} is
 * Successful, Failed or Running; {@code steps} are in the definition's order (spec §2.6).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestConnectionResult(Long lastUpdatedAt, String status, List<Step> steps) {
  public TestConnectionResult {
    steps = steps == null ? null : List.copyOf(steps);
  }

  /** OM's {@code testConnectionStepResult}: the step's own outcome; {@code errorLog} is the driver's reason. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Step(String name, Boolean mandatory, Boolean passed, String message, String errorLog) {}
}
