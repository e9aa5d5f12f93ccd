package meridian.core.engine.kind;

import meridian.core.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationField;

/**
 * What makes one entity type different from another (ARCHITECTURE rule 2), as declarations: its
 * names and table, its request type, its own fields and its relation fields, its parent for the
 * FQN, and a few hooks. Everything else — merge rules, versions, history, references,
 * authorisation, transactions — is the generic write path's, the same for all kinds.
 *
 * <p>Every kind's request has {@code name}, {@code displayName} and {@code description}; the
 * generic path handles those.
 *
 * @param <C> the create request ({@code Create*} record), decoded strictly from the body
 */
public interface EntityKind<C> {
  /** OM's entity type string, e.g. {@code databaseService}. */
  String entityType();

  /** The collection path under {@code /api/v1}, e.g. {@code services/databaseServices}. */
  String collectionPath();

  /** The entity table; one of {@code EntityDao.TABLES}. */
  String table();

  Class<C> requestType();

  /** Checks beyond the name rule that every kind has; a 400 naming the field and the rule. */
  default void validate(C request) {}

  /** The kind's own stored fields, copied from the request (in changeDescription order). */
  default List<Field> fields() {
    return List.of();
  }

  /** The kind's relation fields (in changeDescription order). */
  default List<RelationField> relations() {
    return List.of();
  }

  /**
   * The single-valued relation whose target's FQN prefixes this kind's FQNs (a sub-domain's
   * {@code parent}, a tag's {@code classification}); null for a kind of root entities. A kind may
   * name a second one to try first ({@link #parentFields()}).
   */
  default String parentField() {
    return parentFields().isEmpty() ? null : parentFields().get(0);
  }

  /** The relations that may hold this entity's FQN parent, the first one present wins. */
  default List<String> parentFields() {
    return List.of();
  }

  /** Fields this kind sets itself on every write, after the declared ones (connection secrets). */
  default void applyCustom(ObjectNode current, ObjectNode next, ObjectNode request, Principal principal) {}

  /** Changes recorded for fields {@link #applyCustom} writes. */
  default List<TrackedField> customTracked() {
    return List.of();
  }

  /**
   * Links a write stores when the request leaves a field empty (a team without parents is under
   * the Organization). Called with the field and must return null to leave it empty.
   */
  default List<Link> defaultLinks(RelationField field, ObjectNode doc, Lookup lookup) {
    return null;
  }

  /** Checks on the whole entity a write leaves (a team's place in the hierarchy); a 400 otherwise. */
  default void checkEntity(ObjectNode doc, Map<String, List<Link>> links, Lookup lookup) {}

  /** The relation fields a create, update or delete response shows populated (spec §3.4). */
  default Set<String> echoedFields() {
    return Set.of();
  }

  /** Names the {@code fields} query parameter accepts (spec §1.9). */
  Set<String> fieldNames();

  /**
   * Fields of the stored document a response shows only when {@code fields} asks for them (a
   * service's {@code testConnectionResult}, as OM's newest code does); a PATCH can't change them.
   */
  default Set<String> docFieldsOnRequest() {
    return Set.of();
  }

  /** Relation fields every read shows, asked for or not (a tag's classification and parent, as OM). */
  default Set<String> defaultFields() {
    return Set.of();
  }

  /** Listed fields this server can't fill: rendered as {@code []} when asked for. */
  default Set<String> emptyListFields() {
    return Set.of();
  }

  /** Read-only values computed when {@code fields} asks for them (a tag's {@code usageCount}). */
  default Set<String> computedFields() {
    return Set.of();
  }

  /** The document as {@code principal} may see it (secrets masked or opened). */
  default ObjectNode reveal(ObjectNode doc, Principal principal) {
    return doc;
  }

  /**
   * What a read shows in {@code field} when it holds nothing (a user in no team is in the
   * Organization); null: nothing. Never stored.
   */
  default List<Link> shownWhenEmpty(RelationField field, Entity entity, Lookup lookup) {
    return null;
  }

  /** A read-only value {@link #computedFields} names, for one entity (a tag's usage count). */
  default JsonNode computed(String field, Entity entity, Lookup lookup) {
    return null;
  }

  /** Only admins may create this kind (users); otherwise bots may too. */
  default boolean onlyAdminsCreate() {
    return false;
  }

  /** Whether {@code principal} is the entity itself (a user editing their own profile). */
  default boolean isSelf(Entity entity, Principal principal) {
    return false;
  }

  /** A last say on an edit by a non-admin (e.g. a user may not make themself admin). */
  default void checkOwnerEdit(ObjectNode current, ObjectNode next, Principal principal) {}

  /** An entity of this kind that may never be deleted (the Organization team); the 400's message, or null. */
  default String undeletable(Entity entity) {
    return null;
  }
}
