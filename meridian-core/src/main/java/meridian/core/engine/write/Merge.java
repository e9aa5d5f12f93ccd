package meridian.core.engine.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import meridian.core.Json;
import meridian.core.Principal;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.kind.Field;
import meridian.core.engine.kind.TrackedField;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;
import meridian.core.engine.relations.Relations;
import meridian.core.errors.ApiException;
import meridian.model.ChangeDescription;

/**
 * The merge rules of create, PUT (spec §3.5) and PATCH (§3.6) for every kind, from the kind's
 * declarations: how the request's fields and links become the next state of the entity, and what
 * changed. Pure but for the kind's own hook (which seals secrets) and the reads a check may make
 * through {@link Lookup}; nothing here writes.
 */
public final class Merge {
  private final EntityKind<?> kind;
  private final Relations relations;
  private final Json json;
  private final List<TrackedField> tracked;

  public Merge(EntityKind<?> kind, Relations relations, Json json) {
    this.kind = kind;
    this.relations = relations;
    this.json = json;
    List<TrackedField> fields = new ArrayList<>();
    fields.add(TrackedField.scalar("description"));
    fields.add(TrackedField.scalar("displayName"));
    for (RelationField field : kind.relations()) {
      if (field.tracked()) {
        fields.add(field.many() ? TrackedField.list(field.name(), field.isTags() ? "tagFQN" : "id") : TrackedField.scalar(field.name()));
      }
    }
    for (Field field : kind.fields()) {
      if (field.tracked()) {
        fields.add(field.list() ? TrackedField.list(field.name(), null) : TrackedField.scalar(field.name()));
      }
    }
    fields.addAll(kind.customTracked());
    fields.add(TrackedField.scalar("deleted"));
    this.tracked = List.copyOf(fields);
  }

  public List<TrackedField> tracked() {
    return tracked;
  }

  /** The entity after an update, and what changed (null when nothing did: {@code next} is then the current entity). */
  public record Updated(Entity next, ChangeDescription change) {}

  /**
   * Where a new entity goes: its FQN and, for a contained kind, the ancestor references its document
   * names and the members it copies from its parent (see {@link meridian.core.engine.kind.Containment}).
   */
  public record Placement(String fqn, Map<String, ObjectNode> ancestors, Map<String, JsonNode> copied) {
    public static Placement root(String fqn) {
      return new Placement(fqn, Map.of(), Map.of());
    }
  }

  /** A new entity from a request, with the links it resolved to. */
  public Entity create(
      ObjectNode request, Placement placement, Map<String, List<Link>> requested, Principal principal, long now, Lookup lookup) {
    ObjectNode doc = json.object();
    doc.put("id", UUID.randomUUID().toString());
    doc.put("name", request.get("name").asText());
    doc.put("fullyQualifiedName", placement.fqn());
    placement.ancestors().forEach(doc::set);
    placement.copied().forEach(doc::set);
    copy(request, doc, "displayName");
    copy(request, doc, "description");
    if (principal.bot()) {
      BotDescriptions.record(doc, BotDescriptions.ENTITY, request.get("description"));
    }
    for (Field field : kind.fields()) {
      JsonNode value = value(request, field.name());
      if (value == null) {
        value = field.initial();
      }
      if (value != null) {
        doc.set(field.name(), value);
      }
    }
    kind.applyCustom(null, doc, request, principal, true);
    doc.put("version", Versioning.toNumber(Versioning.INITIAL));
    doc.put("updatedAt", now);
    doc.put("updatedBy", principal.name());
    doc.put("deleted", false);
    Map<String, List<Link>> links = new HashMap<>();
    for (RelationField field : kind.relations()) {
      List<Link> asked = requested.getOrDefault(field.name(), List.of());
      Relations.refuseNewlyDeleted(field, asked, List.of());
      links.put(field.name(), withDefault(field, doc, asked, lookup));
    }
    check(null, doc, links, lookup);
    return new Entity(doc, links);
  }

