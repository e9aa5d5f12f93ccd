package meridian.core.engine.containment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import meridian.core.Fqn;
import meridian.core.Names;
import meridian.core.engine.Kinds;
import meridian.core.engine.jobs.Jobs;
import meridian.core.engine.kind.Containment;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.relations.Link;
import meridian.core.engine.store.JobStore;
import meridian.core.engine.store.LinkStore;
import meridian.core.engine.store.Tx;
import meridian.core.engine.write.Merge.Placement;
import meridian.core.errors.ApiException;

/**
 * Where a write puts an entity of one kind: its parent, named by FQN in the request (catalog spec
 * §5.1), its FQN (the parent's, a dot, its quoted name: spec §3.1) and the ancestor references its
 * document carries. A write reads its parents' rows and nothing else of them — no siblings, no
 * descendants — and holds each with a shared lock until it commits, so that a recursive delete of
 * a parent waits for it and then sees its child. A write under a parent that is being deleted is
 * refused with OM's 409 (spec §1.3).
 */
public final class Placements {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final EntityKind<?> kind;
  private final Kinds kinds;
  private final LinkStore links;
  private final Jobs jobs;

  public Placements(EntityKind<?> kind, Kinds kinds, LinkStore links, Jobs jobs) {
    this.kind = kind;
    this.kinds = kinds;
    this.links = links;
    this.jobs = jobs;
  }

  /**
   * The parent a request names: its kind and FQN (or, where the request gives a reference
   * {@code {"id", "type"}} as OM's ingestion pipeline's {@code service} is, its id), and the other
   * parent members it gives (a nested tag's classification); null for a root.
   */
  public record Asked(String kind, String fqn, UUID id, Map<String, String> others) {}

  /** Where an entity goes: its placement, its parent (null for a root) and the parent's id. */
  public record Placed(Placement placement, Link parent) {
    public UUID parentId() {
      return parent == null ? null : parent.id();
    }
  }

  /** Reads the request's parent members; a 400 OM's way when a required one is missing. */
  public Asked asked(ObjectNode request) {
    Containment containment = kind.containment();
    if (containment == null) {
      return null;
    }
    Asked asked = null;
    Map<String, String> others = new LinkedHashMap<>();
    for (String parentKind : containment.parentKinds()) {
      String member = containment.memberOf(parentKind);
      JsonNode value = request.get(member);
      if (value == null || value.isNull()) {
        continue;
      }
      String fqn = null;
      UUID id = null;
      if (value.isTextual() && !value.asText().isBlank()) {
        fqn = value.asText();
      } else if (value.isObject() && value.path("fullyQualifiedName").isTextual() && !value.get("fullyQualifiedName").asText().isBlank()) {
        fqn = value.get("fullyQualifiedName").asText();
      } else if (value.isObject() && value.path("id").isTextual()) {
        id = uuid(value.get("id").asText(), member);
      } else {
        throw ApiException.badRequest(member + " must be the fully qualified name of a " + parentKind
            + ", or a reference to one ({\"id\": …, \"type\": \"" + parentKind + "\"})");
      }
      if (value.isObject() && value.hasNonNull("type") && !parentKind.equals(value.get("type").asText())) {
        throw ApiException.badRequest(member + ".type must be " + parentKind + ", not " + Names.abbreviate(value.get("type").asText()));
      }
      if (asked == null) {
        asked = new Asked(parentKind, fqn, id, others);
      } else if (fqn != null) {
        others.put(parentKind, fqn);
      }
    }
    if (asked == null && containment.required()) {
      List<String> members = containment.parentMembers();
      Names.requireNotNull(members.get(members.size() - 1), null);
    }
    return asked;
  }

