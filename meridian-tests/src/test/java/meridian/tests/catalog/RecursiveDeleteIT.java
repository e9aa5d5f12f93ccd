package meridian.tests.catalog;

import static meridian.tests.catalog.Tree.DATABASES;
import static meridian.tests.catalog.Tree.SCHEMAS;
import static meridian.tests.catalog.Tree.SERVICES;
import static meridian.tests.catalog.Tree.TABLES;
import static meridian.tests.catalog.Tree.column;
import static meridian.tests.catalog.Tree.created;
import static meridian.tests.catalog.Tree.ok;
import static meridian.tests.catalog.Tree.refused;
import static meridian.tests.catalog.Tree.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import org.junit.jupiter.api.Test;

/**
 * Delete and restore through the tree (catalog spec §6): a parent with children — live or
 * soft-deleted — needs {@code recursive}; a recursive soft delete, restore, hard delete or PUT of
 * a deleted parent goes through the whole subtree; the asynchronous form answers 202 with a job to
 * follow; and a write under a parent being deleted is OM's 409, with nothing left behind.
 */
class RecursiveDeleteIT extends ServerIT {
  /** A service with two databases, each with two schemas of {@code tables} tables; returns the service's name. */
  static String tree(Api api, String prefix, int tables) {
    String service = Fixtures.uniqueName(prefix);
    created(api.post(SERVICES, Fixtures.minimal(service).toString()));
    for (String db : new String[] {"db1", "db2"}) {
      created(api.post(DATABASES, "{\"name\":\"" + db + "\",\"service\":\"" + service + "\"}"));
      for (String schema : new String[] {"s1", "s2"}) {
        created(api.post(SCHEMAS, "{\"name\":\"" + schema + "\",\"database\":\"" + service + "." + db + "\"}"));
        bulkTables(api, service + "." + db + "." + schema, tables);
      }
    }
    return service;
  }

  static void bulkTables(Api api, String schema, int count) {
    for (int from = 0; from < count; from += 5_000) {
      ArrayNode items = Api.JSON.createArrayNode();
      for (int i = from; i < Math.min(count, from + 5_000); i++) {
        ObjectNode t = table(schema, String.format("t%05d", i), column("id", "BIGINT"));
        ((ObjectNode) t.get("columns").get(0)).putArray("tags").addObject().put("tagFQN", "PII.Sensitive");
        items.add(t);
      }
      JsonNode result = ok(api.put(TABLES + "/bulk", items.toString()));
      assertThat(result.get("numberOfRowsFailed").asInt()).as(result.toString()).isZero();
    }
  }

  private static int total(Api api, String path) {
    return ok(api.get(path)).at("/paging/total").asInt();
  }

  @Test
  void aParentWithChildrenLiveOrSoftDeletedNeedsRecursive() {
    Api admin = server.admin();
    String service = Fixtures.uniqueName("notempty");
    JsonNode svc = created(admin.post(SERVICES, Fixtures.minimal(service).toString()));
    JsonNode db = created(admin.post(DATABASES, "{\"name\":\"db\",\"service\":\"" + service + "\"}"));
    assertThat(refused(admin.delete(SERVICES + "/" + svc.get("id").asText()), 400)).isEqualTo("databaseService is not empty");
    ok(admin.delete(DATABASES + "/" + db.get("id").asText()));
    assertThat(refused(admin.delete(SERVICES + "/" + svc.get("id").asText() + "?hardDelete=true"), 400))
        .as("a soft-deleted child still counts (spec §6.2)").isEqualTo("databaseService is not empty");
    JsonNode schema = Tree.schema(admin, "notempty2");
    assertThat(refused(admin.delete(DATABASES + "/name/" + schema.at("/database/fullyQualifiedName").asText()), 400))
        .isEqualTo("database is not empty");
    created(admin.post(TABLES, table(schema.get("fullyQualifiedName").asText(), "t").toString()));
    assertThat(refused(admin.delete(SCHEMAS + "/" + schema.get("id").asText()), 400)).isEqualTo("databaseSchema is not empty");
    assertThat(refused(admin.delete(SERVICES + "/async/" + svc.get("id").asText()), 400)).isEqualTo("databaseService is not empty");
  }

