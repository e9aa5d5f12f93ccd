package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./meridian rotate-secret-key} (issue 9, §2): every stored secret — current connections,
 * their history, the token-signing key — is re-sealed under the new key in one go; the bot still
 * reads every secret afterwards, the old key alone opens nothing, and the command refuses to run
 * beside a server.
 */
class KeyRotationIT {
  static final String PATH = "/api/v1/services/databaseServices";
  static final Pattern SEALED = Pattern.compile("meridian:v(\\d):([0-9a-f]{16}:)?");
  @TempDir Path dir;

  private static MainProcess.Result cli(String... args) throws Exception {
    return MainProcess.run(args);
  }

  @Test
  void everySecretIsResealedUnderTheNewKeyAndTheOldOneOpensNothing() throws Exception {
    Path data = dir.resolve("data");
    String snowflake = Fixtures.uniqueName("rotated");
    String postgres = Fixtures.uniqueName("rotatedpg");
    String snowflakeId;
    List<String> before;
    try (TestServer server = TestServer.on(data, null)) {
      snowflakeId = server.admin().post(PATH, Fixtures.snowflake(snowflake).toString()).json().get("id").asText();
      server.admin().post(PATH, Fixtures.postgres(postgres).toString());
      ObjectNode changed = Fixtures.snowflake(snowflake);
      ((ObjectNode) changed.at("/connection/config")).put("password", "second-password");
      assertThat(server.admin().put(PATH, changed.toString()).json().get("version").asDouble()).isEqualTo(0.2);

      MainProcess.Result beside = cli("rotate-secret-key", "--data-dir", data.toString(), "--new-key-file", newKey().toString());
      assertThat(beside.exit()).as(beside.err()).isEqualTo(2);
      assertThat(beside.err().strip()).startsWith("meridian: rotate-secret-key: a server is running on the store").doesNotContain("\n");
      before = StoreDump.of(server);
    }
    Path oldKey = dir.resolve("old.key");
    Files.copy(data.resolve("secret.key"), oldKey);
    String oldKeyId = keyIds(String.join("\n", before)).get(0);

    MainProcess.Result rotated = cli("rotate-secret-key", "--data-dir", data.toString(), "--new-key-file", newKey().toString());
    assertThat(rotated.exit()).as(rotated.err()).isZero();
    assertThat(rotated.out()).matches("(?s)meridian: re-sealed \\d+ secret\\(s\\) in \\d+ row\\(s\\) under key [0-9a-f]{16} \\(was "
        + oldKeyId + "\\); .*secret.key now holds the new key\\s*");
    assertThat(Files.readString(data.resolve("secret.key"))).isEqualTo(Files.readString(newKey()));

    try (TestServer server = TestServer.on(data, null)) {
      String dump = String.join("\n", StoreDump.of(server));
      List<String> ids = keyIds(dump);
      assertThat(ids).isNotEmpty().doesNotContain(oldKeyId);
      assertThat(ids.stream().distinct()).hasSize(1);
      assertThat(dump).doesNotContain("s3cret-" + snowflake).doesNotContain("second-password").doesNotContain("pg-" + postgres);

      JsonNode current = server.bot().get(PATH + "/name/" + snowflake).json();
      assertThat(current.at("/connection/config/password").asText()).isEqualTo("second-password");
      JsonNode old = server.bot().get(PATH + "/" + snowflakeId + "/versions/0.1").json();
      assertThat(old.at("/connection/config/password").asText()).isEqualTo("s3cret-" + snowflake);
      assertThat(server.bot().get(PATH + "/name/" + postgres).json().at("/connection/config/authType/password").asText())
          .isEqualTo("pg-" + postgres);
      assertThat(server.admin().get(PATH + "/name/" + postgres).json().at("/connection/config/authType/password").asText())
          .isEqualTo("*********");
    }

    MainProcess.Result withOldKey = cli("token", "--data-dir", data.toString(), "--secret-key-file", oldKey.toString(), "--user", "admin");
    assertThat(withOldKey.exit()).isEqualTo(2);
    assertThat(withOldKey.err()).contains("is not the key this catalog's secrets were sealed with");

    MainProcess.Result again = cli("rotate-secret-key", "--data-dir", data.toString(), "--new-key-file", newKey().toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).as("a second run finds nothing left to do").startsWith("meridian: re-sealed 0 secret(s) in 0 row(s)");
  }

  private Path newKey() throws Exception {
    Path key = dir.resolve("new.key");
    if (!Files.exists(key)) {
      Files.writeString(key, "a-brand-new-master-key-of-enough-bytes\n");
    }
    return key;
  }

  private static List<String> keyIds(String dump) {
    List<String> ids = new ArrayList<>();
    Matcher m = SEALED.matcher(dump);
    while (m.find()) {
      assertThat(m.group(1)).as("every value has the format with a key id").isEqualTo("2");
      ids.add(m.group(2).substring(0, 16));
    }
    return ids;
  }
}
