package meridian.core.engine.kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a kind's entities sit in the containment tree (ARCHITECTURE §7): the kinds a parent may be,
 * and the ancestors its document names. A child's FQN is its parent's FQN, a dot and its quoted
 * name; its row keeps the parent's id, so that a parent's children are one range of an index and a
 * subtree is walked one level at a time; deleting a parent with children needs {@code recursive}.
 *
 * <p>The document of a contained entity holds a reference to its nearest ancestor of each kind in
 * {@link #ancestors} under that ancestor's member (a table's {@code databaseSchema}, {@code
 * database} and {@code service}; a nested tag's {@code parent} and {@code classification}), written
 * once when it is created — entities never move — and shown with the ancestor's current name,
 * display name and state on every read. A request names its parent by FQN in the member of the
 * parent's kind ({@code "databaseSchema": "svc.db.sch"}).
 *
 * @param parentKinds the kinds a parent may be; when a request names several, the first wins (a
 *     nested tag names its parent tag and its classification)
 * @param required whether every entity has a parent (a table) or may be a root (a top-level domain)
 * @param ancestors the ancestor kinds the document names, and under which member
 * @param copied members of the parent's document a child copies when it is created (a database's
 *     {@code serviceType}: the service's, for good)
 * @param inherited members a child shows from its nearest ancestor that has them when it has none
 *     itself (OM's owners, domains and retentionPeriod, spec §5.7), never stored as its own
 */
public record Containment(
    List<String> parentKinds, boolean required, List<Ancestor> ancestors, List<String> copied, List<String> inherited) {
  /** An ancestor kind and the member that names the nearest ancestor of that kind. */
  public record Ancestor(String kind, String member) {
    public Ancestor {
      Objects.requireNonNull(kind, "kind is null");
      Objects.requireNonNull(member, "member is null");
    }
  }

  public Containment {
    parentKinds = List.copyOf(parentKinds);
    ancestors = List.copyOf(ancestors);
    copied = List.copyOf(copied);
    inherited = List.copyOf(inherited);
    if (parentKinds.isEmpty()) {
      throw new IllegalArgumentException("a contained kind names at least one parent kind");
    }
    for (String parent : parentKinds) {
      if (ancestors.stream().noneMatch(a -> a.kind().equals(parent))) {
        throw new IllegalArgumentException("parent kind " + parent + " needs a member among the ancestors");
      }
    }
  }

  /** Under exactly one parent kind, always there, named in {@code member}. */
  public static Containment under(String parentKind, String member) {
    return new Containment(List.of(parentKind), true, List.of(new Ancestor(parentKind, member)), List.of(), List.of());
  }

  /** The same, with more ancestors named (nearest first) beyond the parent. */
  public Containment withAncestor(String kind, String member) {
    List<Ancestor> more = new ArrayList<>(ancestors);
    more.add(new Ancestor(kind, member));
    return new Containment(parentKinds, required, more, copied, inherited);
  }

  public Containment copying(String... members) {
    return new Containment(parentKinds, required, ancestors, List.of(members), inherited);
  }

  public Containment inheriting(String... members) {
    return new Containment(parentKinds, required, ancestors, copied, List.of(members));
  }

  public Containment optional() {
    return new Containment(parentKinds, false, ancestors, copied, inherited);
  }

  /** The member naming the ancestor of {@code kind}; null when the document names none of that kind. */
  public String memberOf(String kind) {
    return ancestors.stream().filter(a -> a.kind().equals(kind)).map(Ancestor::member).findFirst().orElse(null);
  }

  /** Every member the document names an ancestor in. */
  public List<String> members() {
    return ancestors.stream().map(Ancestor::member).toList();
  }

  /** The request members that may name the parent, in the order they are tried. */
  public List<String> parentMembers() {
    return parentKinds.stream().map(this::memberOf).toList();
  }
}
