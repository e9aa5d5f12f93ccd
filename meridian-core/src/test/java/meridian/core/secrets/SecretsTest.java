package meridian.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import meridian.core.Json;
import meridian.core.errors.ApiException;
import meridian.core.features.secrets.ConnectionSchemas;
import meridian.core.features.secrets.ConnectionSecrets;
import meridian.core.features.secrets.Hkdf;
import meridian.core.features.secrets.MasterKey;
import meridian.core.features.secrets.SecretCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
  static final Json JSON = new Json();
  static final MasterKey KEY = MasterKey.fromBytes("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

  @Test
  void hkdfMatchesRfc5869() {
    HexFormat hex = HexFormat.of();
    byte[] okm1 = Hkdf.derive(hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), hex.parseHex("000102030405060708090a0b0c"),
        hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
    assertThat(hex.formatHex(okm1))
        .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    byte[] okm3 = Hkdf.derive(hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), new byte[0], new byte[0], 42);
    assertThat(hex.formatHex(okm3))
        .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  }

  @Test
  void sealedValuesOpenOnlyWithTheirKeyAndPurpose() {
    SecretCipher cipher = new SecretCipher(KEY, "connection-secrets");
    String sealed = cipher.seal("hunter2");
    assertThat(sealed).startsWith(SecretCipher.PREFIX).doesNotContain("hunter2");
    assertThat(cipher.seal("hunter2")).isNotEqualTo(sealed);
    assertThat(cipher.open(sealed)).isEqualTo("hunter2");
    assertThat(SecretCipher.isSealed(sealed)).isTrue();
    assertThat(SecretCipher.isSealed("hunter2")).isFalse();
    assertThatThrownBy(() -> new SecretCipher(KEY, "other-purpose").open(sealed)).isInstanceOf(SecretCipher.WrongKeyException.class);
    MasterKey other = MasterKey.fromBytes("another-key-another-key-another-key".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> new SecretCipher(other, "connection-secrets").open(sealed)).isInstanceOf(SecretCipher.WrongKeyException.class);
    String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "BB" : "AA");
    assertThatThrownBy(() -> cipher.open(tampered)).isInstanceOf(SecretCipher.WrongKeyException.class);
  }

  @Test
  void theKeyFileNeeds32BytesAndIsCreatedPrivate(@TempDir Path dir) throws Exception {
    Path shortKey = dir.resolve("short.key");
    Files.writeString(shortKey, "x".repeat(31) + "\n");
    assertThatThrownBy(() -> MasterKey.load(shortKey)).hasMessageContaining("short.key").hasMessageContaining("at least 32");
    Files.writeString(shortKey, "x".repeat(32) + "\n");
    MasterKey.load(shortKey);

    Path created = dir.resolve("sub").resolve("secret.key");
    MasterKey first = MasterKey.loadOrCreate(created);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rw-------");
    MasterKey second = MasterKey.loadOrCreate(created);
    String sealed = new SecretCipher(first, "p").seal("same key");
    assertThat(new SecretCipher(second, "p").open(sealed)).isEqualTo("same key");
  }

  @Test
  void schemasNameTheSecretFieldsOfEachType() throws Exception {
    ConnectionSchemas schemas = new ConnectionSchemas(JSON.mapper());
    assertThat(schemas.secretPointers("Snowflake", JSON.mapper().readTree(
        "{\"username\":\"u\",\"password\":\"p\",\"account\":\"a\",\"warehouse\":\"w\",\"privateKey\":\"k\"}")))
        .containsExactlyInAnyOrder("/password", "/privateKey");
    assertThat(schemas.secretPointers("Postgres", JSON.mapper().readTree(
        "{\"username\":\"u\",\"authType\":{\"password\":\"p\"},\"hostPort\":\"h:1\"}")))
        .containsExactly("/authType/password");
    assertThat(schemas.secretPointers("Mysql", JSON.mapper().readTree("{\"username\":\"u\",\"authType\":{\"password\":\"p\"}}")))
        .containsExactly("/authType/password");
    assertThat(schemas.secretPointers("BigQuery", JSON.mapper().readTree(
        "{\"credentials\":{\"gcpConfig\":{\"type\":\"service_account\",\"privateKey\":\"pk\",\"privateKeyId\":\"id\",\"clientEmail\":\"e\"}}}")))
        .contains("/credentials/gcpConfig/privateKey");
    assertThat(schemas.schemaFor("Teradata")).isEmpty();
    assertThat(schemas.secretPointers("Teradata", JSON.mapper().readTree("{\"username\":\"u\",\"password\":\"p\",\"apiToken\":\"t\"}")))
        .containsExactlyInAnyOrder("/password", "/apiToken");
    assertThat(schemas.secretPointers("Mysql", JSON.mapper().readTree("\"not an object\""))).isEmpty();
  }

  @Test
  void connectionSecretsSealMaskAndKeep() throws Exception {
    ConnectionSecrets secrets = new ConnectionSecrets(new ConnectionSchemas(JSON.mapper()), new SecretCipher(KEY, "connection-secrets"));
    ObjectNode request = (ObjectNode) JSON.mapper().readTree(
        "{\"config\":{\"type\":\"Snowflake\",\"username\":\"u\",\"password\":\"p1\",\"account\":\"a\",\"warehouse\":\"w\"}}");
    ObjectNode stored = secrets.sealForWrite("Snowflake", request, null);
    assertThat(stored.at("/config/password").asText()).startsWith(SecretCipher.PREFIX);
    assertThat(stored.at("/config/username").asText()).isEqualTo("u");
    assertThat(secrets.reveal(stored, false).at("/config/password").asText()).isEqualTo(ConnectionSecrets.MASK);
    assertThat(secrets.reveal(stored, true).at("/config/password").asText()).isEqualTo("p1");

    ObjectNode masked = request.deepCopy();
    ((ObjectNode) masked.get("config")).put("password", ConnectionSecrets.MASK);
    assertThat(secrets.sealForWrite("Snowflake", masked, stored)).isSameAs(stored);
    assertThat(secrets.sealForWrite("Snowflake", request, stored)).as("same plaintext").isSameAs(stored);
    ((ObjectNode) masked.get("config")).put("warehouse", "w2");
    ObjectNode changed = secrets.sealForWrite("Snowflake", masked, stored);
    assertThat(changed).isNotSameAs(stored);
    assertThat(secrets.reveal(changed, true).at("/config/password").asText()).isEqualTo("p1");
    assertThatThrownBy(() -> secrets.sealForWrite("Snowflake", masked, null))
        .isInstanceOf(ApiException.class).hasMessageContaining("connection.config.password");
  }
}
