package meridian.tests.property;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/** Random values for one case of a {@link Property}, all drawn from one seeded {@link Random}. */
public final class Gen {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String PUNCTUATION = " _-.:;,/\\\"'`~!@#$%^&*()[]{}<>?=+|";
  /** Characters that trip encoders: controls, accents, CJK, RTL, emoji (a surrogate pair), BOM, NUL. */
  private static final String[] AWKWARD = {
    "\u0000", "\t", "\n", "\r", "\u001f", "\u007f", "é", "ß", "Ω", "日本", "עברית", "\u200b", "\ufeff", "😀", "\u00a0", "%",
    "%2F", "%00", "..", "+", "#", "?", "&",
  };

  private final Random random;

  public Gen(long seed) {
    this.random = new Random(seed);
  }

  public Random random() {
    return random;
  }

  /** Between {@code min} and {@code max}, both included. */
  public int between(int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  public boolean bool() {
    return random.nextBoolean();
  }

  /** True with probability {@code p}. */
  public boolean chance(double p) {
    return random.nextDouble() < p;
  }

  @SafeVarargs
  public final <T> T pick(T... values) {
    return values[random.nextInt(values.length)];
  }

  public <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** One of the suppliers, chosen at random, then called. */
  @SafeVarargs
  public final <T> T oneOf(Supplier<? extends T>... choices) {
    return choices[random.nextInt(choices.length)].get();
  }

  /** Letters and digits only: always a valid name. */
  public String identifier(int minLength, int maxLength) {
    return chars(ALNUM, between(minLength, maxLength));
  }

  /** Any text: letters, punctuation and awkward characters, up to {@code maxLength} pieces. */
  public String text(int maxLength) {
    int length = between(0, maxLength);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(4)) {
        case 0 -> out.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
        case 1 -> out.append(pick(AWKWARD));
        default -> out.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
      }
    }
    return out.toString();
  }

  /** Any string, including unpaired surrogates and every control character. */
  public String anyChars(int maxLength) {
    int length = between(0, maxLength);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append((char) (chance(0.7) ? between(0x20, 0x7e) : between(0, 0xffff)));
    }
    return out.toString();
  }

  public byte[] bytes(int maxLength) {
    byte[] bytes = new byte[between(0, maxLength)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Numbers that break parsers: huge, negative, fractional, exponents, leading zeros, signs, blanks. */
  public String number() {
    return oneOf(
        () -> Integer.toString(between(-5, 1_000)),
        () -> Long.toString(random.nextLong()),
        () -> new BigInteger(200, random).toString(),
        () -> "-" + new BigInteger(80, random),
        () -> pick("0", "-0", "+1", "1.5", "1e3", "1E400", "0x10", "007", " 5", "5 ", "", "NaN", "Infinity",
            "2147483647", "2147483648", "-2147483649", "1000000", "1000001", "9".repeat(30)));
  }

  private String chars(String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  /** A random JSON value, nested at most {@code depth} levels. */
  public JsonNode json(int depth) {
    int kinds = depth <= 0 ? 5 : 7;
    return switch (random.nextInt(kinds)) {
      case 0 -> JSON.nullNode();
      case 1 -> JSON.booleanNode(bool());
      case 2 -> JSON.textNode(text(12));
      case 3 -> JSON.numberNode(new BigDecimal(new BigInteger(between(1, 90), random), between(-5, 5)));
      case 4 -> JSON.numberNode(between(-3, 3));
      case 5 -> {
        ArrayNode array = JSON.arrayNode();
        for (int i = between(0, 3); i > 0; i--) {
          array.add(json(depth - 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = JSON.objectNode();
        for (int i = between(0, 3); i > 0; i--) {
          object.set(oneOf(() -> identifier(1, 8), () -> text(6)), json(depth - 1));
        }
        yield object;
      }
    };
  }

  /** A value of the wrong JSON type for a field that holds {@code example}'s type. */
  public JsonNode otherType(JsonNode example) {
    while (true) {
      JsonNode candidate = json(2);
      if (candidate.getNodeType() != example.getNodeType()) {
        return candidate;
      }
    }
  }

  /** {@code [[[…1…]]]} or {@code {"a":{"a":…}}}, {@code levels} deep. */
  public static String nested(int levels, boolean arrays) {
    String open = arrays ? "[" : "{\"a\":";
    String close = arrays ? "]" : "}";
    return open.repeat(levels) + "1" + close.repeat(levels);
  }
}
