package meridian.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import meridian.store.SearchDao.Hit;
import meridian.store.SearchDao.Order;
import meridian.store.SearchDao.Page;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * A broad search on the embedded store, answered from its full-text index rather than from each
 * match's row (docs/performance.md, "A search that reads the index, not the rows"). The matches are
 * split into tiers of equal score, each an FTS5 expression over columns ({@code {t_name}: "orders"},
 * {@code {t_columns}: "orders" NOT {t_name t_display}: "orders"}, and so on, for each way the words
 * can fall into the fields): the tiers' matches grouped by {@code rowid >> 32}, the combination of
 * facets the rowid carries ({@link Dialect#searchRowsByCombination}), give the total, the facets
 * and each tier's size without reading a row. The page is then read from the tiers it falls in, in
 * name order, one part per type with matches in the tier, each read as its share of the type's rows
 * makes cheapest (a walk is assumed to find the matches spread over the names):
 * <ul>
 *   <li>at most {@link #FEW} matches, or a walk twenty times longer than the matches: those rows
 *       (of the kept combinations only, tested on the rowid), sorted;
 *   <li>a tier that holds a good share of the type's rows: the {@code (type, deleted, name)} index
 *       walked in order, each row read and tested against the tier's score, until the page is full
 *       (a third of the tables holding a word: about 30 rows for a page of ten);
 *   <li>else the same walk, each index entry's rowid tested against the kept combinations and the
 *       tier's set of rowids (made once from the index), reading no row until the page's.
 * </ul>
 * It answers the same hits in the same order as {@link SearchDao#page}'s one statement, which a
 * search takes instead when it has few matches, more than two words, a filter on tags, owners or
 * domains, or an order by update time.
 */
final class TieredSearch {
  /** At most this many matches of the words (of any type, live or deleted): the one statement that reads them all is as fast. */
  static final long FEW = 2_000;
  /** The token columns in the order of their weight, and their weights. */
  private static final String[] FIELDS = {"t_name", "t_display", "t_columns", "t_description"};
  private static final int[] WEIGHTS = {SearchDao.NAME, SearchDao.DISPLAY, SearchDao.COLUMNS, SearchDao.DESCRIPTION};
  /** More words than this give too many tiers (four fields to the power of the words). */
  private static final int MAX_WORDS = 2;

  private final SearchDao dao;
  private final Dialect dialect;

  TieredSearch(SearchDao dao, Dialect dialect) {
    this.dao = dao;
    this.dialect = dialect;
  }

  /**
   * One tier: its score, the FTS5 expression of its matches, and the SQL condition on a row
   * ({@code s}, among the rows the search's filter keeps) that holds when the row is one of them.
   */
  private record Tier(int score, String match, String row) {}

  /**
   * What a search's words match, as far as the plan needs: the matches' rowids as a JSON array when
   * there are at most {@link #FEW} (of any type, live or deleted; else null, and the search is a
   * broad one: {@link #page}), and which fields hold each word ({@code holding}, as
   * {@link #fieldsHolding} says; null when not read).
   */
  record Matches(String rowids, boolean[][] holding) {}

  /**
   * The caller's one statement reads the few matches' rows by rowid rather than matching the words
   * a second time (the match was a fifth of a two-word search's statements). Found by FTS5, read
   * only as far as the limit; but FTS5 gathers a prefix's whole list of rows before it answers the
   * first, so for one word (always a prefix) FTS5's vocabulary is read first: one pass that counts
   * the rows holding it in each field, whose sum bounds the matches from above. Above {@link #FEW},
   * the search is a broad one, and its tiers need those fields ({@link #page}); the pass over the
   * matches themselves is saved. Two words are matched together (their matches are far fewer than
   * either word's), and the fields read only when they are many.
   */
  Matches matches(Handle handle, SearchDao.Query query) {
    if (!dialect.searchRowsByCombination() || query.tokens().isEmpty()) {
      return new Matches(null, null);
    }
    boolean[][] holding = null;
    if (query.tokens().size() == 1) {
      long[] atMost = new long[1];
      holding = fieldsHolding(handle, query.tokens(), atMost);
      if (holding != null && atMost[0] > FEW) {
        return new Matches(null, holding);
      }
    }
    String[] found = handle.createQuery("SELECT COUNT(*), '[' || COALESCE(group_concat(rowid), '') || ']' FROM (SELECT rowid FROM search_fts"
            + " WHERE search_fts MATCH :match LIMIT " + (FEW + 1) + ")")
        .bind("match", dialect.searchMatch(query.tokens()))
        .map((rs, ctx) -> new String[] {rs.getLong(1) <= FEW ? rs.getString(2) : null}).one();
    return new Matches(found[0], holding);
  }

  /**
   * The page of a search with more than {@link #FEW} matches ({@link #matches} said so), or null
   * when the search is not one this plan answers (the caller's statement does).
   */
  Page page(Handle handle, SearchDao.Query query, Matches matches, Order order, boolean ascending, int from, int size, List<String> joined,
      int buckets) {
    List<String> tokens = query.tokens();
    if (!dialect.searchRowsByCombination() || tokens.isEmpty() || tokens.size() > MAX_WORDS || order == Order.UPDATED
        || !SearchDao.columnsOnly(query.filter())) {
      return null;
    }
    boolean[][] holding = order != Order.SCORE ? null : matches.holding() != null ? matches.holding() : fieldsHolding(handle, tokens, new long[1]);
    List<Tier> tiers = tiers(query, order, ascending, holding);
    if (tiers.isEmpty()) {
      // No field holds the words after all (more than FEW matches were found, so this is a guard): the statement answers.
      return null;
    }
    SearchDao.FacetSums sums = new SearchDao.FacetSums();
    long[] counts = new long[tiers.size()];
    // Each tier's matches per type too: a type with none in a tier is not read, and each type's share decides how it is read.
    Map<String, long[]> byType = new LinkedHashMap<>();
    Map<Long, long[]> perCombination = perCombination(handle, tiers);
    if (!perCombination.isEmpty()) {
      // The combinations the search's types, state and filter keep, with their facets.
      var kept = statement(handle, "SELECT s.id, s.entity_type, s.service_type, s.service, s.database_name, s.schema_name FROM search_count s"
          + " WHERE " + kept(query) + " AND s.id IN (SELECT value FROM json_each(:combinations))", query)
          .bind("combinations", perCombination.keySet().toString());
      kept.map((rs, ctx) -> {
        long[] n = perCombination.get(rs.getLong(1));
        for (int i = 0; i < n.length; i++) {
          if (n[i] > 0) {
            counts[i] += n[i];
            byType.computeIfAbsent(rs.getString(2), t -> new long[tiers.size()])[i] += n[i];
            sums.add(n[i], rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
          }
        }
        return Boolean.TRUE;
      }).forEach(row -> { });
    }
    List<Hit> hits = new ArrayList<>();
    long skip = from;
    // By score, a match whose name is the whole query scores 16 more: above every tier (whose scores are 16 at most), so
    // those few (the name index finds them) come first, and each tier leaves them out.
    List<Hit> wholeNames = order == Order.SCORE ? wholeNames(handle, query, ascending) : List.of();
    for (Hit hit : wholeNames) {
      for (int i = 0; i < tiers.size(); i++) {
        if (tiers.get(i).score() == hit.score() - SearchDao.WHOLE_NAME) {
          counts[i]--;
          byType.get(hit.entityType())[i]--;
        }
      }
    }
    if (!ascending) {
      skip = take(wholeNames, skip, size, hits);
    }
    Map<String, Long> rows = size == 0 ? Map.of() : rowsOfTypes(handle, query);
    for (int i = 0; i < tiers.size() && hits.size() < size; i++) {
      if (skip >= counts[i]) {
        skip -= counts[i];
        continue;
      }
      int take = (int) Math.min(size - hits.size(), counts[i] - skip);
      Map<String, Long> matched = new LinkedHashMap<>();
      for (Map.Entry<String, long[]> type : byType.entrySet()) {
        if (type.getValue()[i] > 0) {
          matched.put(type.getKey(), type.getValue()[i]);
        }
      }
      hits.addAll(read(handle, query, order, ascending, tiers.get(i), matched, rows, skip, take));
      skip = 0;
    }
    if (ascending) {
      take(wholeNames, skip, size, hits);
    }
    Map<String, Map<String, Long>> edges = new LinkedHashMap<>();
    // Tags, owners and domains from their usages and relationships: a broad search's matches are many more.
    joined.forEach(facet -> edges.put(facet, dao.counts(handle, query, facet, buckets, Long.MAX_VALUE)));
    return new Page(hits, sums.facets(), edges);
  }

  /**
   * Each tier's matches per combination of facets ({@code rowid >> 32}), from the index alone: each
   * tier's combinations come back as one text, one number per match, counted here. SQLite would
   * count them with its sorter (it has no hash aggregation), which took twice as long as the match
   * itself for a word a third of the tables hold (docs/performance.md).
   */
  private static Map<Long, long[]> perCombination(Handle handle, List<Tier> tiers) {
    List<String> arms = new ArrayList<>();
    for (int i = 0; i < tiers.size(); i++) {
      arms.add("SELECT " + i + ", group_concat(rowid >> 32) FROM search_fts WHERE search_fts MATCH :t" + i);
    }
    Query statement = handle.createQuery(String.join(" UNION ALL ", arms));
    for (int i = 0; i < tiers.size(); i++) {
      statement.bind("t" + i, tiers.get(i).match());
    }
    Map<Long, long[]> out = new java.util.HashMap<>();
    statement.map((rs, ctx) -> {
      int tier = rs.getInt(1);
      String combinations = rs.getString(2);
      if (combinations != null) {
        // The matches come in rowid order, so a combination's are together: each run is counted once.
        long current = -1;
        long run = 0;
        long value = 0;
        for (int c = 0, length = combinations.length(); c <= length; c++) {
          char ch = c < length ? combinations.charAt(c) : ',';
          if (ch != ',') {
            value = value * 10 + (ch - '0');
            continue;
          }
          if (value != current && run > 0) {
            out.computeIfAbsent(current, k -> new long[tiers.size()])[tier] += run;
            run = 0;
          }
          current = value;
          run++;
          value = 0;
        }
        if (run > 0) {
          out.computeIfAbsent(current, k -> new long[tiers.size()])[tier] += run;
        }
      }
      return Boolean.TRUE;
    }).forEach(row -> { });
    return out;
  }

  /** Adds to {@code hits} the rows of {@code list} after its first {@code skip}, until there are {@code size}; returns what is left to skip. */
  private static long take(List<Hit> list, long skip, int size, List<Hit> hits) {
    if (skip >= list.size()) {
      return skip - list.size();
    }
    for (int i = (int) skip; i < list.size() && hits.size() < size; i++) {
      hits.add(list.get(i));
    }
    return 0;
  }

  /** The search's types, live or deleted, and its filter, on {@code s}: a row of {@code search_entry} or of {@code search_count}. */
  private String kept(SearchDao.Query query) {
    return dao.where(new SearchDao.Query(List.of(), "", query.types(), query.deleted(), query.filter()));
  }

  /**
   * Which fields hold each token anywhere in the index ({@code [token][field]}, in the order of
   * {@link #FIELDS}), from FTS5's vocabulary ({@code search_fts_vocab}, migration 016): one pass
   * over each token's entries, the last token's terms those it begins. Adds to {@code atMost[0]}
   * the rows that hold each in each field (for one token: at least its matches). Or null, when a token is not
   * plain ASCII letters and digits: the vocabulary holds terms as FTS5's tokenizer made them, and
   * only for those is that certainly the token as the search has it (then no field is skipped).
   */
  private static boolean[][] fieldsHolding(Handle handle, List<String> tokens, long[] atMost) {
    boolean[][] holding = new boolean[tokens.size()][FIELDS.length];
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (!token.matches("[a-z0-9]+")) {
        return null;
      }
      boolean prefix = i == tokens.size() - 1;
      // A prefix's terms sort from the prefix itself to just below the prefix followed by the highest code point.
      String sql = "SELECT col, SUM(doc) FROM search_fts_vocab WHERE " + (prefix ? "term >= :token AND term < :token || char(1114111)" : "term = :token")
          + " GROUP BY col";
      boolean[] fields = holding[i];
      handle.createQuery(sql).bind("token", token).map((rs, ctx) -> {
        for (int f = 0; f < FIELDS.length; f++) {
          fields[f] |= FIELDS[f].equals(rs.getString(1));
        }
        // The rows holding a term in a field, summed over the terms and the fields: at least the rows holding any.
        atMost[0] += rs.getLong(2);
        return Boolean.TRUE;
      }).forEach(row -> { });
    }
    return holding;
  }

  /**
   * The tiers in the order of the page: by score (each way the words can fall into the fields, those
   * of equal score together), or one tier of every match when the order is by name. A way that puts
   * a token in a field that holds it nowhere ({@code holding}, when known) has no matches and is left
   * out, and so is such a field from the fields a token must not be in: each field left out of an
   * expression is a pass of FTS5 over the token's entries saved (docs/performance.md).
   */
  private List<Tier> tiers(SearchDao.Query query, Order order, boolean ascending, boolean[][] holding) {
    List<String> tokens = query.tokens();
    if (order == Order.NAME) {
      return List.of(new Tier(0, dialect.searchMatch(tokens), weights(tokens.size()) + " > 0"));
    }
    // Each token's field, as an index into FIELDS: every combination of them.
    TreeMap<Integer, List<String>> byScore = new TreeMap<>();
    int combinations = 1 << (2 * tokens.size());
    for (int c = 0; c < combinations; c++) {
      int score = 0;
      List<String> parts = new ArrayList<>();
      boolean none = false;
      for (int i = 0; i < tokens.size(); i++) {
        int field = (c >> (2 * i)) & 3;
        score += WEIGHTS[field];
        none |= holding != null && !holding[i][field];
        String phrase = phrase(tokens, i);
        String in = "{" + FIELDS[field] + "} : " + phrase;
        List<String> before = new ArrayList<>();
        for (int f = 0; f < field; f++) {
          if (holding == null || holding[i][f]) {
            before.add(FIELDS[f]);
          }
        }
        if (!before.isEmpty()) {
          in = "(" + in + " NOT {" + String.join(" ", before) + "} : " + phrase + ")";
        }
        parts.add(in);
      }
      if (none) {
        continue;
      }
      byScore.computeIfAbsent(score, s -> new ArrayList<>()).add(String.join(" AND ", parts));
    }
    List<Tier> tiers = new ArrayList<>();
    for (Map.Entry<Integer, List<String>> entry : (ascending ? byScore : byScore.descendingMap()).entrySet()) {
      List<String> ors = entry.getValue();
      String match = ors.size() == 1 ? ors.get(0) : "(" + String.join(") OR (", ors) + ")";
      tiers.add(new Tier(entry.getKey(), match, weights(tokens.size()) + " = " + entry.getKey()));
    }
    return tiers;
  }

  /** A token as the FTS5 expression has it: quoted, the last one a prefix. */
  private String phrase(List<String> tokens, int i) {
    return '"' + dialect.searchToken(tokens.get(i)) + '"' + (i == tokens.size() - 1 ? "*" : "");
  }

  /**
   * The SQL sum of each token's weight in a row: the weight of the first field that holds it, and
   * far below zero when none does, so that a sum equal to a tier's score means the row matches.
   */
  private static String weights(int tokens) {
    StringBuilder sql = new StringBuilder("(");
    for (int i = 0; i < tokens; i++) {
      String p = ":p" + i;
      sql.append(i > 0 ? " + " : "").append("CASE");
      for (int f = 0; f < FIELDS.length; f++) {
        sql.append(" WHEN s.").append(FIELDS[f]).append(" LIKE ").append(p).append(" THEN ").append(WEIGHTS[f]);
      }
      sql.append(" ELSE -1000 END");
    }
    return sql.append(")").toString();
  }

  /** The matches of the search's types and filter whose name is the whole query, by score and then name. */
  private List<Hit> wholeNames(Handle handle, SearchDao.Query query, boolean ascending) {
    return statement(handle, "SELECT s.id, s.entity_type, " + SearchDao.score(query) + " AS score FROM search_entry s WHERE " + kept(query)
        + " AND s.name_key = :whole AND " + weights(query.tokens().size()) + " > 0 ORDER BY score" + (ascending ? " ASC" : " DESC")
        + ", s.name_key, s.id", query)
        .map((rs, ctx) -> new Hit(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getInt(3))).list();
  }

  /** How many rows of each of the search's types (live or deleted, as asked) there are: what a walk of the name index passes. */
  private Map<String, Long> rowsOfTypes(Handle handle, SearchDao.Query query) {
    Map<String, Long> out = new LinkedHashMap<>();
    handle.createQuery("SELECT entity_type, SUM(n) FROM search_count WHERE entity_type IN (<types>) AND deleted = :deleted GROUP BY entity_type")
        .bindList("types", List.copyOf(query.types())).bind("deleted", query.deleted())
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * {@code take} hits of {@code tier} after its first {@code skip}, in name order: one part per type
   * with matches in the tier ({@code matched}: how many), each read as its size among the type's
   * {@code rows} makes cheapest, merged.
   */
  private List<Hit> read(Handle handle, SearchDao.Query query, Order order, boolean ascending, Tier tier, Map<String, Long> matched,
      Map<String, Long> rows, long skip, int take) {
    String names = order == Order.NAME ? SearchDao.orderBy(query, order, ascending, "s.") : "s.name_key, s.id";
    String outer = order == Order.NAME ? SearchDao.orderBy(query, order, ascending, "") : "name_key, id";
    // By score the whole-name rows are read apart (page); by name they are in their place.
    String split = order == Order.NAME ? "" : " AND s.name_key <> :whole";
    String kept = kept(query);
    String select = "SELECT s.id, s.entity_type, s.name_key, s.updated_at, " + SearchDao.score(query) + " AS score";
    long need = skip + take;
    List<String> arms = new ArrayList<>();
    for (Map.Entry<String, Long> entry : matched.entrySet()) {
      String type = "'" + entry.getKey().replace("'", "''") + "'";
      double count = entry.getValue();
      // How many index entries a walk passes to find the page's end, if the matches are spread over the names.
      double walk = need * (double) rows.getOrDefault(entry.getKey(), 0L) / count;
      String combinations = "(SELECT s.id FROM search_count s WHERE " + kept + " AND s.entity_type = " + type + ")";
      String arm;
      if (count <= FEW || count * 20 <= walk) {
        // Few matches, or a walk much longer than reading them: the tier's rows (of the kept combinations only), sorted.
        arm = select + " FROM search_fts CROSS JOIN search_entry s WHERE search_fts MATCH :tier AND (search_fts.rowid >> 32) IN "
            + combinations + " AND s.seq = search_fts.rowid";
      } else if (walk * 20 < count) {
        // A tier that holds a good share of the type's rows: each row passed is read and tested.
        arm = select + " FROM search_entry s WHERE " + kept + " AND s.entity_type = " + type + " AND " + tier.row();
      } else {
        // Else each index entry's rowid is tested: its combination, and the tier's set of rowids (made once from the index).
        arm = select + " FROM search_entry s WHERE s.entity_type = " + type + " AND s.deleted = :deleted AND (s.seq >> 32) IN " + combinations
            + " AND s.seq IN (SELECT rowid FROM search_fts WHERE search_fts MATCH :tier)";
      }
      arms.add("SELECT * FROM (" + arm + split + " ORDER BY " + names + " LIMIT :need)");
    }
    if (arms.isEmpty()) {
      return List.of();
    }
    String sql = "SELECT * FROM (" + String.join(" UNION ALL ", arms) + ") ORDER BY " + outer + " LIMIT :take OFFSET :skip";
    var statement = statement(handle, sql, query).bind("tier", tier.match()).bind("take", take).bind("skip", skip).bind("need", need);
    return statement.map((rs, ctx) -> new Hit(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getInt("score"))).list();
  }

  /** A statement with the search's parameters bound; those it does not use are allowed. */
  private Query statement(Handle handle, String sql, SearchDao.Query query) {
    Query statement = handle.createQuery(sql);
    statement.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
    dao.bindQuery(statement, query);
    return statement;
  }
}
