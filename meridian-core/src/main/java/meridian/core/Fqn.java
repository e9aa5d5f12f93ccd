package meridian.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Fully qualified names of root entities (services, users) and their hashes. */
public final class Fqn {
  private Fqn() {}

  /**
   * Spec §1.4 (OM issue #24401): a name containing {@code .} and no {@code "} is quoted, so that
   * {@code snowflake.prod} becomes {@code "snowflake.prod"}; other names are their own FQN.
   */
  public static String quoteName(String name) {
    if (name.contains(".") && !name.contains("\"")) {
      return "\"" + name + "\"";
    }
    return name;
  }

  /**
   * The lookup key for a name given in a URL: a dotted name is accepted quoted or bare, as OM's
   * root-entity repositories quote it before searching (spec §1.4).
   */
  public static String fromPath(String fqn) {
    return quoteName(fqn);
  }

  /**
   * The parts of an FQN, split on dots outside double quotes; quoted parts keep their quotes
   * (spec §3.2: {@code svc."a.b".t} is {@code svc}, {@code "a.b"}, {@code t}).
   */
  public static List<String> split(String fqn) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < fqn.length(); i++) {
      char c = fqn.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == '.' && !quoted) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    return parts;
  }

  /** The FQN of the first {@code n} parts of {@code fqn} (a column FQN's table: its first four). */
  public static String prefix(String fqn, int n) {
    return String.join(".", split(fqn).subList(0, n));
  }

  /** Hex SHA-256 of the FQN: fixed width, so the unique index works for FQNs of any length. */
  public static String hash(String fqn) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(fqn.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
