package meridian.tests.surface;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import meridian.tests.property.Gen;

/** Generated pieces of request targets: query values and path segments, encoded well or badly. */
final class Targets {
  private Targets() {}

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A query parameter value as it would appear in a request line. */
  static String queryValue(Gen gen, String cursor) {
    return gen.oneOf(
        () -> "",
        () -> gen.pick("true", "false", "TRUE", "yes", "1", "0", "null"),
        () -> encode(gen.number()),
        () -> encode(gen.text(20)),
        () -> gen.pick("%zz", "%", "%2", "%C3%28", "%FF%FE", "%00", "a%20b", "+", "%2B", ";", "a=b", "%26"),
        () -> gen.pick("all", "deleted", "non-deleted", "ALL", "none"),
        () -> gen.pick("Organization", "PII", "Tier", "PII.Sensitive", "nope", "%22a.b%22"),
        () -> gen.pick("owners", "owners,tags", "*", ",,,", "owners,,domains", " owners ", "tags,nope", "connection", "id",
            "users,userCount,childrenCount", "usageCount,termCount", "children,parent", "domain,domains,followers"),
        () -> cursor,
        () -> Base64.getUrlEncoder().withoutPadding().encodeToString(gen.json(2).toString().getBytes(StandardCharsets.UTF_8)),
        () -> Base64.getUrlEncoder().encodeToString(gen.bytes(40)),
        () -> "x".repeat(gen.between(100, 3_000)));
  }

  /** A path segment: names with dots, quotes, unicode, encodings good and bad, traversal, huge. */
  static String segment(Gen gen, String existingName, String existingId) {
    return gen.oneOf(
        () -> existingName,
        () -> existingId,
        () -> encode("\"" + existingName + "\""),
        () -> encode(gen.text(30)),
        () -> gen.identifier(1, 20) + "." + gen.identifier(1, 20),
        () -> encode("\"" + gen.identifier(1, 10) + "." + gen.identifier(1, 10) + "\""),
        () -> gen.pick("..", ".", "%2e%2e", "%2E", "..%2F..", "a%2Fb", "%2F", "a%5Cb", "%00", "%zz", "%", "%C3%28",
            "%E6%97%A5%E6%9C%AC", "caf%C3%A9", "a;b", "a;jsessionid=1", "~", "%7E", "a%20b", "a+b", "%2B", "%3A%3A", "a::b",
            "00000000-0000-0000-0000-000000000000", "1-1-1-1-1", "ffffffff-ffff-ffff-ffff-ffffffffffffff"),
        () -> encode(gen.anyChars(12)),
        () -> gen.identifier(257, 300),
        () -> "n".repeat(gen.between(1_000, 9_000)));
  }
}
