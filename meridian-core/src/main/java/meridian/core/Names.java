package meridian.core;

import meridian.core.errors.ApiException;

/**
 * The {@code entityName} rules of OM's {@code type/basic.json} (spec §1.4), with the messages of
 * OM's newest bean validation (spec §1.2, §7).
 */
public final class Names {
  public static final int MAX_LENGTH = 256;

  private Names() {}

  public static void requireValidName(String field, String value) {
    requireNotNull(field, value);
    int length = value.codePointCount(0, value.length());
    if (length < 1 || length > MAX_LENGTH) {
      throw ApiException.badRequest("[query param " + field + " size must be between 1 and " + MAX_LENGTH + "]");
    }
    if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      // Spec §1.4 allows them, but a name with a control character can't be typed or put in a
      // URL (Jetty refuses %00 outright): refused here rather than stored unreachable.
      throw ApiException.badRequest("[query param " + field + " must not contain control characters]");
    }
    if (value.contains("::")) {
      throw ApiException.badRequest("[query param " + field + " must match \"^((?!::).)*$\"]");
    }
  }

  public static void requireNotNull(String field, Object value) {
    if (value == null) {
      throw ApiException.badRequest("[query param " + field + " must not be null]");
    }
  }

  /** Shortens a client value for an error message so that a huge input never floods a log. */
  public static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }
}
