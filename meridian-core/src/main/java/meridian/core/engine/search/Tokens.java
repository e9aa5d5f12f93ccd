package meridian.core.engine.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words search finds, the same on every store (docs/decisions.md, "Search"): Meridian splits
 * text into tokens itself and gives each store's full-text index only those, so that SQLite's FTS5,
 * PostgreSQL's {@code tsvector} and MariaDB's FULLTEXT match alike.
 *
 * <p>A token is a run of letters or of digits: text splits on punctuation, spaces and {@code _},
 * where a lower-case letter meets an upper-case one ({@code customerOrders}), before the last
 * capital of a run followed by a small letter ({@code HTTPServer}: {@code http}, {@code server}),
 * and where letters meet digits ({@code orders2024}). Tokens are lower case without accents; a word
 * split at case changes is also kept whole ({@code CustomerOrders} gives {@code customerorders}
 * too). There are no stop words and no minimum length.
 */
public final class Tokens {
  /** Longer tokens are cut: every store indexes at least this many characters of a word. */
  public static final int MAX_TOKEN = 60;
  /** A query uses at most this many words; the rest are ignored. */
  public static final int MAX_QUERY_WORDS = 12;

  private Tokens() {}

  /** The distinct tokens of {@code text} as stored, in order of first appearance. */
  public static Set<String> index(String text) {
    Set<String> out = new LinkedHashSet<>();
    if (text != null) {
      for (String word : words(text)) {
        List<String> parts = split(word);
        parts.forEach(p -> out.add(fold(p)));
        if (parts.size() > 1 && word.chars().allMatch(Character::isLetter)) {
          out.add(fold(word));
        }
      }
    }
    return out;
  }

  /**
   * The tokens a query looks for, in order, each once; the last is matched as a prefix by the
   * caller. Whole-word forms are not added, so {@code CustomerOrders} asks for {@code customer} and
   * {@code orders}, which {@code customer_orders} has too.
   */
  public static List<String> query(String text) {
    Set<String> out = new LinkedHashSet<>();
    if (text != null) {
      for (String word : words(text)) {
        split(word).forEach(p -> out.add(fold(p)));
      }
    }
    List<String> list = new ArrayList<>(out);
    return list.size() > MAX_QUERY_WORDS ? list.subList(0, MAX_QUERY_WORDS) : list;
  }

  /** A whole name folded as tokens are (lower case, no accents), for sorting and the whole-name match: at most 256 characters. */
  public static String foldName(String text) {
    String folded = strip(text);
    return folded.length() > 256 ? folded.substring(0, 256) : folded;
  }

  /** Lower case without accents, at most {@link #MAX_TOKEN} characters: a token. */
  public static String fold(String text) {
    String folded = strip(text);
    return folded.length() > MAX_TOKEN ? folded.substring(0, MAX_TOKEN) : folded;
  }

  private static String strip(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); ) {
      int c = decomposed.codePointAt(i);
      i += Character.charCount(c);
      int type = Character.getType(c);
      if (type != Character.NON_SPACING_MARK && type != Character.COMBINING_SPACING_MARK && type != Character.ENCLOSING_MARK) {
        out.appendCodePoint(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /** Runs of letters and digits (with the marks that belong to them). */
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      boolean inWord = Character.isLetterOrDigit(c) || (start >= 0 && isMark(c));
      if (inWord && start < 0) {
        start = i;
      } else if (!inWord && start >= 0) {
        words.add(text.substring(start, i));
        start = -1;
      }
      i += Character.charCount(c);
    }
    if (start >= 0) {
      words.add(text.substring(start));
    }
    return words;
  }

  private static boolean isMark(int c) {
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
  }

  /** A word split where case changes and where letters meet digits. */
  static List<String> split(String word) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    int[] cps = word.codePoints().toArray();
    int offset = 0;
    int[] offsets = new int[cps.length + 1];
    for (int i = 0; i < cps.length; i++) {
      offsets[i] = offset;
      offset += Character.charCount(cps[i]);
    }
    offsets[cps.length] = offset;
    for (int i = 1; i < cps.length; i++) {
      int prev = cps[i - 1];
      int c = cps[i];
      if (isMark(c)) {
        continue;
      }
      boolean boundary = (Character.isDigit(prev) != Character.isDigit(c) && !isMark(prev))
          || (Character.isLowerCase(prev) && Character.isUpperCase(c))
          || (Character.isUpperCase(prev) && Character.isUpperCase(c) && i + 1 < cps.length && Character.isLowerCase(cps[i + 1]));
      if (boundary) {
        parts.add(word.substring(offsets[start], offsets[i]));
        start = i;
      }
    }
    parts.add(word.substring(offsets[start]));
    return parts;
  }
}
