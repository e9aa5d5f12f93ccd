package meridian.model;

import java.util.Arrays;
import java.util.Optional;

/** The {@code include} query parameter (spec §1.10). */
public enum Include {
  ALL("all"),
  DELETED("deleted"),
  NON_DELETED("non-deleted");

  private final String value;

  Include(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static Optional<Include> parse(String value) {
    return Arrays.stream(values()).filter(i -> i.value.equals(value)).findFirst();
  }
}
