package meridian.core.engine.relations;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One relation field of a kind, declared as data (ARCHITECTURE §2): what it may point at, how it is
 * stored, how a create request spells it, how PUT treats it, whether versions record it. One
 * component, {@link Relations}, resolves, checks, writes and reads every such field of every kind.
 *
 * @param name the field in responses and in {@code fields=} (owners, tags, domains, parent, users…)
 * @param targets the kinds it may point at; the first is assumed when a request gives no type
 * @param many a list, or a single reference
 * @param relation the edge's name in {@code entity_relationship}; null for tags, kept in {@code tag_usage}
 * @param inbound true when the edge points at this entity ({@code owner --owns--> service})
 * @param shape how a create request carries it; {@link Shape#NONE}: not set by requests
 * @param member the request member; {@code alias} a single-valued older spelling of it (domain)
 * @param put how PUT treats it (PATCH always replaces)
 * @param tracked recorded in {@code changeDescription} and history
 * @param containment the targets are this entity's children: deleting it needs {@code recursive}
 * @param allowDeleted a request may point at a soft-deleted target (owners, as OM allows)
 * @param rule extra checks on the resolved links (owner types, mutually exclusive tags)
 */
public record RelationField(
    String name, List<String> targets, boolean many, String relation, boolean inbound, Shape shape, String member,
    String alias, Put put, boolean tracked, boolean containment, boolean allowDeleted, Rule rule) {

  /** How a create request spells the field. */
  public enum Shape {
    /** EntityReferences: {@code {"id"}} or {@code {"name"|"fullyQualifiedName", "type"}}. */
    REFERENCES,
    /** Fully qualified names, e.g. {@code "domains": ["Finance"]}. */
    FQNS,
    /** One fully qualified name, e.g. {@code "parent": "Finance"}. */
    FQN,
    /** Ids, e.g. a team's {@code "users": ["<uuid>"]}. */
    IDS,
    /** Names, e.g. a domain's {@code "experts": ["ana"]}. */
    NAMES,
    /** OM's TagLabels. */
    TAGS,
    /** Not set through create, PUT or PATCH (followers, children). */
    NONE
  }

  /** What a PUT does with the field. */
  public enum Put {
    /** The request says the whole value; leaving it out empties it. */
    REPLACE,
    /** Left out or empty keeps what is stored (owners). */
    KEEP_IF_EMPTY,
    /** As {@link #KEEP_IF_EMPTY}, and a bot's PUT never changes a non-empty value (domains, spec §3.5). */
    KEEP_IF_EMPTY_OR_BOT,
    /** The request's items are added, none is removed (tags, spec §3.5). */
    MERGE
  }

  /**
   * A check on the links a write leaves in the field ({@code all}: every field's, by name); throws
   * a 4xx ApiException.
   */
  public interface Rule {
    void check(RelationField field, List<Link> links, Map<String, List<Link>> all, Lookup lookup);

    /** The 400 for a reference to a kind the field can't point at; null: the generic one. */
    default String wrongType(RelationField field, String type) {
      return null;
    }

    /** Other relation fields of the entity the check reads (data products need the domains). */
    default List<String> needs() {
      return List.of();
    }
  }

  public RelationField {
    Objects.requireNonNull(name, "name is null");
    targets = List.copyOf(targets);
  }

  /** Edges between entities, settable by requests. */
  public static RelationField edges(String name, List<String> targets, boolean many, String relation, boolean inbound, Shape shape) {
    return new RelationField(name, targets, many, relation, inbound, shape, shape == Shape.NONE ? null : name, null,
        Put.REPLACE, true, false, false, null);
  }

  public boolean settable() {
    return shape != Shape.NONE;
  }

  public boolean isTags() {
    return relation == null;
  }

  public RelationField put(Put rule) {
    return new RelationField(name, targets, many, relation, inbound, shape, member, alias, rule, tracked, containment, allowDeleted, this.rule);
  }

  public RelationField alias(String single) {
    return new RelationField(name, targets, many, relation, inbound, shape, member, single, put, tracked, containment, allowDeleted, rule);
  }

  public RelationField untracked() {
    return new RelationField(name, targets, many, relation, inbound, shape, member, alias, put, false, containment, allowDeleted, rule);
  }

  public RelationField asContainment() {
    return new RelationField(name, targets, many, relation, inbound, shape, member, alias, put, tracked, true, allowDeleted, rule);
  }

  public RelationField allowingDeleted() {
    return new RelationField(name, targets, many, relation, inbound, shape, member, alias, put, tracked, containment, true, rule);
  }

  public RelationField rule(Rule check) {
    return new RelationField(name, targets, many, relation, inbound, shape, member, alias, put, tracked, containment, allowDeleted, check);
  }

  public RelationField member(String requestMember) {
    return new RelationField(name, targets, many, relation, inbound, shape, requestMember, alias, put, tracked, containment, allowDeleted, rule);
  }
}
