package meridian.core.engine.relations;

import java.util.List;
import meridian.core.engine.relations.RelationField.Put;
import meridian.core.engine.relations.RelationField.Shape;

/**
 * The relation fields many kinds share, declared once with OM's storage (spec §2.3, §2.4, §3.5;
 * OM's {@code Relationship} names): {@code owner --owns--> entity}, {@code domain --has--> entity},
 * {@code dataProduct --has--> entity}, {@code user --follows--> entity}, {@code entity --expert--> user},
 * tags in {@code tag_usage}.
 */
public final class RelationFields {
  public static final String OWNS = "owns";
  public static final String HAS = "has";
  public static final String CONTAINS = "contains";
  public static final String FOLLOWS = "follows";
  public static final String EXPERT = "expert";

  private RelationFields() {}

  /** Users or Group teams; PUT keeps them when none are sent; deleted owners may stay named (OM 1.x). */
  public static RelationField owners() {
    return RelationField.edges("owners", List.of("user", "team"), true, OWNS, true, Shape.REFERENCES)
        .put(Put.KEEP_IF_EMPTY).allowingDeleted().rule(Rules.OWNERS);
  }

  /** Classification tags (glossary terms are not held here); PUT merges, never removes (spec §3.5). */
  public static RelationField tags() {
    return new RelationField("tags", List.of("tag", "glossaryTerm"), true, null, true, Shape.TAGS, "tags", null, Put.MERGE,
        true, false, false, Rules.TAGS);
  }

  /** Domains by FQN, also as the older single {@code domain} (contract §4). */
  public static RelationField domains() {
    return RelationField.edges("domains", List.of("domain"), true, HAS, true, Shape.FQNS)
        .alias("domain").put(Put.KEEP_IF_EMPTY_OR_BOT);
  }

  /** Data products by FQN; they need a domain, and one of the entity's (spec §7). */
  public static RelationField dataProducts() {
    return RelationField.edges("dataProducts", List.of("dataProduct"), true, HAS, true, Shape.FQNS)
        .put(Put.KEEP_IF_EMPTY).rule(Rules.DATA_PRODUCTS);
  }

  /** Users following the entity: set through {@code /followers}, not versioned (spec §3.10). */
  public static RelationField followers() {
    return RelationField.edges("followers", List.of("user"), true, FOLLOWS, true, Shape.NONE).untracked();
  }

  /** Users, by name, who know the domain or data product. */
  public static RelationField experts() {
    return RelationField.edges("experts", List.of("user"), true, EXPERT, false, Shape.NAMES);
  }
}
