package meridian.core.engine.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import meridian.core.Fqn;
import meridian.core.Json;
import meridian.core.Principal;
import meridian.core.engine.Engine;
import meridian.core.engine.EntityServices;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.read.Fields;
import meridian.core.engine.store.SearchStore;
import meridian.core.errors.ApiException;
import meridian.store.SearchDao;
import meridian.store.SearchDao.Condition;

/**
 * OM's {@code GET /api/v1/search/query} over the store's own index (docs/decisions.md, "Search"):
 * the request's words matched as {@link Tokens} says, its {@code query_filter} read as far as
 * Meridian supports Elasticsearch's query language (a 400 names what it does not), and the answer in
 * the shape of Elasticsearch's response that OM returns, with each hit's {@code _source} rendered from
 * the entity as it is now.
 */
public final class SearchService {
  /** Elasticsearch's default result window: {@code from + size} may not pass it. */
  public static final int MAX_WINDOW = 10_000;
  /** OM's {@code maxAggregateSize}. */
  static final int BUCKETS = 10_000;
  /** Fields OM leaves out of every search document. */
  private static final Set<String> EXCLUDED = Set.of("changeDescription", "incrementalChangeDescription", "votes", "connection");

  /** A search as OM's query parameters give it. */
  public record Request(
      String q, String index, int from, int size, Boolean deleted, String sortField, String sortOrder, String queryFilter,
      String postFilter, boolean trackTotalHits, boolean fetchSource, List<String> includeSourceFields,
      List<String> excludeSourceFields) {}

  /** A query-filter field and the facet it filters. */
  private static final Map<String, String> FILTER_FIELDS = new LinkedHashMap<>();
  /** An aggregation OM's UI asks for and the facet it counts. */
  private static final Map<String, String> AGGREGATIONS = new LinkedHashMap<>();

  static {
    FILTER_FIELDS.put("entityType", "entityType");
    FILTER_FIELDS.put("entityType.keyword", "entityType");
    FILTER_FIELDS.put("serviceType", "serviceType");
    for (String ref : List.of("service", "database", "databaseSchema")) {
      for (String member : List.of("name", "displayName")) {
        FILTER_FIELDS.put(ref + "." + member, ref);
        FILTER_FIELDS.put(ref + "." + member + ".keyword", ref);
      }
    }
    FILTER_FIELDS.put("tags.tagFQN", SearchDao.TAGS);
    for (String member : List.of("name", "displayName")) {
      FILTER_FIELDS.put("owners." + member, SearchDao.OWNERS);
      FILTER_FIELDS.put("owners." + member + ".keyword", SearchDao.OWNERS);
      for (String ref : List.of("domains", "domain")) {
        FILTER_FIELDS.put(ref + "." + member, SearchDao.DOMAINS);
        FILTER_FIELDS.put(ref + "." + member + ".keyword", SearchDao.DOMAINS);
      }
    }
    FILTER_FIELDS.put("tier.tagFQN", SearchDao.TAGS);
    AGGREGATIONS.put("entityType", "entityType");
    AGGREGATIONS.put("serviceType", "serviceType");
    AGGREGATIONS.put("service.displayName.keyword", "service");
    AGGREGATIONS.put("database.name.keyword", "database");
    AGGREGATIONS.put("databaseSchema.name.keyword", "databaseSchema");
    AGGREGATIONS.put("database.displayName.keyword", "database");
    AGGREGATIONS.put("databaseSchema.displayName.keyword", "databaseSchema");
    AGGREGATIONS.put("tags.tagFQN", SearchDao.TAGS);
    AGGREGATIONS.put("owners.displayName.keyword", SearchDao.OWNERS);
    // OM's settings name the singular (domain.…); its newer UI filters on the plural.
    AGGREGATIONS.put("domains.displayName.keyword", SearchDao.DOMAINS);
    AGGREGATIONS.put("domain.displayName.keyword", SearchDao.DOMAINS);
  }