  @Test
  void aRecursiveSoftDeleteHidesTheSubtreeAndARestoreBringsItAllBack() {
    Api admin = server.admin();
    String service = tree(admin, "softtree", 30);
    String schema = service + ".db1.s1";
    JsonNode early = ok(admin.get(TABLES + "/name/" + schema + ".t00003"));
    ok(admin.delete(TABLES + "/" + early.get("id").asText()));
    JsonNode svc = ok(admin.get(SERVICES + "/name/" + service));

    Api.Response deleted = admin.delete(SERVICES + "/" + svc.get("id").asText() + "?recursive=true");
    assertThat(deleted.header("X-OpenMetadata-Change")).isEqualTo("entitySoftDeleted");
    assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
    assertThat(admin.get(TABLES + "/name/" + schema + ".t00001").status()).isEqualTo(404);
    JsonNode t1 = ok(admin.get(TABLES + "/name/" + schema + ".t00001?include=deleted"));
    assertThat(t1.get("version").asDouble()).isEqualTo(0.2);
    assertThat(t1.at("/changeDescription/fieldsUpdated/0/name").asText()).isEqualTo("deleted");
    assertThat(ok(admin.get(DATABASES + "/name/" + service + ".db2?include=deleted")).get("deleted").asBoolean()).isTrue();
    assertThat(total(admin, TABLES + "?database=" + service + ".db1")).isZero();
    assertThat(total(admin, TABLES + "?database=" + service + ".db1&include=deleted")).isEqualTo(60);
    JsonNode listed = ok(admin.get(SCHEMAS + "/name/" + schema + "?include=deleted&fields=tables")).get("tables");
    assertThat(listed).as("include=deleted lists the deleted children").hasSize(30);
    assertThat(listed.findValuesAsText("deleted")).containsOnly("true");
    assertThat(ok(admin.get("/api/v1/tags/name/PII.Sensitive?fields=usageCount")).get("usageCount").asInt())
        .as("soft-deleted tables keep their column tags").isGreaterThanOrEqualTo(120);

    Api.Response restored = admin.put(SERVICES + "/restore", "{\"id\":\"" + svc.get("id").asText() + "\"}");
    assertThat(restored.header("X-OpenMetadata-Change")).isEqualTo("entityRestored");
    assertThat(restored.json().get("deleted").asBoolean()).isFalse();
    assertThat(total(admin, TABLES + "?database=" + service + ".db1")).isEqualTo(60);
    assertThat(total(admin, TABLES + "?database=" + service + ".db2")).isEqualTo(60);
    assertThat(ok(admin.get(TABLES + "/name/" + schema + ".t00001")).get("version").asDouble()).isEqualTo(0.3);
    assertThat(ok(admin.get(TABLES + "/name/" + schema + ".t00003")).get("deleted").asBoolean())
        .as("a restore brings back the children deleted before the parent too (spec §6.4)").isFalse();
    JsonNode history = ok(admin.get(TABLES + "/" + t1.get("id").asText() + "/versions"));
    assertThat(history.get("versions")).hasSize(3);
  }