  /**
   * The merge of a PUT ({@code put}) or of a patched document (PATCH) into {@code current}. Both
   * set displayName and description as the request says, except that a bot's PUT never overwrites
   * a non-empty description people wrote (one a bot sent is updated; see {@link BotDescriptions}); PUT treats each relation as its declaration says (keep owners when
   * none are sent, merge tags), PATCH replaces them; a PUT on a soft-deleted entity restores it.
   * A relation field the write did not load and the request does not mention stays as it is,
   * unloaded: the caller loads every field a request mentions or replaces.
   */
  public Updated update(
      Entity current, ObjectNode request, Map<String, List<Link>> requested, Principal principal, long now, boolean put,
      Lookup lookup) {
    ObjectNode next = current.doc().deepCopy();
    setOrRemove(next, "displayName", value(request, "displayName"));
    if (!(put && BotDescriptions.keeps(principal, current.doc(), BotDescriptions.ENTITY, current.doc().get("description")))) {
      setOrRemove(next, "description", value(request, "description"));
    }
    if (put && principal.bot()) {
      // What this bot sent is recorded where it is what the entity now says (not where a
      // description people wrote was kept).
      BotDescriptions.reset(next);
      JsonNode sent = value(request, "description");
      if (sent != null && sent.equals(next.get("description"))) {
        BotDescriptions.record(next, BotDescriptions.ENTITY, sent);
      }
    }
    for (Field field : kind.fields()) {
      JsonNode value = value(request, field.name());
      switch (field.put()) {
        case REPLACE -> setOrRemove(next, field.name(), value);
        case KEEP_IF_ABSENT -> {
          if (value != null) {
            next.set(field.name(), value);
          }
        }
        case FROZEN -> { }
        case IMMUTABLE -> {
          JsonNode stored = current.doc().get(field.name());
          if (value != null && stored != null && !value.equals(stored)) {
            throw ApiException.badRequest(
                field.name() + " of an existing " + kind.entityType() + " can't be changed (it is " + stored + ", the request says "
                    + value + "); create one with another name instead");
          }
        }
      }
    }
    kind.applyCustom(current.doc(), next, request, principal, put);
    if (put && current.deleted()) {
      next.put("deleted", false);
    }
    if (!principal.admin() && !principal.bot()) {
      kind.checkOwnerEdit(current.doc(), next, principal);
    }
    Map<String, List<Link>> links = new LinkedHashMap<>();
    for (RelationField field : kind.relations()) {
      List<Link> asked = requested.get(field.name());
      if (!current.isLoaded(field.name())) {
        if (asked != null) {
          throw new IllegalStateException(kind.entityType() + "." + field.name() + " is in the request but was not read");
        }
        continue;
      }
      List<Link> stored = current.links(field.name());
      List<Link> merged;
      if (!field.settable()) {
        merged = stored;
      } else if (!put) {
        merged = asked == null ? List.of() : asked;
      } else {
        merged = switch (field.put()) {
          case REPLACE -> asked == null ? List.of() : asked;
          case KEEP_IF_EMPTY -> asked == null || asked.isEmpty() ? stored : asked;
          case KEEP_IF_EMPTY_OR_BOT -> asked == null || asked.isEmpty() || (principal.keepsCurated() && !stored.isEmpty()) ? stored : asked;
          case MERGE -> union(field, stored, asked);
        };
      }
      Relations.refuseNewlyDeleted(field, merged, stored);
      links.put(field.name(), field.settable() ? withDefault(field, next, merged, lookup) : merged);
    }
    check(current.doc(), next, links, lookup);
    Entity candidate = new Entity(next, links);
    Versioning.Diff diff = Versioning.changes(tracked, snapshot(current), snapshot(candidate), current.versionTenths());
    ChangeDescription change = diff.change();
    if (change.isEmpty()) {
      return new Updated(current, null);
    }
    int version = diff.major() ? Versioning.nextMajor(current.versionTenths()) : Versioning.nextMinor(current.versionTenths());
    return new Updated(stamp(candidate, version, change, principal, now), change);
  }

  private void check(ObjectNode current, ObjectNode doc, Map<String, List<Link>> links, Lookup lookup) {
    relations.check(kind, links, lookup);
    kind.checkEntity(current, doc, links, lookup);
  }

  private List<Link> withDefault(RelationField field, ObjectNode doc, List<Link> links, Lookup lookup) {
    if (!links.isEmpty()) {
      return links;
    }
    List<Link> fallback = kind.defaultLinks(field, doc, lookup);
    return fallback == null ? links : fallback;
  }

  private static List<Link> union(RelationField field, List<Link> stored, List<Link> asked) {
    Map<UUID, Link> all = new LinkedHashMap<>();
    stored.forEach(link -> all.put(link.id(), link));
    if (asked != null) {
      asked.forEach(link -> all.putIfAbsent(link.id(), link));
    }
    return Relations.sorted(field, new ArrayList<>(all.values()));
  }

  /** A soft delete ({@code deleted}) or a restore: one minor version recording just that (spec §3.7, §3.8). */
  public Entity flipDeleted(Entity current, boolean deleted, Principal principal, long now) {
    ChangeDescription change =
        new ChangeDescription(
            List.of(), List.of(new meridian.model.FieldChange("deleted", json.tree(!deleted), json.tree(deleted))), List.of(),
            Versioning.toNumber(current.versionTenths()));
    ObjectNode doc = current.doc().deepCopy();
    doc.put("deleted", deleted);
    return stamp(new Entity(doc, current.links()), Versioning.nextMinor(current.versionTenths()), change, principal, now);
  }

  /** {@code entity} at a new version, changed by {@code principal} now. */
  public Entity stamp(Entity entity, int versionTenths, ChangeDescription change, Principal principal, long now) {
    ObjectNode doc = entity.doc().deepCopy();
    doc.put("version", Versioning.toNumber(versionTenths));
    doc.put("updatedAt", now);
    doc.put("updatedBy", principal.name());
    doc.set("changeDescription", json.tree(change));
    return new Entity(doc, entity.links());
  }

  /**
   * The document with the tracked relation fields added: what history stores and diffs compare.
   * Fields that were not loaded are left out (a diff of two states loaded alike ignores them).
   */
  public ObjectNode snapshot(Entity entity) {
    ObjectNode copy = entity.doc().deepCopy();
    for (RelationField field : kind.relations()) {
      if (field.tracked() && entity.isLoaded(field.name())) {
        copy.set(field.name(), relations.render(field, entity.links(field.name()), null));
      }
    }
    return copy;
  }

  /** A member's value, with JSON null read as "not given". */
  static JsonNode value(ObjectNode request, String member) {
    JsonNode value = request.get(member);
    return value == null || value.isNull() ? null : value;
  }

  private static void copy(ObjectNode from, ObjectNode to, String member) {
    JsonNode value = value(from, member);
    if (value != null) {
      to.set(member, value);
    }
  }

  private static void setOrRemove(ObjectNode doc, String member, JsonNode value) {
    if (value == null) {
      doc.remove(member);
    } else {
      doc.set(member, value);
    }
  }
}