  private final Engine engine;
  private final SearchStore store;
  private final Json json;
  /** Index names and aliases to the entity types they cover. */
  private final Map<String, List<String>> indexes = new LinkedHashMap<>();
  private final Map<String, String> indexOfType = new LinkedHashMap<>();
  /**
   * On the embedded store, as many searches run at once as the machine has cores, the others wait
   * their turn in order (Elasticsearch's search thread pool and queue, for the same reason). A
   * search there is the server's own CPU: eight at once on two cores each took four times as long
   * and were as likely to finish last as first; in turn, the slowest of them waits less. Measured:
   * docs/performance.md, "A search's turn". No limit on a database server, whose searches wait on
   * its work, not this process's.
   */
  private final Turns turns;

  public SearchService(Engine engine) {
    this.engine = engine;
    this.store = engine.search();
    this.json = engine.json();
    this.turns = new Turns(store.runsInProcess() ? Runtime.getRuntime().availableProcessors() : 0);
    List<String> all = new ArrayList<>();
    List<String> assets = new ArrayList<>();
    for (EntityKind<?> kind : engine.kinds().all()) {
      if (kind.searchIndex() == null) {
        continue;
      }
      all.add(kind.entityType());
      if (kind.containment() != null) {
        assets.add(kind.entityType());
      }
      indexOfType.put(kind.entityType(), kind.searchIndex());
      indexes.put(kind.searchIndex(), List.of(kind.entityType()));
    }
    // OM's aliases: an entity type's alias covers it and every kind below it (its parentAliases).
    for (String type : all) {
      List<String> covered = new ArrayList<>(List.of(type));
      for (String other : all) {
        if (engine.kinds().below(other, type)) {
          covered.add(other);
        }
      }
      indexes.put(type, covered);
    }
    indexes.put("all", all);
    indexes.put("dataAsset", assets);
  }

  /** The index names and aliases this search answers. */
  public Set<String> indexNames() {
    return indexes.keySet();
  }

  public ObjectNode search(Request request, Principal principal, String apiRoot) {
    // took counts the wait for a turn too, as Elasticsearch's counts its queue.
    long started = System.nanoTime();
    // The embedded store's full-text index catches up on the writes answered before this search, before its turn: a
    // catch-up queues with the writers, and a search waiting there must not hold a turn the others need.
    if (request.q() != null && !request.q().isBlank() && !request.q().trim().equals("*")) {
      store.catchUp();
    }
    return turns.take(() -> search(request, principal, apiRoot, started));
  }

