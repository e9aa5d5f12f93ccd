package meridian.core.engine.write;

import meridian.core.errors.ApiException;

/**
 * {@code If-Match} (contract §4, spec §3.6): the entity tag is the version in quotes
 * ({@code "0.2"}); the weak form {@code W/"0.2"}, {@code *} and a comma-separated list are
 * accepted too. A tag that matches nothing is a 412 with OM's message.
 */
public final class Preconditions {
  private Preconditions() {}

  public static String etag(int versionTenths) {
    return "\"" + Versioning.toNumber(versionTenths) + "\"";
  }

  /** Checks {@code ifMatch} (null: no precondition) against the stored version. */
  public static void check(String ifMatch, Integer currentTenths) {
    if (ifMatch == null) {
      return;
    }
    for (String raw : ifMatch.split(",")) {
      String tag = raw.trim();
      if (tag.equals("*")) {
        if (currentTenths != null) {
          return;
        }
        continue;
      }
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
        tag = tag.substring(1, tag.length() - 1);
      }
      if (currentTenths != null && matches(tag, currentTenths)) {
        return;
      }
    }
    throw ApiException.preconditionFailed();
  }

  private static boolean matches(String tag, int tenths) {
    try {
      return Versioning.toTenths(Double.parseDouble(tag)) == tenths;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
