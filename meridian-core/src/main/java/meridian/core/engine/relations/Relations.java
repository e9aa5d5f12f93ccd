package meridian.core.engine.relations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import meridian.core.Names;
import meridian.core.engine.Kinds;
import meridian.core.engine.kind.EntityKind;
import meridian.core.errors.ApiException;

/**
 * The one mechanism behind every relation field of every kind, as pure functions: it reads what a
 * request asks for, turns the references into checked links once their targets are fetched (by id
 * or FQN, in batches, by {@code engine.store.LinkStore}), runs the fields' rules, and renders links
 * as EntityReferences and TagLabels. References are stored by id and rendered from the target's row
 * at read time, so a soft delete or a new display name of the target is seen everywhere at once.
 * Nothing here reads or writes the store.
 */
public final class Relations {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Kinds kinds;

  public Relations(Kinds kinds) {
    this.kinds = kinds;
  }

  public Kinds kinds() {
    return kinds;
  }

  // ------------------------------------------------------------------ what a request asks for

  /** One reference as a request gives it: a type (may be null), an id or an FQN, and a tag label's attributes. */
  public record Ref(int index, String type, UUID id, String fqn, Link.Label label) {
    String key() {
      return id != null ? id.toString() : fqn;
    }
  }

  /**
   * The references a request gives for each settable relation field of its kind; a field the
   * request does not mention is absent from the map (so PUT can keep it). Shapes that decode but
   * cannot name anything (a null item, a tag without tagFQN) are a 400 naming the field.
   */
  public Map<String, List<Ref>> requested(EntityKind<?> kind, ObjectNode request) {
    Map<String, List<Ref>> out = new LinkedHashMap<>();
    for (RelationField field : kind.relations()) {
      if (!field.settable()) {
        continue;
      }
      JsonNode value = request.get(field.member());
      if ((value == null || value.isNull()) && field.alias() != null && request.hasNonNull(field.alias())) {
        value = NODES.arrayNode().add(request.get(field.alias()));
      }
      if (value == null || value.isNull()) {
        continue;
      }
      List<JsonNode> items = new ArrayList<>();
      if (value.isArray()) {
        value.forEach(items::add);
      } else {
        items.add(value);
      }
      List<Ref> refs = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        refs.add(ref(field, i, items.get(i)));
      }
      out.put(field.name(), refs);
    }
    return out;
  }

  private static Ref ref(RelationField field, int i, JsonNode item) {
    String at = field.member() + (field.many() ? "[" + i + "]" : "");
    if (item == null || item.isNull()) {
      throw ApiException.badRequest("[" + at + " must not be null]");
    }
    return switch (field.shape()) {
      case REFERENCES -> {
        String type = item.hasNonNull("type") ? item.get("type").asText() : null;
        UUID id = item.hasNonNull("id") ? UUID.fromString(item.get("id").asText()) : null;
        String fqn = item.hasNonNull("fullyQualifiedName") ? item.get("fullyQualifiedName").asText()
            : item.hasNonNull("name") ? item.get("name").asText() : null;
        if (id == null && fqn == null) {
          throw ApiException.badRequest(at + " must have an id, or a name or fullyQualifiedName, to find the entity");
        }
        yield new Ref(i, type, id, fqn, null);
      }
      case IDS -> new Ref(i, null, UUID.fromString(item.asText()), null, null);
      case FQNS, FQN, NAMES -> {
        if (!item.isTextual() || item.asText().isBlank()) {
          throw ApiException.badRequest(at + " must be the fully qualified name of a " + field.targets().get(0));
        }
        yield new Ref(i, null, null, item.asText(), null);
      }
      case TAGS -> {
        if (!item.hasNonNull("tagFQN")) {
          throw ApiException.badRequest("[query param " + at + ".tagFQN must not be null]");
        }
        String source = item.hasNonNull("source") ? item.get("source").asText() : Link.Label.DEFAULT.source();
        Link.Label label =
            new Link.Label(source, item.hasNonNull("labelType") ? item.get("labelType").asText() : Link.Label.DEFAULT.labelType(),
                item.hasNonNull("state") ? item.get("state").asText() : Link.Label.DEFAULT.state());
        yield new Ref(i, source.equals("Glossary") ? "glossaryTerm" : "tag", null, item.get("tagFQN").asText(), label);
      }
      case NONE -> throw new IllegalStateException(field.name() + " is not set by requests");
    };
  }

  // ------------------------------------------------------------------ resolving references

  /** The targets a batch of requests refers to: ids and FQN hashes, by kind. */
  public record Wanted(Map<String, Set<UUID>> ids, Map<String, Set<String>> hashes) {}

  /** What the references of {@code requests} (each the output of {@link #requested}) need fetched. */
  public Wanted wanted(EntityKind<?> kind, Collection<Map<String, List<Ref>>> requests) {
    Map<String, Set<UUID>> ids = new HashMap<>();
    Map<String, Set<String>> hashes = new HashMap<>();
    for (Map<String, List<Ref>> request : requests) {
      for (RelationField field : kind.relations()) {
        for (Ref ref : request.getOrDefault(field.name(), List.of())) {
          String type = typeOf(field, ref, false);
          if (type == null || !kinds.has(type)) {
            continue;
          }
          if (ref.id() != null) {
            ids.computeIfAbsent(type, t -> new LinkedHashSet<>()).add(ref.id());
          } else {
            hashes.computeIfAbsent(type, t -> new LinkedHashSet<>()).addAll(kinds.hashesFor(type, ref.fqn()));
          }
        }
      }
    }
    return new Wanted(ids, hashes);
  }

  /** Resolves requests against the targets fetched for {@link #wanted}: by kind, by id and by FQN hash. */
  public Resolver resolver(EntityKind<?> kind, Map<String, Map<UUID, Link>> byId, Map<String, Map<String, Link>> byHash) {
    return new Resolver(kind, byId, byHash);
  }

  /** The type a reference points at: the one it names, or the field's only target. */
  private static String typeOf(RelationField field, Ref ref, boolean strict) {
    if (ref.type() != null) {
      return ref.type();
    }
    if (field.targets().size() == 1 || !strict) {
      return field.targets().get(0);
    }
    throw ApiException.badRequest("[" + field.member() + "[" + ref.index() + "].type must not be null]");
  }

  /** The targets found for a batch of requests; turns each request's references into checked links. */
  public final class Resolver {
    private final EntityKind<?> kind;
    private final Map<String, Map<UUID, Link>> byId;
    private final Map<String, Map<String, Link>> byHash;

    private Resolver(EntityKind<?> kind, Map<String, Map<UUID, Link>> byId, Map<String, Map<String, Link>> byHash) {
      this.kind = kind;
      this.byId = byId;
      this.byHash = byHash;
    }

    /**
     * The links each mentioned field will hold, de-duplicated and in display order; a 400 for a
     * reference of a wrong kind, a 404 with OM's message for one that names nothing.
     */
    public Map<String, List<Link>> resolve(Map<String, List<Ref>> request) {
      Map<String, List<Link>> out = new LinkedHashMap<>();
      for (RelationField field : kind.relations()) {
        List<Ref> refs = request.get(field.name());
        if (refs == null) {
          continue;
        }
        Map<UUID, Link> links = new LinkedHashMap<>();
        for (Ref ref : refs) {
          Link link = resolve(field, ref);
          links.putIfAbsent(link.id(), link);
        }
        out.put(field.name(), sorted(field, new ArrayList<>(links.values())));
      }
      return out;
    }

    private Link resolve(RelationField field, Ref ref) {
      String type = typeOf(field, ref, true);
      if (!field.targets().contains(type)) {
        String message = field.rule() == null ? null : field.rule().wrongType(field, type);
        throw ApiException.badRequest(message != null ? message
            : field.member() + "[" + ref.index() + "] must refer to a " + String.join(" or ", field.targets())
                + ", not a " + Names.abbreviate(type));
      }
      Link link = null;
      if (kinds.has(type)) {
        if (ref.id() != null) {
          link = byId.getOrDefault(type, Map.of()).get(ref.id());
        } else {
          Map<String, Link> found = byHash.getOrDefault(type, Map.of());
          for (String hash : kinds.hashesFor(type, ref.fqn())) {
            if (link == null) {
              link = found.get(hash);
            }
          }
        }
      }
      if (link == null) {
        throw ApiException.notFound(type, Names.abbreviate(ref.key()));
      }
      // A soft-deleted target is resolved too: an entity may keep pointing at one it already
      // pointed at (a PATCH of its description must not fail on it); a new reference to one is
      // refused once the write is merged ({@link #refuseNewlyDeleted}).
      return ref.label() == null ? link : link.withLabel(ref.label());
    }
  }

  /** Owners and other references by name (as OM sorts owners); tags by FQN. */
  public static List<Link> sorted(RelationField field, List<Link> links) {
    links.sort(field.isTags() ? Comparator.comparing(Link::fullyQualifiedName) : Comparator.comparing(Link::name)
        .thenComparing(Link::id));
    return List.copyOf(links);
  }

  /**
   * OM's 404 for a reference a write adds to a soft-deleted target (only owners may name one, as
   * OM 1.x allows); one the entity already had may stay.
   */
  public static void refuseNewlyDeleted(RelationField field, List<Link> next, List<Link> stored) {
    if (field.allowDeleted()) {
      return;
    }
    for (Link link : next) {
      if (link.deleted() && stored.stream().noneMatch(s -> s.id().equals(link.id()))) {
        String key = switch (field.shape()) {
          case IDS -> link.id().toString();
          case NAMES -> link.name();
          case REFERENCES -> link.id().toString();
          default -> link.fullyQualifiedName();
        };
        throw ApiException.notFound(link.type(), Names.abbreviate(key));
      }
    }
  }

  /** Runs the field rules and checks cardinality on what a write leaves in each field. */
  public void check(EntityKind<?> kind, Map<String, List<Link>> links, Lookup lookup) {
    for (RelationField field : kind.relations()) {
      List<Link> value = links.getOrDefault(field.name(), List.of());
      if (!field.many() && value.size() > 1) {
        throw ApiException.badRequest(field.member() + " takes one " + field.targets().get(0) + ", not " + value.size());
      }
      if (field.rule() != null && !value.isEmpty()) {
        field.rule().check(field, value, links, lookup);
      }
    }
  }

  // ------------------------------------------------------------------ rendering

  /** The field as a response shows it: EntityReferences or TagLabels; {@code apiRoot} null leaves out {@code href}. */
  public JsonNode render(RelationField field, List<Link> links, String apiRoot) {
    if (!field.many()) {
      return links.isEmpty() ? NODES.nullNode() : reference(links.get(0), apiRoot);
    }
    ArrayNode out = NODES.arrayNode();
    for (Link link : links) {
      out.add(field.isTags() ? tagLabel(link, apiRoot) : reference(link, apiRoot));
    }
    return out;
  }

  public ObjectNode reference(Link link, String apiRoot) {
    ObjectNode ref = NODES.objectNode();
    ref.put("id", link.id().toString());
    ref.put("type", link.type());
    ref.put("name", link.name());
    ref.put("fullyQualifiedName", link.fullyQualifiedName());
    if (link.displayName() != null) {
      ref.put("displayName", link.displayName());
    }
    ref.put("deleted", link.deleted());
    if (apiRoot != null) {
      ref.put("href", kinds.href(link.type(), link.id(), apiRoot));
    }
    return ref;
  }

  private ObjectNode tagLabel(Link link, String apiRoot) {
    Link.Label label = link.label() == null ? Link.Label.DEFAULT : link.label();
    ObjectNode tag = NODES.objectNode();
    tag.put("tagFQN", link.fullyQualifiedName());
    tag.put("name", link.name());
    if (link.displayName() != null) {
      tag.put("displayName", link.displayName());
    }
    tag.put("description", link.target().path("description").asText(""));
    if (link.target().hasNonNull("style")) {
      tag.set("style", link.target().get("style"));
    }
    tag.put("source", label.source());
    tag.put("labelType", label.labelType());
    tag.put("state", label.state());
    if (apiRoot != null) {
      tag.put("href", kinds.href("tag", link.id(), apiRoot));
    }
    return tag;
  }
}