  private ObjectNode search(Request request, Principal principal, String apiRoot, long started) {
    List<String> types = indexes.get(request.index());
    if (types == null) {
      throw ApiException.badRequest("Failed to find index " + request.index() + ": Meridian searches " + String.join(", ", indexes.keySet()));
    }
    if (request.from() < 0) {
      throw ApiException.badRequest("query param from must be 0 or more, not " + request.from());
    }
    if (request.size() < 0) {
      throw ApiException.badRequest("query param size must be 0 or more, not " + request.size());
    }
    if ((long) request.from() + request.size() > MAX_WINDOW) {
      throw ApiException.badRequest("Result window is too large, from + size must be less than or equal to: [" + MAX_WINDOW + "] but was ["
          + ((long) request.from() + request.size()) + "]");
    }
    boolean ascending = switch (request.sortOrder() == null ? "desc" : request.sortOrder().toLowerCase(Locale.ROOT)) {
      case "asc" -> true;
      case "desc" -> false;
      default -> throw ApiException.badRequest("query param sort_order must be asc or desc, not " + request.sortOrder());
    };
    SearchDao.Order order = order(request.sortField());
    String q = request.q() == null || request.q().isBlank() ? "*" : request.q().trim();
    List<String> tokens = q.equals("*") ? List.of() : Tokens.query(q);
    Condition filter = new Condition.All(List.of(filter(request.queryFilter(), "query_filter"), filter(request.postFilter(), "post_filter")));
    if (tokens.isEmpty() && !q.equals("*")) {
      // Words with no letter or digit ("!!!", "*_*"): nothing has them, rather than everything.
      filter = new Condition.In("entityType", List.of());
    }
    SearchDao.Query query = new SearchDao.Query(tokens, Tokens.foldName(q), types, Boolean.TRUE.equals(request.deleted()), simplify(filter));

    Set<String> joinedFacets = new LinkedHashSet<>(AGGREGATIONS.values());
    joinedFacets.removeAll(SearchDao.FACETS.keySet());
    SearchStore.Page page = store.page(query, order, ascending, request.from(), request.size(), joinedFacets, BUCKETS);
    List<SearchDao.Hit> hits = page.page().hits();
    SearchDao.Facets facets = page.page().facets();
    long total = facets.total();
    ObjectNode body = json.object();
    ObjectNode hitsNode = json.object();
    ObjectNode totalNode = hitsNode.putObject("total");
    boolean capped = !request.trackTotalHits() && total > MAX_WINDOW;
    totalNode.put("value", capped ? MAX_WINDOW : total);
    totalNode.put("relation", capped ? "gte" : "eq");
    int maxScore = hits.stream().mapToInt(SearchDao.Hit::score).max().orElse(0);
    if (hits.isEmpty()) {
      hitsNode.putNull("max_score");
    } else {
      hitsNode.put("max_score", (float) maxScore);
    }
    ArrayNode list = hitsNode.putArray("hits");
    Map<UUID, ObjectNode> sources = request.fetchSource() ? sources(hits, principal, apiRoot) : Map.of();
    for (SearchDao.Hit hit : hits) {
      ObjectNode item = list.addObject();
      item.put("_index", indexOfType.get(hit.entityType()));
      item.put("_id", hit.id().toString());
      item.put("_score", (float) hit.score());
      ObjectNode source = sources.get(hit.id());
      if (source != null) {
        item.set("_source", trim(source, request.includeSourceFields(), request.excludeSourceFields()));
      }
    }
    ObjectNode aggregations = json.object();
    for (Map.Entry<String, String> aggregation : AGGREGATIONS.entrySet()) {
      ObjectNode terms = aggregations.putObject("sterms#" + aggregation.getKey());
      terms.put("doc_count_error_upper_bound", 0);
      String facet = aggregation.getValue();
      Map<String, Long> counts = top(facets.counts().containsKey(facet) ? facets.counts().get(facet) : page.joined().get(facet));
      terms.put("sum_other_doc_count", 0);
      ArrayNode buckets = terms.putArray("buckets");
      counts.forEach((key, n) -> buckets.addObject().put("key", key).put("doc_count", n));
    }
    body.put("took", (System.nanoTime() - started) / 1_000_000);
    body.put("timed_out", false);
    ObjectNode shards = body.putObject("_shards");
    shards.put("total", 1).put("successful", 1).put("skipped", 0).put("failed", 0);
    body.set("hits", hitsNode);
    body.set("aggregations", aggregations);
    return body;
  }

