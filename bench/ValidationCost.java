import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import meridian.core.features.secrets.ConnectionSchemas;
import meridian.core.features.validation.ConnectionValidator;

/**
 * What checking a connection config against OM's schema costs per request, in this JVM on this
 * machine: the validator the server uses, on realistic configs, after warming up.
 *
 *   mvn -B -DskipTests package && bench/validation-cost.sh
 */
public class ValidationCost {
  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ConnectionValidator validator = new ConnectionValidator(new ConnectionSchemas(mapper), mapper);
    String[][] configs = {
      {"Postgres", "{\"type\":\"Postgres\",\"hostPort\":\"db:5432\",\"username\":\"meta\",\"authType\":{\"password\":\"x\"},\"database\":\"analytics\"}"},
      {"Snowflake", "{\"type\":\"Snowflake\",\"username\":\"etl\",\"password\":\"p\",\"account\":\"acme\",\"warehouse\":\"wh\",\"role\":\"SYSADMIN\"}"},
      {"BigQuery", "{\"type\":\"BigQuery\",\"credentials\":{\"gcpConfig\":{\"type\":\"service_account\",\"projectId\":\"p\",\"privateKeyId\":\"k\","
          + "\"privateKey\":\"pk\",\"clientEmail\":\"a@b.c\",\"clientId\":\"1\",\"authUri\":\"https://accounts.google.com/o/oauth2/auth\","
          + "\"tokenUri\":\"https://oauth2.googleapis.com/token\",\"authProviderX509CertUrl\":\"https://www.googleapis.com/oauth2/v1/certs\","
          + "\"clientX509CertUrl\":\"https://x\"}}}"},
    };
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    for (String[] config : configs) {
      JsonNode node = mapper.readTree(config[1]);
      long first = System.nanoTime();
      validator.check(config[0], node);
      long compile = System.nanoTime() - first;
      for (int i = 0; i < rounds; i++) {
        validator.check(config[0], node);
      }
      long start = System.nanoTime();
      for (int i = 0; i < rounds; i++) {
        if (!validator.check(config[0], node).isEmpty()) {
          throw new IllegalStateException(config[0] + " should be valid");
        }
      }
      double micros = (System.nanoTime() - start) / 1e3 / rounds;
      System.out.printf("%-10s first check (compiles the schema) %7.1f ms, then %6.1f µs per check%n", config[0], compile / 1e6, micros);
    }
  }
}
