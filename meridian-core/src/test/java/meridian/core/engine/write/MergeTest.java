package meridian.core.engine.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import meridian.core.Json;
import meridian.core.Principal;
import meridian.core.engine.Kinds;
import meridian.core.engine.kind.DeclaredKind;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.MapLookup;
import meridian.core.engine.relations.RelationFields;
import meridian.core.engine.relations.Relations;
import meridian.core.kinds.catalog.DatabaseKind;
import meridian.core.kinds.catalog.DatabaseSchemaKind;
import meridian.core.kinds.catalog.TableKind;
import meridian.model.FieldChange;
import meridian.model.services.CreateDatabaseService;
import org.junit.jupiter.api.Test;

/**
 * The merge rules of create, PUT and PATCH (spec §3.5–3.6, catalog spec §5.2), on the database and
 * table kinds' declarations: what each relation field does when a PUT leaves it out or sends it,
 * what a bot may not overwrite, what a field the write did not read becomes, and when a change is
 * major.
 */
class MergeTest {
  static final Json JSON = new Json();
  static final EntityKind<CreateDatabaseService> SERVICE =
      new DeclaredKind<>(new DeclaredKind.Identity("databaseService", "services/databaseServices", "database_service"),
          CreateDatabaseService.class, List.of(), List.of(RelationFields.owners()), Set.of(), Set.of()) {};
  static final DatabaseKind DATABASE = new DatabaseKind();
  static final TableKind TABLE = new TableKind();
  static final Kinds KINDS = new Kinds(List.of(SERVICE, DATABASE, new DatabaseSchemaKind(), TABLE));
  static final Principal ADMIN = new Principal(UUID.randomUUID(), "admin", true, false);
  static final Principal BOT = new Principal(UUID.randomUUID(), "ingestion-bot", false, true);
  static final long NOW = 1_800_000_000_000L;

  final MapLookup lookup = new MapLookup();
  final Link ana = lookup.add("user", "ana");
  final Link bo = lookup.add("user", "bo");
  final Link finance = lookup.add("domain", "Finance");
  final Link sales = lookup.add("domain", "Sales");
  final Link sensitive = lookup.add("tag", "PII.Sensitive");
  final Link tier1 = lookup.add("tag", "Tier.Tier1");
  final Merge merge = new Merge(DATABASE, new Relations(KINDS), JSON);

  private ObjectNode request(String... members) {
    ObjectNode request = JSON.object().put("name", "db").put("service", "svc");
    for (int i = 0; i + 1 < members.length; i += 2) {
      request.put(members[i], members[i + 1]);
    }
    return request;
  }

  private Entity created(Map<String, List<Link>> links) {
    ObjectNode ref = JSON.object().put("id", UUID.randomUUID().toString()).put("type", "databaseService").put("name", "svc")
        .put("fullyQualifiedName", "svc");
    Merge.Placement placement = new Merge.Placement("svc.db", Map.of("service", ref), Map.of("serviceType", JSON.tree("Mysql")));
    return merge.create(request("description", "first", "retentionPeriod", "P1D"), placement, links, ADMIN, NOW, lookup);
  }

  private Merge.Updated put(Entity current, Principal principal, ObjectNode request, Map<String, List<Link>> asked) {
    return merge.update(current, request, asked, principal, NOW + 1, true, lookup);
  }

  @Test
  void aCreateSetsTheServersFieldsAndWhereTheEntityGoes() {
    Entity db = created(Map.of("owners", List.of(ana)));
    assertThat(db.fullyQualifiedName()).isEqualTo("svc.db");
    assertThat(db.doc().at("/service/name").asText()).isEqualTo("svc");
    assertThat(db.doc().get("serviceType").asText()).isEqualTo("Mysql");
    assertThat(db.doc().get("default").asBoolean()).as("an initial value the request left out").isFalse();
    assertThat(db.versionTenths()).isEqualTo(1);
    assertThat(db.updatedBy()).isEqualTo("admin");
    assertThat(db.deleted()).isFalse();
    assertThat(db.links("owners")).containsExactly(ana);
    for (String field : List.of("owners", "tags", "domains", "dataProducts", "followers")) {
      assertThat(db.isLoaded(field)).as("a new entity knows every field: " + field).isTrue();
    }
  }

  @Test
  void putKeepsOwnersItIsNotGivenAndReplacesThoseItIs() {
    Entity db = created(Map.of("owners", List.of(ana)));
    assertThat(put(db, ADMIN, request("description", "first", "retentionPeriod", "P1D"), Map.of()).change()).isNull();
    assertThat(put(db, ADMIN, request("description", "first", "retentionPeriod", "P1D"), Map.of("owners", List.of())).change())
        .as("an empty list keeps them too").isNull();
    Merge.Updated replaced = put(db, ADMIN, request("description", "first", "retentionPeriod", "P1D"), Map.of("owners", List.of(bo)));
    assertThat(replaced.next().links("owners")).containsExactly(bo);
    assertThat(names(replaced.change().fieldsAdded())).containsExactly("owners");
    assertThat(names(replaced.change().fieldsDeleted())).containsExactly("owners");
  }