  @Test
  void aPutOfASoftDeletedParentRestoresItAndItsChildren() {
    Api admin = server.admin();
    JsonNode schema = Tree.schema(admin, "putrestore");
    String fqn = schema.get("fullyQualifiedName").asText();
    bulkTables(admin, fqn, 5);
    ok(admin.delete(SCHEMAS + "/" + schema.get("id").asText() + "?recursive=true"));
    assertThat(total(admin, TABLES + "?databaseSchema=" + fqn)).isZero();
    Api.Response put = admin.put(SCHEMAS, "{\"name\":\"sch\",\"database\":\"" + schema.at("/database/fullyQualifiedName").asText()
        + "\",\"description\":\"back\"}");
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().get("deleted").asBoolean()).isFalse();
    assertThat(total(admin, TABLES + "?databaseSchema=" + fqn)).as("spec §5.2: the children come back with it").isEqualTo(5);
  }

  @Test
  void aRecursiveHardDeleteRemovesTheWholeSubtree() {
    Api admin = server.admin();
    String service = tree(admin, "hardtree", 20);
    int uses = ok(admin.get("/api/v1/tags/name/PII.Sensitive?fields=usageCount")).get("usageCount").asInt();
    JsonNode t = ok(admin.get(TABLES + "/name/" + service + ".db2.s2.t00019"));
    JsonNode svc = ok(admin.get(SERVICES + "/name/" + service));
    Api.Response deleted = admin.delete(SERVICES + "/name/" + service + "?recursive=true&hardDelete=true");
    assertThat(deleted.header("X-OpenMetadata-Change")).isEqualTo("entityDeleted");
    for (String path : new String[] {SERVICES + "/" + svc.get("id").asText(), DATABASES + "/name/" + service + ".db1",
        SCHEMAS + "/name/" + service + ".db2.s1", TABLES + "/" + t.get("id").asText(), TABLES + "/" + t.get("id").asText() + "/versions"}) {
      assertThat(admin.get(path + (path.endsWith("versions") ? "" : "?include=all")).status()).as(path).isEqualTo(404);
    }
    assertThat(total(admin, TABLES + "?database=" + service + ".db1&include=all")).isZero();
    assertThat(ok(admin.get("/api/v1/tags/name/PII.Sensitive?fields=usageCount")).get("usageCount").asInt())
        .as("the column tags went with their tables").isEqualTo(uses - 80);
  }

  @Test
  void anAsynchronousDeleteAnswers202WithAJobToFollow() {
    Api admin = server.admin();
    String service = tree(admin, "asynctree", 50);
    JsonNode svc = ok(admin.get(SERVICES + "/name/" + service));
    Api.Response accepted = admin.delete(SERVICES + "/async/" + svc.get("id").asText() + "?recursive=true&hardDelete=true");
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.json().get("message").asText()).isEqualTo("Delete operation initiated for " + service);
    assertThat(accepted.json().get("entityName").asText()).isEqualTo(service);
    assertThat(accepted.json().get("hardDelete").asBoolean()).isTrue();
    assertThat(accepted.json().get("recursive").asBoolean()).isTrue();
    JsonNode job = await(admin, accepted.json().get("jobId").asText(), Duration.ofSeconds(60));
    assertThat(job.get("state").asText()).isEqualTo("completed");
    assertThat(job.get("kind").asText()).isEqualTo("delete");
    assertThat(job.get("entityId").asText()).isEqualTo(svc.get("id").asText());
    assertThat(job.get("done").asInt()).as("four schemas of 50 tables, their schemas, databases and the service").isEqualTo(207);
    assertThat(job.at("/result/change").asText()).isEqualTo("entityDeleted");
    assertThat(admin.get(SERVICES + "/" + svc.get("id").asText() + "?include=all").status()).isEqualTo(404);
    assertThat(admin.get("/api/v1/jobs/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(refused(admin.delete(SERVICES + "/async/" + java.util.UUID.randomUUID()), 404)).contains("not found");
    assertThat(refused(server.newPlainUser().delete(SERVICES + "/async/" + created(admin.post(SERVICES,
        Fixtures.minimal(Fixtures.uniqueName("mine")).toString())).get("id").asText()), 403)).contains("[Delete]");
  }

  /** The job once it is no longer running, polled every 50 ms up to a deadline (then as it stands). */
  static JsonNode await(Api api, String job, Duration within) {
    return meridian.tests.JobWait.await(api, job, within);
  }

  @Test
  void writesUnderAParentBeingDeletedAreRefusedAndNothingIsLeftBehind() throws Exception {
    Api admin = server.admin();
    String service = tree(admin, "locked", 1_500);
    String schema = service + ".db2.s2";
    JsonNode svc = ok(admin.get(SERVICES + "/name/" + service));
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService writers = Executors.newFixedThreadPool(2);
    List<Future<List<Integer>>> results = new ArrayList<>();
    List<String> created = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());
    // The writers are under way before the delete starts, and keep writing until it has ended: the
    // whole walk, from its first batch to its sweep, meets them.
    java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(2);
    for (int w = 0; w < 2; w++) {
      int writer = w;
      results.add(writers.submit(() -> {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; !done.get(); i++) {
          String name = "late_" + writer + "_" + i;
          Api.Response response = admin.put(TABLES, table(schema, name, column("id", "INT")).toString());
          statuses.add(response.status());
          if (response.status() == 201) {
            created.add(name);
            if (i == 0) {
              writing.countDown();
            }
          } else if (response.status() == 409) {
            messages.add(response.json().get("message").asText());
          }
        }
        return statuses;
      }));
    }
    assertThat(writing.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("both writers created a table").isTrue();
    String accepted = admin.delete(SERVICES + "/async/" + svc.get("id").asText() + "?recursive=true").json().get("jobId").asText();
    JsonNode job = await(admin, accepted, Duration.ofSeconds(120));
    done.set(true);
    List<Integer> statuses = new ArrayList<>();
    List<Integer> phase = List.of(201, 409, 404);
    for (Future<List<Integer>> result : results) {
      List<Integer> mine = result.get();
      // Each writer sees three phases in order: created before the walk began, refused while it
      // ran (a parent it has passed as well as one it has not reached), not found once it ended.
      assertThat(mine.stream().map(phase::indexOf).toList()).as("one writer's answers in turn: " + mine).isSorted();
      statuses.addAll(mine);
    }
    writers.shutdown();
    assertThat(job.get("state").asText()).isEqualTo("completed");
    assertThat(statuses).as("created before the delete began, refused while it ran, or not found after").isSubsetOf(201, 409, 404);
    assertThat(statuses).as("some writes met the running delete").contains(409);
    assertThat(messages).allMatch(m -> m.equals("Cannot create or modify entity '" + m.substring(m.indexOf('\'') + 1, m.indexOf("' because"))
        + "' because parent '" + service + "' is being deleted"));
    assertThat(total(admin, TABLES + "?databaseSchema=" + schema)).as("no live table is left under the deleted service").isZero();
    for (String name : created) {
      assertThat(ok(admin.get(TABLES + "/name/" + schema + "." + name + "?include=all")).get("deleted").asBoolean()).as(name).isTrue();
    }
  }
}
