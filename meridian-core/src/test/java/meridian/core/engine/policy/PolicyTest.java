package meridian.core.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import meridian.core.errors.ApiException;
import meridian.core.kinds.catalog.DatabaseKind;
import meridian.core.kinds.catalog.DatabaseSchemaKind;
import meridian.core.kinds.catalog.TableKind;
import meridian.model.ChangeDescription;
import meridian.model.FieldChange;
import meridian.model.services.CreateDatabaseService;
import org.junit.jupiter.api.Test;

/**
 * Who may do what (contract §3; catalog spec §5.1, §5.7): admins and bots, the owners of an entity
 * (users and members of owning teams), owners inherited from an ancestor where a kind inherits
 * them, the owners of a parent creating under it, and OM's 403 naming the operations for anyone else.
 */
class PolicyTest {
  static final Json JSON = new Json();
  static final EntityKind<CreateDatabaseService> SERVICE =
      new DeclaredKind<>(new DeclaredKind.Identity("databaseService", "services/databaseServices", "database_service"),
          CreateDatabaseService.class, List.of(), List.of(RelationFields.owners()), Set.of(), Set.of()) {};
  static final Kinds KINDS = new Kinds(List.of(SERVICE, new DatabaseKind(), new DatabaseSchemaKind(), new TableKind()));

  final MapLookup lookup = new MapLookup();
  final Link ana = lookup.add("user", "ana");
  final Link bo = lookup.add("user", "bo");
  final Link team = lookup.add("team", "data", "teamType", "Group");
  final Principal anaP = new Principal(ana.id(), "ana", false, false);
  final Principal boP = new Principal(bo.id(), "bo", false, false);
  final Link service = lookup.add("databaseService", "svc");
  final Link schema = lookup.add(new Link(UUID.randomUUID(), "databaseSchema", "sch", "svc.db.sch", null, false, ancestors(), null));
  final Policy tables = new Policy(KINDS.kind("table"), KINDS);

  private ObjectNode ancestors() {
    ObjectNode doc = JSON.object();
    doc.putObject("service").put("id", service.id().toString()).put("type", "databaseService").put("name", "svc");
    return doc;
  }

  private Entity table(List<Link> owners) {
    ObjectNode doc = JSON.object().put("id", UUID.randomUUID().toString()).put("name", "t");
    doc.putObject("databaseSchema").put("id", schema.id().toString()).put("type", "databaseSchema");
    doc.putObject("service").put("id", service.id().toString()).put("type", "databaseService");
    return new Entity(doc, Map.of("owners", owners));
  }

  @Test
  void adminsBotsAndOwnersMayAndOthersGetOms403() {
    Entity owned = table(List.of(ana));
    tables.authorize(new Principal(UUID.randomUUID(), "admin", true, false), owned, "EditAll", lookup);
    tables.authorize(new Principal(UUID.randomUUID(), "ingestion-bot", false, true), owned, "Delete", lookup);
    tables.authorize(anaP, owned, "Delete", lookup);
    assertThatThrownBy(() -> tables.authorize(boP, owned, "Delete", lookup)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.getMessage()).isEqualTo("Principal: CatalogPrincipal{name='bo'} operations [Delete] not allowed");
    });
    lookup.member(bo, team);
    tables.authorize(boP, table(List.of(team)), "EditAll", lookup);
  }

  @Test
  void anEntityWithoutOwnersIsOwnedByItsNearestAncestorsOwners() {
    lookup.holds(service, "owners", bo);
    tables.authorize(boP, table(List.of()), "EditAll", lookup);
    assertThatThrownBy(() -> tables.authorize(boP, table(List.of(ana)), "EditAll", lookup))
        .as("an entity's own owners come first").isInstanceOf(ApiException.class);
    lookup.holds(schema, "owners", ana);
    assertThatThrownBy(() -> tables.authorize(boP, table(List.of()), "EditAll", lookup))
        .as("the nearest ancestor with owners decides").isInstanceOf(ApiException.class);
    tables.authorize(anaP, table(List.of()), "EditAll", lookup);
  }

  @Test
  void theOwnersOfAParentMayCreateUnderIt() {
    assertThatThrownBy(() -> tables.authorizeCreate(anaP, schema, lookup))
        .hasMessage("Principal: CatalogPrincipal{name='ana'} operations [Create] not allowed");
    lookup.holds(service, "owners", ana);
    tables.authorizeCreate(anaP, schema, lookup);
    assertThatThrownBy(() -> new Policy(SERVICE, KINDS).authorizeCreate(anaP, null, lookup))
        .as("a root has no parent to own").isInstanceOf(ApiException.class);
  }

  @Test
  void anyoneMaySetTheOwnersOfAnUnownedEntityAndAPatchNamesTheOperationsItNeeded() {
    ChangeDescription owners = new ChangeDescription(List.of(new FieldChange("owners", null, JSON.tree("[]"))), List.of(), List.of(), 0.1);
    Policy services = new Policy(SERVICE, KINDS);
    Entity unowned = new Entity(JSON.object().put("id", UUID.randomUUID().toString()), Map.of("owners", List.of()));
    services.authorizePatch(boP, unowned, owners, lookup);
    ChangeDescription edits = new ChangeDescription(List.of(new FieldChange("description", null, JSON.tree("x"))),
        List.of(new FieldChange("tags", JSON.tree("a"), JSON.tree("b"))), List.of(), 0.1);
    assertThatThrownBy(() -> services.authorizePatch(boP, unowned, edits, lookup))
        .hasMessage("Principal: CatalogPrincipal{name='bo'} operations [EditDescription, EditTags] not allowed");
  }
}
