package meridian.core.automations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import meridian.core.Entity;
import meridian.core.EntityServices;
import meridian.core.Json;
import meridian.core.Principal;
import meridian.core.connections.TestConnections;
import meridian.core.errors.ApiException;
import meridian.core.secrets.ConnectionSecrets;
import meridian.model.automations.CreateWorkflow;
import meridian.model.services.TestConnectionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs triggered workflows (OM's {@code POST /v1/automations/workflows/trigger/{id}}) in the server:
 * the workflow goes to Running at once, and to Successful or Failed with OM's TestConnectionResult
 * as its {@code response} when the test is over — no Airflow, no ingestion runner. Status and
 * response are outcomes and make no new version. A workflow that was running when its server
 * stopped stays Running; trigger it again.
 */
public final class Workflows {
  private static final Logger LOG = LoggerFactory.getLogger(Workflows.class);

  private final EntityServices<CreateWorkflow> workflows;
  private final ConnectionSecrets secrets;
  private final TestConnections tests;
  private final Json json;
  private final ExecutorService runner;
  private final String version;

  public Workflows(
      EntityServices<CreateWorkflow> workflows, ConnectionSecrets secrets, TestConnections tests, Json json, ExecutorService runner,
      String version) {
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
    running.put("response", null);
    workflows.repository().annotate(id, running);
    try {
      runner.execute(() -> run(id, workflow));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      finish(id, new TestConnectionResult(System.currentTimeMillis(), "Failed", java.util.List.of()));
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
      result = new TestConnectionResult(System.currentTimeMillis(), "Failed", java.util.List.of(
          new TestConnectionResult.Step("CheckAccess", true, false, "The test could not run: " + e.getMessage(), null)));
    }
    finish(id, result);
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