  private static UUID uuid(String text, String member) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(member + ".id must be a UUID, not " + Names.abbreviate(text));
    }
  }

  /** The parents of a batch of requests, read at once: one query per parent kind, plus one for running deletes. */
  public final class Batch {
    private final Map<String, Map<String, Link>> parents;
    private final Map<UUID, JobStore.Job> deleting;
    private final Map<UUID, String> fqnsOfIds;

    Batch(Map<String, Map<String, Link>> parents, Map<UUID, JobStore.Job> deleting, Map<UUID, String> fqnsOfIds) {
      this.parents = parents;
      this.deleting = deleting;
      this.fqnsOfIds = fqnsOfIds;
    }

    /**
     * The placement of a new entity named {@code name} under the parent {@code asked} names: OM's
     * 409 when it or one of its ancestors is being deleted, else OM's 404 when there is no such
     * parent or it is soft-deleted.
     */
    public Placed place(Asked asked, String name) {
      if (asked == null) {
        return new Placed(Placement.root(Fqn.quoteName(name)), null);
      }
      String askedFqn = asked.fqn() != null ? asked.fqn() : fqnsOfIds.get(asked.id());
      if (askedFqn == null) {
        throw ApiException.notFound(asked.kind(), asked.id());
      }
      Link parent = null;
      for (String hash : kinds.hashesFor(asked.kind(), askedFqn)) {
        if (parent == null) {
          parent = parents.getOrDefault(asked.kind(), Map.of()).get(hash);
        }
      }
      if (parent == null) {
        throw ApiException.notFound(asked.kind(), Names.abbreviate(askedFqn));
      }
      String fqn = parent.fullyQualifiedName() + "." + Fqn.quoteName(name);
      // Before the soft-deleted check: while a recursive delete walks, a parent it has already
      // passed answers the same 409 as one it has not reached yet.
      for (UUID ancestor : ancestorIds(parent)) {
        JobStore.Job job = deleting.get(ancestor);
        if (job != null) {
          throw new ApiException(409, "Cannot create or modify entity '" + fqn + "' because parent '"
              + fqnOf(parent, ancestor) + "' is being deleted", "ENTITY_LOCKED");
        }
      }
      if (parent.deleted()) {
        // Meridian's choice for every kind (docs/decisions.md): nothing is created under a
        // soft-deleted parent, where OM refuses it only for databases (spec §5.1).
        throw ApiException.notFound(asked.kind(), Names.abbreviate(askedFqn));
      }
      Containment containment = kind.containment();
      Map<String, ObjectNode> ancestors = new LinkedHashMap<>();
      EntityKind<?> parentKind = kinds.kind(parent.type());
      for (Containment.Ancestor ancestor : containment.ancestors()) {
        if (ancestor.kind().equals(parent.type())) {
          ancestors.put(ancestor.member(), reference(parent));
          continue;
        }
        String theirs = parentKind.containment() == null ? null : parentKind.containment().memberOf(ancestor.kind());
        JsonNode ref = theirs == null ? null : parent.target().get(theirs);
        if (ref != null && ref.isObject()) {
          ancestors.put(ancestor.member(), (ObjectNode) ref.deepCopy());
        }
      }
      for (Map.Entry<String, String> other : asked.others().entrySet()) {
        ObjectNode ref = ancestors.get(containment.memberOf(other.getKey()));
        if (ref == null || !kinds.hashesFor(other.getKey(), other.getValue()).contains(Fqn.hash(ref.path("fullyQualifiedName").asText()))) {
          throw ApiException.badRequest(parent.type() + " " + parent.fullyQualifiedName() + " is not in " + other.getKey() + " "
              + Names.abbreviate(other.getValue()));
        }
      }
      Map<String, JsonNode> copied = new LinkedHashMap<>();
      for (String member : containment.copied()) {
        JsonNode value = parent.target().get(member);
        if (value != null && !value.isNull()) {
          copied.put(member, value.deepCopy());
        }
      }
      return new Placed(new Placement(fqn, ancestors, copied), parent);
    }
  }

  /** Reads the parents {@code asked} name, with a shared lock each, and the deletes running above them. */
  public Batch resolve(Tx tx, List<Asked> asked) {
    // Parents named by id: their FQNs first, then read (and locked) as the others are.
    Map<String, Set<UUID>> ids = new LinkedHashMap<>();
    for (Asked a : asked) {
      if (a != null && a.fqn() == null) {
        ids.computeIfAbsent(a.kind(), k -> new LinkedHashSet<>()).add(a.id());
      }
    }
    Map<UUID, String> fqnsOfIds = new HashMap<>();
    ids.forEach((type, set) -> links.byIds(tx, type, set).forEach((id, link) -> fqnsOfIds.put(id, link.fullyQualifiedName())));
    Map<String, Set<String>> hashes = new LinkedHashMap<>();
    for (Asked a : asked) {
      String fqn = a == null ? null : a.fqn() != null ? a.fqn() : fqnsOfIds.get(a.id());
      if (fqn != null) {
        hashes.computeIfAbsent(a.kind(), k -> new LinkedHashSet<>()).addAll(kinds.hashesFor(a.kind(), fqn));
      }
    }
    Map<String, Map<String, Link>> parents = new HashMap<>();
    Set<UUID> ancestors = new LinkedHashSet<>();
    hashes.forEach((type, set) -> {
      Map<String, Link> found = links.parents(tx, type, set);
      parents.put(type, found);
      found.values().forEach(parent -> ancestors.addAll(ancestorIds(parent)));
    });
    Map<UUID, JobStore.Job> deleting = new HashMap<>();
    for (JobStore.Job job : jobs.runningOn(tx, "delete", ancestors)) {
      deleting.put(job.targetId(), job);
    }
    return new Batch(parents, deleting, fqnsOfIds);
  }

  /**
   * OM's 409 for a change to an entity while one of its ancestors is being deleted (spec §1.3): a
   * PATCH under a service whose recursive delete is walking.
   */
  public void refuseWhileAncestorDeleted(Tx tx, Entity entity) {
    Containment containment = kind.containment();
    if (containment == null) {
      return;
    }
    Map<UUID, String> ancestors = new LinkedHashMap<>();
    for (String member : containment.members()) {
      JsonNode ref = entity.doc().get(member);
      if (ref != null && ref.hasNonNull("id")) {
        ancestors.put(UUID.fromString(ref.get("id").asText()), ref.path("fullyQualifiedName").asText());
      }
    }
    for (JobStore.Job job : jobs.runningOn(tx, "delete", ancestors.keySet())) {
      throw new ApiException(409, "Cannot create or modify entity '" + entity.fullyQualifiedName() + "' because parent '"
          + ancestors.get(job.targetId()) + "' is being deleted", "ENTITY_LOCKED");
    }
  }

  /** The parent and every ancestor its document names. */
  private List<UUID> ancestorIds(Link parent) {
    List<UUID> ids = new ArrayList<>(List.of(parent.id()));
    Containment theirs = kinds.kind(parent.type()).containment();
    if (theirs != null) {
      for (String member : theirs.members()) {
        JsonNode ref = parent.target().get(member);
        if (ref != null && ref.hasNonNull("id")) {
          ids.add(UUID.fromString(ref.get("id").asText()));
        }
      }
    }
    return ids;
  }

  private String fqnOf(Link parent, UUID ancestor) {
    if (parent.id().equals(ancestor)) {
      return parent.fullyQualifiedName();
    }
    Containment theirs = kinds.kind(parent.type()).containment();
    for (String member : theirs.members()) {
      JsonNode ref = parent.target().get(member);
      if (ref != null && ancestor.toString().equals(ref.path("id").asText())) {
        return ref.path("fullyQualifiedName").asText();
      }
    }
    return ancestor.toString();
  }

  /** A reference as a document keeps it: what never changes about an entity (it is never renamed or moved). */
  public static ObjectNode reference(Link link) {
    ObjectNode ref = NODES.objectNode();
    ref.put("id", link.id().toString());
    ref.put("type", link.type());
    ref.put("name", link.name());
    ref.put("fullyQualifiedName", link.fullyQualifiedName());
    return ref;
  }
}