  @Test
  void putAddsTagsAndNeverRemovesOnePatchReplacesThem() {
    Entity db = created(Map.of("tags", List.of(sensitive)));
    Merge.Updated added = put(db, ADMIN, request("description", "first", "retentionPeriod", "P1D"), Map.of("tags", List.of(tier1)));
    assertThat(added.next().links("tags")).containsExactly(sensitive, tier1);
    Merge.Updated patched = merge.update(added.next(), request("description", "first", "retentionPeriod", "P1D"),
        Map.of("tags", List.of(tier1)), ADMIN, NOW + 2, false, lookup);
    assertThat(patched.next().links("tags")).containsExactly(tier1);
    assertThat(patched.change().fieldsDeleted().get(0).oldValue().asText()).contains("PII.Sensitive");
  }

  @Test
  void aBotsPutKeepsADescriptionAndDomainsAUserCuratedAndAUsersReplacesThem() {
    Entity db = created(Map.of("domains", List.of(finance)));
    Merge.Updated byBot = put(db, BOT, request("description", "from the source", "retentionPeriod", "P1D"), Map.of("domains", List.of(sales)));
    assertThat(byBot.change()).isNull();
    Merge.Updated byUser = put(db, ADMIN, request("description", "edited", "retentionPeriod", "P1D"), Map.of("domains", List.of(sales)));
    assertThat(byUser.next().doc().get("description").asText()).isEqualTo("edited");
    assertThat(byUser.next().links("domains")).containsExactly(sales);
  }

  @Test
  void aFieldAPutReplacesGoesWhenTheRequestLeavesItOut() {
    Entity db = created(Map.of());
    Merge.Updated updated = put(db, ADMIN, request("description", "first"), Map.of());
    assertThat(updated.next().doc().has("retentionPeriod")).isFalse();
    FieldChange gone = updated.change().fieldsDeleted().get(0);
    assertThat(gone.name()).isEqualTo("retentionPeriod");
    assertThat(gone.oldValue().asText()).isEqualTo("P1D");
    assertThat(updated.next().versionTenths()).isEqualTo(2);
  }

  @Test
  void aRelationTheWriteDidNotReadStaysUnreadAndUnchanged() {
    Entity stored = created(Map.of("owners", List.of(ana)));
    Map<String, List<Link>> readable = new HashMap<>(stored.links());
    readable.remove("owners");
    Entity partial = new Entity(stored.doc(), readable);
    Merge.Updated updated = put(partial, ADMIN, request("description", "second", "retentionPeriod", "P1D"), Map.of());
    assertThat(updated.next().isLoaded("owners")).isFalse();
    assertThat(names(updated.change().fieldsUpdated())).containsExactly("description");
    assertThatThrownBy(() -> put(partial, ADMIN, request("retentionPeriod", "P1D"), Map.of("owners", List.of(bo))))
        .as("a field in the request must have been read").isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aPutOfASoftDeletedEntityRestoresItAndAFlipIsOneMinorVersion() {
    Entity db = created(Map.of());
    Entity deleted = merge.flipDeleted(db, true, ADMIN, NOW + 1);
    assertThat(deleted.deleted()).isTrue();
    assertThat(deleted.versionTenths()).isEqualTo(2);
    assertThat(deleted.doc().at("/changeDescription/fieldsUpdated/0/name").asText()).isEqualTo("deleted");
    Merge.Updated restored = put(deleted, ADMIN, request("description", "first", "retentionPeriod", "P1D"), Map.of());
    assertThat(restored.next().deleted()).isFalse();
    assertThat(names(restored.change().fieldsUpdated())).containsExactly("deleted");
  }

  @Test
  void aKindsOwnDifferDecidesAMajorVersion() {
    Merge tables = new Merge(TABLE, new Relations(KINDS), JSON);
    ObjectNode request = JSON.object().put("name", "t").put("databaseSchema", "svc.db.sch");
    ArrayNode columns = request.putArray("columns");
    columns.addObject().put("name", "a").put("dataType", "INT");
    columns.addObject().put("name", "b").put("dataType", "INT");
    Entity t = tables.create(request, new Merge.Placement("svc.db.sch.t", Map.of(), Map.of()), Map.of(), ADMIN, NOW, lookup);
    assertThat(t.doc().at("/columns/1/fullyQualifiedName").asText()).isEqualTo("svc.db.sch.t.b");
    columns.addObject().put("name", "c").put("dataType", "INT");
    Merge.Updated added = tables.update(t, request, Map.of(), ADMIN, NOW + 1, true, lookup);
    assertThat(added.next().versionTenths()).as("a new column is minor").isEqualTo(2);
    columns.remove(0);
    Merge.Updated removed = tables.update(added.next(), request, Map.of(), ADMIN, NOW + 2, true, lookup);
    assertThat(removed.next().versionTenths()).as("a removed column is major: 0.2 becomes 1.2").isEqualTo(12);
    assertThat(names(removed.change().fieldsDeleted())).containsExactly("columns");
  }

  private static List<String> names(List<FieldChange> changes) {
    return changes.stream().map(FieldChange::name).toList();
  }

  static JsonNode text(String value) {
    return JSON.tree(value);
  }
}
