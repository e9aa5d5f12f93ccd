package meridian.core.engine.relations;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import meridian.core.errors.ApiException;

/** The checks OM makes on references, with its messages (spec §2.4, §3.4, §7). */
public final class Rules {
  private Rules() {}

  /** Owners are users or teams of type Group. */
  public static final RelationField.Rule OWNERS = new RelationField.Rule() {
    @Override
    public void check(RelationField field, List<Link> links, Map<String, List<Link>> all, Lookup lookup) {
      for (Link link : links) {
        String teamType = link.target() == null ? null : link.target().path("teamType").asText(null);
        if (link.type().equals("team") && teamType != null && !teamType.equals("Group")) {
          throw ApiException.badRequest(
              "Team of type " + teamType + " can't own entities. Only Team of type Group can own entities.");
        }
      }
    }

    @Override
    public String wrongType(RelationField field, String type) {
      return "Entity of type " + type + " can't be the owner. Only Team of type Group or a User can own entities.";
    }
  };

  /**
   * Tags exist and are enabled, and no two tags with the same parent come from a mutually
   * exclusive classification or parent tag (OM's TagLabelUtil, in tagFQN order).
   */
  public static final RelationField.Rule TAGS = (field, links, all, lookup) -> {
    for (Link link : links) {
      String fqn = link.fullyQualifiedName();
      boolean disabled = link.target() != null && link.target().path("disabled").asBoolean(false);
      Optional<Link> classification = lookup.byFqn("classification", classificationOf(fqn));
      if (disabled || classification.map(c -> c.target().path("disabled").asBoolean(false)).orElse(false)) {
        throw ApiException.badRequest("Tag label " + fqn + " is disabled and can't be assigned to a data asset.");
      }
    }
    exclusive(links, lookup);
  };

  /** OM's check that no two of these tags share a mutually exclusive parent (classification or tag), in tagFQN order. */
  public static void exclusive(List<Link> links, Lookup lookup) {
    Map<String, Link> byParent = new HashMap<>();
    Map<String, Boolean> exclusive = new HashMap<>();
    for (Link link : links) {
      String fqn = link.fullyQualifiedName();
      String parentFqn = parentOf(fqn);
      if (parentFqn == null) {
        continue;
      }
      boolean mutuallyExclusive = exclusive.computeIfAbsent(parentFqn, p -> {
        Optional<Link> parent = parentFqn.equals(classificationOf(fqn)) ? lookup.byFqn("classification", parentFqn)
            : lookup.byFqn("tag", parentFqn);
        return parent.map(l -> l.target().path("mutuallyExclusive").asBoolean(false)).orElse(false);
      });
      Link earlier = byParent.putIfAbsent(parentFqn, link);
      if (earlier != null && mutuallyExclusive) {
        throw ApiException.badRequest(
            "Tag labels " + fqn + " and " + earlier.fullyQualifiedName() + " are mutually exclusive and can't be assigned together");
      }
    }
  }

  /**
   * Data products need a domain (OM's message), and each must belong to one of the entity's
   * domains (OM's rule "Data Product Domain Validation").
   */
  public static final RelationField.Rule DATA_PRODUCTS = new RelationField.Rule() {
    @Override
    public List<String> needs() {
      return List.of("domains");
    }

    @Override
    public void check(RelationField field, List<Link> links, Map<String, List<Link>> all, Lookup lookup) {
      checkDataProducts(links, all, lookup);
    }
  };

  private static void checkDataProducts(List<Link> links, Map<String, List<Link>> all, Lookup lookup) {
    List<Link> domains = all.getOrDefault("domains", List.of());
    if (domains.isEmpty()) {
      throw ApiException.badRequest("Domain cannot be empty when data products are provided.");
    }
    Set<UUID> entityDomains = new HashSet<>();
    domains.forEach(d -> entityDomains.add(d.id()));
    for (Link product : links) {
      boolean matches = lookup.linksOf("dataProduct", product.id(), "domains").stream().anyMatch(d -> entityDomains.contains(d.id()));
      if (!matches) {
        throw new ApiException(400,
            "Rule [Data Product Domain Validation] validation failed: Entity does not satisfy the rule. Rule context: Validates that"
                + " Data Products assigned to an entity match the entity's domains.", "RULE_VIOLATION");
      }
    }
  }

  /** {@code a.b.c} → {@code a.b}; null for a top-level name. Quoted parts ({@code "x.y"}) are kept whole. */
  public static String parentOf(String fqn) {
    List<String> parts = meridian.core.Fqn.split(fqn);
    return parts.size() < 2 ? null : String.join(".", parts.subList(0, parts.size() - 1));
  }

  /** The first part of an FQN: a tag's classification. */
  public static String classificationOf(String fqn) {
    return meridian.core.Fqn.split(fqn).get(0);
  }
}
