package meridian.core.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import meridian.core.Json;
import meridian.core.Principal;
import meridian.core.engine.EntityServices;
import meridian.core.engine.Target;
import meridian.core.engine.read.Fields;
import meridian.core.errors.ApiException;
import meridian.model.Include;
import meridian.model.classification.CreateClassification;
import meridian.model.classification.CreateTag;
import meridian.model.teams.CreateTeam;
import meridian.model.users.CreateUser;

/**
 * What the first start of a catalog creates (contract §3; OM's seeds): the bootstrap admin and
 * ingestion bot, the Organization team at the root of every team, and the classifications PII and
 * Tier with their tags. Each is created only when absent, so every start and every replica may run
 * it; two replicas racing on one create both end with it (the loser's refusal is the wanted state).
 */
public final class Seed {
  public static final String ADMIN = "admin";
  public static final String INGESTION_BOT = "ingestion-bot";

  private final Json json;

  public Seed(Json json) {
    this.json = json;
  }

  public void users(EntityServices<CreateUser> users) {
    ensure(users, new CreateUser(ADMIN, "admin@meridian.local", "Admin", null, true, false, null, null, null));
    ensure(users, new CreateUser(INGESTION_BOT, "ingestion-bot@meridian.local", "Ingestion Bot", null, false, true, null, null, null));
  }

  public void governance(EntityServices<CreateTeam> teams, EntityServices<CreateClassification> classifications,
      EntityServices<CreateTag> tags) {
    JsonNode seed = read();
    JsonNode org = seed.get("organization");
    ensure(teams, new CreateTeam(org.get("name").asText(), org.get("displayName").asText(), org.get("description").asText(),
        org.get("teamType").asText(), null, null, null, null, null, null, null, null, null, null, null));
    for (JsonNode c : seed.get("classifications")) {
      String classification = c.get("name").asText();
      ensure(classifications, new CreateClassification(classification, null, c.get("description").asText(),
          c.get("mutuallyExclusive").asBoolean(), c.get("provider").asText(), null, null));
      for (JsonNode t : c.get("tags")) {
        ensure(tags, new CreateTag(t.get("name").asText(), null, t.get("description").asText(), classification, null, null, null,
            c.get("provider").asText(), null, null, null), classification + "." + t.get("name").asText());
      }
    }
  }

  private JsonNode read() {
    try (InputStream in = Seed.class.getResourceAsStream("/seed/governance.json")) {
      return json.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("the seed data is part of the build", e);
    }
  }

  private static <C> void ensure(EntityServices<C> services, C request) {
    ensure(services, request, null);
  }

  private static <C> void ensure(EntityServices<C> services, C request, String fqn) {
    String name = fqn != null ? fqn : services.repository().nameOf(request);
    if (services.queries().find(Target.byName(name), Include.ALL, Fields.NONE).isPresent()) {
      return;
    }
    try {
      services.repository().create(request, Principal.SYSTEM);
    } catch (ApiException e) {
      // A replica that lost the race may be refused with 409 or, where a kind's own rule sees the
      // winner first (one Organization), with 400: either way the wanted entity is there now.
      if (services.queries().find(Target.byName(name), Include.ALL, Fields.NONE).isEmpty()) {
        throw e;
      }
    }
  }
}
