package meridian.core.engine.kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import meridian.core.Principal;
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

  /** Where the kind's entities sit in the containment tree; null for a kind of root entities (services, users). */
  default Containment containment() {
    return null;
  }

  /** The list query parameters that narrow a list to one entity's descendants or related entities. */
  default List<ListFilter> listFilters() {
    return List.of();
  }

  /** The members listing this kind's children of another kind, when {@code fields} asks for them. */
  default List<ChildList> childLists() {
    return List.of();
  }

  /** Fields this kind sets itself on every write, after the declared ones (connection secrets). */
  default void applyCustom(ObjectNode current, ObjectNode next, ObjectNode request, Principal principal) {}

  /**
   * {@link #applyCustom}, knowing whether the write is a PUT ({@code put}) or the merge of a
   * patched document (a table's columns merge differently on each: catalog spec §5.2, §5.3).
   */
  default void applyCustom(ObjectNode current, ObjectNode next, ObjectNode request, Principal principal, boolean put) {
    applyCustom(current, next, request, principal);
  }

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

  /**
   * Checks on the whole entity a write leaves (a team's place in the hierarchy, a tag's place in its
   * classification); a 400 otherwise. {@code doc} holds the ancestor references of a contained kind.
   */
  default void checkEntity(ObjectNode doc, Map<String, List<Link>> links, Lookup lookup) {}

  /** {@link #checkEntity}, knowing what was stored before the write ({@code current}; null for a create). */
  default void checkEntity(ObjectNode current, ObjectNode doc, Map<String, List<Link>> links, Lookup lookup) {
    checkEntity(doc, links, lookup);
  }

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

  /**
   * Stored fields only the server writes (a service's {@code testConnectionResult}): a PATCH can't
   * change them and a request does not carry them. By default the fields shown only on request.
   */
  default Set<String> serverManagedFields() {
    return docFieldsOnRequest();
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

  /**
   * The search index this kind's entities are found in ({@code GET /api/v1/search/query}, OM's
   * index name such as {@code table_search_index}); null for a kind search does not cover.
   */
  default String searchIndex() {
    return null;
  }

  /**
   * Whether parts of the kind's documents carry tags (a table's columns): their uses are kept with
   * the entity's own ({@link #partTags}) and a read shows them through {@link #showParts}.
   */
  default boolean taggedParts() {
    return false;
  }

  /** The tags on the parts of a document, each with its part's path. */
  default List<PartTag> partTags(ObjectNode doc) {
    return List.of();
  }

  /**
   * Shows the parts' tags in a document being read: as the tags are now ({@code tags}, by FQN), or
   * not at all ({@code tags} null: the read did not ask for tags).
   */
  default void showParts(ObjectNode doc, Map<String, Link> tags) {}

  /** Whether the kind offers {@code PUT …/bulk} (contract §5; catalog spec §8): services and the catalog kinds. */
  default boolean bulkUpsert() {
    return false;
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

  /**
   * What else goes when an entity of this kind is soft-deleted or removed, beyond its own row, edges
   * and tags (a tag comes off every entity that carried it, as OM's TagRepository does).
   */
  default void onDelete(UUID id, boolean hard, Cleanup cleanup) {}

  /** What {@link #onDelete} may ask the store to do, inside the delete's transaction. */
  interface Cleanup {
    /** Removes every use of the tag {@code tagId}: from entities and from their parts. */
    void removeTagUses(UUID tagId);

    /** Removes the stored statuses of the runs of the ingestion pipeline {@code pipelineId}. */
    void removeRunStatuses(UUID pipelineId);

    /**
     * Ends as failed, with {@code reason}, every job of {@code jobKind} still running on the entity
     * {@code targetId} (an ingestion pipeline's run); their workers stop at their next progress write.
     */
    void cancelJobsOn(UUID targetId, String jobKind, String reason);
  }
}
