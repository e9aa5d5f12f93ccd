package meridian.tests.governance;

import static meridian.tests.governance.Governance.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import meridian.tests.Api;
import meridian.tests.ServerIT;
import org.junit.jupiter.api.Test;

/**
 * The seed's full example: a service with a team owner, a domain and classification tags, created
 * and read back with OM's shapes (it was a 404 before teams, domains and tags existed).
 */
class SeedExampleIT extends ServerIT {
  @Test
  void aServiceWithATeamOwnerADomainAndTagsIsCreatedAndReadBack() {
    assertThat(server.admin().post(Governance.TEAMS, "{\"name\":\"data_platform\",\"teamType\":\"Group\"}").status()).isEqualTo(201);
    assertThat(server.admin().post(Governance.DOMAINS,
        "{\"name\":\"Sales\",\"domainType\":\"Source-aligned\",\"description\":\"Sales data\"}").status()).isEqualTo(201);
    String body = """
        {"name": "snowflake_prod", "serviceType": "Snowflake", "description": "Production warehouse",
         "owners": [{"name": "data_platform", "type": "team"}],
         "domain": "Sales",
         "tags": [{"tagFQN": "Tier.Tier1"}, {"tagFQN": "PII.Sensitive"}],
         "connection": {"config": {"type": "Snowflake", "username": "etl", "password": "hunter2", "account": "acme", "warehouse": "wh"}}}
        """;
    Api.Response created = server.admin().post(SERVICES, body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode read = server.admin().get(SERVICES + "/name/snowflake_prod?fields=owners,domains,domain,tags").json();
    assertThat(read.at("/owners/0/type").asText()).isEqualTo("team");
    assertThat(read.at("/owners/0/name").asText()).isEqualTo("data_platform");
    assertThat(read.at("/owners/0/href").asText()).contains("/api/v1/teams/");
    assertThat(read.at("/domains/0/fullyQualifiedName").asText()).isEqualTo("Sales");
    assertThat(read.at("/domain/name").asText()).isEqualTo("Sales");
    assertThat(read.at("/tags/0/tagFQN").asText()).isEqualTo("PII.Sensitive");
    assertThat(read.at("/tags/1/tagFQN").asText()).isEqualTo("Tier.Tier1");
    assertThat(read.at("/tags/1/labelType").asText()).isEqualTo("Manual");
    assertThat(read.at("/connection/config/password").asText()).isEqualTo("*********");
  }
}
