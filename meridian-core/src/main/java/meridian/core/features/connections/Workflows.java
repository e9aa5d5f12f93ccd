package meridian.core.features.connections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import meridian.core.Json;
import meridian.core.Principal;
import meridian.core.engine.EntityServices;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.read.Fields;
import meridian.core.errors.ApiException;
import meridian.core.features.secrets.ConnectionSecrets;
import meridian.model.Include;
import meridian.model.automations.CreateWorkflow;
import meridian.model.services.TestConnectionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs triggered workflows (OM's {@code POST /v1/automations/workflows/trigger/{id}}) in the server:
 * the workflow goes to Running at once, and to Successful or Failed with OM's TestConnectionResult
 * as its {@code response} when the test is over — no Airflow, no ingestion runner. Status and
 * response are outcomes and make no new version. While it runs, its response is a
 * TestConnectionResult with status Running and the time it started (OM's runner reports progress
 * the same way), so that any replica can tell a test whose server died from one still running: no
 * test outlives the test-connection timeout, and one that is Running well past it is marked Failed
 * by whichever replica sees it first ({@link #failAbandoned}).
 */
public final class Workflows {
  private static final Logger LOG = LoggerFactory.getLogger(Workflows.class);

  private final EntityServices<CreateWorkflow> workflows;
  private final ConnectionSecrets secrets;
  private final TestConnections tests;
  private final Json json;
  private final ExecutorService runner;
  private final String version;
  private final java.time.Duration abandonedAfter;

  /** @param testTimeout the bound of one test ({@code --test-connection-timeout}) */
  public Workflows(
      EntityServices<CreateWorkflow> workflows, ConnectionSecrets secrets, TestConnections tests, Json json, ExecutorService runner,
      String version, java.time.Duration testTimeout) {
    // Past the bound of a test, plus a margin for the result's own write and for clocks that differ a little.
    this.abandonedAfter = testTimeout.plusSeconds(5);
    this.workflows = workflows;
    this.secrets = secrets;
    this.tests = tests;
    this.json = json;
    this.runner = runner;
    this.version = version;
  }

  /** Starts the workflow; OM's PipelineServiceClientResponse. Admins, bots and the workflow's owners may. */
  public ObjectNode trigger(UUID id, Principal principal) {
    Entity workflow = workflows.repository().authorized(id, principal, "EditAll");
    Map<String, com.fasterxml.jackson.databind.JsonNode> running = new HashMap<>();
    running.put("status", TextNode.valueOf("Running"));
    running.put("response", json.tree(new TestConnectionResult(System.currentTimeMillis(), "Running", List.of())));
    workflows.repository().annotate(id, running);
    try {
      runner.execute(() -> run(id, workflow));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      finish(id, new TestConnectionResult(System.currentTimeMillis(), "Failed", List.of()));
      throw new ApiException(503, "The server is stopping; trigger the workflow again later");
    }
    ObjectNode response = json.object();
    response.put("code", 200);
    response.put("reason", "Workflow [" + workflow.name() + "] has been triggered");
    response.put("platform", "Meridian");
    response.put("version", version);
    return response;
  }

  private void run(UUID id, Entity workflow) {
    TestConnectionResult result;
    try {
      ObjectNode request = (ObjectNode) workflow.doc().get("request");
      String type = request.get("connectionType").asText();
      ObjectNode connection = request.get("connection") instanceof ObjectNode c ? c : null;
      result = tests.run(type, secrets.plainConfig(connection));
    } catch (RuntimeException e) {
      LOG.warn("workflow {} could not run its test: {}", id, e.getClass().getSimpleName());
      result = new TestConnectionResult(System.currentTimeMillis(), "Failed", List.of(
          new TestConnectionResult.Step("CheckAccess", true, false, "The test could not run: " + e.getMessage(), null)));
    }
    finish(id, result);
  }

  /**
   * Marks Failed every workflow still Running long after its test must have ended: the server
   * running it stopped (or died) before it could write the result. Called regularly by every
   * replica; the write happens only if the workflow is still in the state that was read.
   */
  public void failAbandoned() {
    long cutoff = System.currentTimeMillis() - abandonedAfter.toMillis();
    try {
      for (Entity workflow : workflows.queries().list(Include.NON_DELETED, 10_000, null, null, Fields.NONE, Map.of()).items()) {
        ObjectNode doc = workflow.doc();
        if (!abandoned(doc, cutoff)) {
          continue;
        }
        long started = doc.at("/response/lastUpdatedAt").asLong();
        Map<String, com.fasterxml.jackson.databind.JsonNode> failed = new HashMap<>();
        failed.put("status", TextNode.valueOf("Failed"));
        failed.put("response", json.tree(new TestConnectionResult(System.currentTimeMillis(), "Failed", List.of(
            new TestConnectionResult.Step("CheckAccess", true, false,
                "The server running this test stopped before it finished; trigger the workflow again", null)))));
        try {
          workflows.repository().annotateIf(workflow.id(), now -> abandoned(now, cutoff)
              && now.at("/response/lastUpdatedAt").asLong() == started, failed)
              .ifPresent(done -> LOG.info("workflow {} was left running by a stopped server; marked Failed", workflow.id()));
        } catch (ApiException e) {
          // Deleted meanwhile: nothing left to mark.
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("abandoned workflows not checked this round: {}", e.getClass().getSimpleName());
    }
  }

  private static boolean abandoned(ObjectNode doc, long cutoff) {
    return "Running".equals(doc.path("status").asText()) && doc.at("/response/lastUpdatedAt").isNumber()
        && doc.at("/response/lastUpdatedAt").asLong() < cutoff;
  }

  private void finish(UUID id, TestConnectionResult result) {
    Map<String, com.fasterxml.jackson.databind.JsonNode> done = new HashMap<>();
    done.put("status", TextNode.valueOf("Successful".equals(result.status()) ? "Successful" : "Failed"));
    done.put("response", json.tree(result));
    try {
      workflows.repository().annotate(id, done);
    } catch (ApiException e) {
      // Deleted while it ran: nobody is waiting for the result any more.
      LOG.info("workflow {} finished after it was deleted", id);
    }
  }
}