  /** The buckets of a terms aggregation: most hits first, then by key; at most {@link #BUCKETS}. */
  private static Map<String, Long> top(Map<String, Long> counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    // A value without a name (a tag whose stored document lost its FQN) is no bucket a filter could select.
    counts.entrySet().stream()
        .filter(e -> e.getKey() != null)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(BUCKETS)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static SearchDao.Order order(String field) {
    if (field == null || field.isEmpty()) {
      return SearchDao.Order.SCORE;
    }
    return switch (field) {
      // Meridian keeps no votes: every entity has totalVotes 0, so the score decides, as ties do in OM.
      case "_score", "totalVotes" -> SearchDao.Order.SCORE;
      case "name.keyword", "displayName.keyword", "name", "displayName" -> SearchDao.Order.NAME;
      case "updatedAt" -> SearchDao.Order.UPDATED;
      default -> throw ApiException.badRequest("query param sort_field " + field
          + " is not one Meridian sorts by: use _score, totalVotes, name.keyword, displayName.keyword or updatedAt");
    };
  }

  // ------------------------------------------------------------------ query_filter

  private Condition filter(String text, String param) {
    if (text == null || text.isBlank()) {
      return Condition.TRUE;
    }
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (RuntimeException e) {
      throw ApiException.badRequest(param + " is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (!node.isObject()) {
      throw ApiException.badRequest(param + " must be a JSON object, as Elasticsearch's query is");
    }
    if (node.size() == 0) {
      return Condition.TRUE;
    }
    return clause(node.has("query") ? node.get("query") : node, param);
  }

  private Condition clause(JsonNode node, String param) {
    if (!node.isObject() || node.size() != 1) {
      throw ApiException.badRequest(param + ": each clause must be an object with one query, as {\"term\": {…}}, not " + node);
    }
    String form = node.fieldNames().next();
    JsonNode body = node.get(form);
    switch (form) {
      case "bool" -> {
        if (!body.isObject()) {
          throw ApiException.badRequest(param + ": bool must be an object of must, filter, should and must_not");
        }
        List<Condition> parts = new ArrayList<>();
        List<Condition> should = new ArrayList<>();
        List<Condition> mustNot = new ArrayList<>();
        boolean[] atLeastOne = {false};
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
          String key = names.next();
          JsonNode value = body.get(key);
          List<JsonNode> items = new ArrayList<>();
          if (value.isArray()) {
            value.forEach(items::add);
          } else {
            items.add(value);
          }
          switch (key) {
            case "must", "filter" -> items.forEach(i -> parts.add(clause(i, param)));
            case "should" -> items.forEach(i -> should.add(clause(i, param)));
            case "must_not" -> items.forEach(i -> mustNot.add(clause(i, param)));
            case "boost" -> { }
            case "minimum_should_match" -> {
              if (!value.asText().equals("1")) {
                throw ApiException.badRequest(param + ": bool.minimum_should_match may only be 1 here, not " + value);
              }
              atLeastOne[0] = true;
            }
            default -> throw ApiException.badRequest(param + ": bool." + key + " is not supported; Meridian reads must, filter, should and must_not");
          }
        }
        // As in Elasticsearch: with no must or filter (or minimum_should_match 1), one should clause must hold;
        // beside them, should only scores.
        if (!should.isEmpty() && (parts.isEmpty() || atLeastOne[0])) {
          parts.add(new Condition.Any(should));
        }
        mustNot.forEach(c -> parts.add(new Condition.Not(c)));
        return new Condition.All(parts);
      }
      case "term", "terms" -> {
        if (!body.isObject() || body.size() != 1) {
          throw ApiException.badRequest(param + ": " + form + " must name one field");
        }
        String field = body.fieldNames().next();
        JsonNode value = body.get(field);
        List<String> values = new ArrayList<>();
        if (form.equals("terms")) {
          if (!value.isArray()) {
            throw ApiException.badRequest(param + ": terms." + field + " must be an array of values");
          }
          value.forEach(v -> values.add(scalar(v, form, field, param)));
        } else {
          values.add(scalar(value.isObject() ? value.get("value") : value, form, field, param));
        }
        return in(field, values, param);
      }
      case "match_all" -> {
        return Condition.TRUE;
      }
      default -> throw ApiException.badRequest(param + ": the query form '" + form
          + "' is not supported; Meridian reads bool (must, filter, should, must_not), term, terms and match_all");
    }
  }

  /** A term's value: a string, number or boolean; anything else is a 400. */
  private static String scalar(JsonNode value, String form, String field, String param) {
    if (value == null || !value.isValueNode() || value.isNull()) {
      throw ApiException.badRequest(param + ": " + form + "." + field + " needs a value (a string, number or true/false), not "
          + (value == null ? "nothing" : value.toString()));
    }
    return value.asText();
  }

  private static Condition in(String field, List<String> values, String param) {
    String facet = FILTER_FIELDS.get(field);
    if (facet == null) {
      throw ApiException.badRequest(param + ": Meridian cannot filter on " + field + "; it filters on " + String.join(", ", FILTER_FIELDS.keySet()));
    }
    List<String> keys = new ArrayList<>();
    for (String value : values) {
      keys.add(switch (facet) {
        case SearchDao.TAGS -> Fqn.hash(value);
        case "entityType", SearchDao.OWNERS, SearchDao.DOMAINS -> value;
        // Lower case, as OM's keyword normaliser makes them.
        default -> value.toLowerCase(Locale.ROOT);
      });
    }
    return new Condition.In(facet, keys);
  }

  /** Drops the always-true parts, so that a search without filters has no filter SQL. */
  private static Condition simplify(Condition condition) {
    if (condition instanceof Condition.All all) {
      List<Condition> parts = new ArrayList<>();
      for (Condition part : all.parts()) {
        Condition simple = simplify(part);
        if (!simple.equals(Condition.TRUE)) {
          parts.add(simple);
        }
      }
      return parts.isEmpty() ? Condition.TRUE : parts.size() == 1 ? parts.get(0) : new Condition.All(parts);
    }
    if (condition instanceof Condition.Any any) {
      List<Condition> parts = new ArrayList<>();
      for (Condition part : any.parts()) {
        Condition simple = simplify(part);
        if (simple.equals(Condition.TRUE)) {
          return Condition.TRUE;
        }
        parts.add(simple);
      }
      return parts.size() == 1 ? parts.get(0) : new Condition.Any(parts);
    }
    if (condition instanceof Condition.Not not) {
      return new Condition.Not(simplify(not.part()));
    }
    return condition;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  // ------------------------------------------------------------------ _source

  /** OM's search document of each hit: the entity with its owners, tags and domains, and the fields OM's index adds. */
  private Map<UUID, ObjectNode> sources(List<SearchDao.Hit> hits, Principal principal, String apiRoot) {
    Map<String, List<UUID>> byType = new LinkedHashMap<>();
    hits.forEach(h -> byType.computeIfAbsent(h.entityType(), t -> new ArrayList<>()).add(h.id()));
    Map<UUID, ObjectNode> out = new LinkedHashMap<>();
    byType.forEach((type, ids) -> {
      EntityServices<?> services = engine.services(type);
      Set<String> wanted = new LinkedHashSet<>();
      for (String field : List.of("owners", "tags", "domains", "followers")) {
        if (services.kind().fieldNames().contains(field)) {
          wanted.add(field);
        }
      }
      Fields fields = Fields.of(wanted.toArray(String[]::new));
      for (Entity entity : services.queries().byIds(ids, fields)) {
        ObjectNode doc = services.view().render(entity, fields, principal, apiRoot);
        EXCLUDED.forEach(doc::remove);
        doc.put("entityType", type);
        if (!doc.hasNonNull("displayName")) {
          doc.put("displayName", entity.name());
        }
        doc.put("deleted", entity.deleted());
        doc.put("totalVotes", 0);
        doc.put("descriptionStatus", doc.path("description").asText("").isEmpty() ? "INCOMPLETE" : "COMPLETE");
        ArrayNode parts = doc.putArray("fqnParts");
        List<String> names = Fqn.split(entity.fullyQualifiedName());
        for (int i = 1; i < names.size(); i++) {
          parts.add(Fqn.prefix(entity.fullyQualifiedName(), i));
        }
        if (doc.has("columns")) {
          ArrayNode columnNames = doc.putArray("columnNames");
          doc.get("columns").forEach(c -> columnNames.add(c.path("name").asText()));
        }
        out.put(entity.id(), doc);
      }
    });
    return out;
  }

  private static ObjectNode trim(ObjectNode source, List<String> include, List<String> exclude) {
    if (include != null && !include.isEmpty()) {
      source.retain(include);
    }
    if (exclude != null) {
      exclude.forEach(source::remove);
    }
    return source;
  }
}
