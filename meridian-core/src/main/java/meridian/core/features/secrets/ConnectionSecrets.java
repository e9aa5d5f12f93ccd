package meridian.core.features.secrets;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import meridian.core.errors.ApiException;

/**
 * The one place where connection secrets are sealed, opened and masked (contract §4): sealed at
 * rest with the master key, {@code *********} to everyone but bots, and a mask sent back on a
 * write keeps the stored secret (OM issue #15169 cannot happen).
 */
public final class ConnectionSecrets {
  /** OM's mask, nine asterisks (spec §5). */
  public static final String MASK = "*********";

  private final ConnectionSchemas schemas;
  private final SecretCipher cipher;

  public ConnectionSecrets(ConnectionSchemas schemas, SecretCipher cipher) {
    this.schemas = schemas;
    this.cipher = cipher;
  }

  /**
   * The connection to store for a write: {@code requested} with its secrets sealed. A mask in
   * the request stands for the secret stored at the same place in {@code stored}; when the result
   * says the same as {@code stored}, {@code stored} itself is returned, so an unchanged secret
   * keeps its ciphertext and the write records no change.
   */
  public ObjectNode sealForWrite(String serviceType, ObjectNode requested, ObjectNode stored) {
    if (requested == null) {
      return null;
    }
    ObjectNode plain = requested.deepCopy();
    JsonNode config = plain.get("config");
    Set<String> secrets = schemas.secretPointers(serviceType, config);
    for (String pointer : secrets) {
      if (MASK.equals(config.at(pointer).asText())) {
        JsonNode kept = stored == null ? null : stored.path("config").at(pointer);
        if (kept == null || !kept.isTextual() || !SecretCipher.isSealed(kept.asText())) {
          throw ApiException.badRequest(
              "connection.config" + pointer.replace('/', '.') + " is the mask " + MASK
                  + " but no secret is stored there; send the secret itself");
        }
        set(config, pointer, TextNode.valueOf(cipher.open(kept.asText())));
      }
    }
    if (stored != null && plain.equals(openAll(stored))) {
      return stored;
    }
    for (String pointer : secrets) {
      set(config, pointer, TextNode.valueOf(cipher.seal(config.at(pointer).asText())));
    }
    return plain;
  }

  /** Whether {@code requested} sends the mask for any of its secrets (so that a stored connection stands behind it). */
  public boolean hasMask(String serviceType, ObjectNode requested) {
    JsonNode config = requested == null ? null : requested.get("config");
    if (config == null) {
      return false;
    }
    return schemas.secretPointers(serviceType, config).stream().anyMatch(pointer -> MASK.equals(config.at(pointer).asText()));
  }

  /**
   * {@code text} (a message about {@code config}) with every secret value of {@code config} put as
   * the mask, so that no message ever echoes one, whatever a library put into it.
   */
  public String withoutSecrets(String serviceType, JsonNode config, String text) {
    String out = text;
    for (String pointer : schemas.secretPointers(serviceType, config)) {
      String value = config.at(pointer).asText("");
      if (value.length() >= 3) {
        out = out.replace(value, MASK);
      }
    }
    return out;
  }

  /**
   * The config a test connects with, secrets in the clear: the request's, where a mask stands for
   * the secret stored at the same place in {@code stored} (OM's UI tests an edited service that way).
   * A mask with nothing stored behind it is a 400, as on a write. Never stored, never returned.
   */
  public ObjectNode plainConfig(String serviceType, ObjectNode requested, ObjectNode stored) {
    ObjectNode sealed = sealForWrite(serviceType, requested, stored);
    if (sealed == null) {
      return null;
    }
    JsonNode config = openAll(sealed).get("config");
    return config instanceof ObjectNode object ? object : null;
  }

  /** The stored connection's config with its secrets opened (for a test of a saved service). */
  public ObjectNode plainConfig(ObjectNode stored) {
    if (stored == null) {
      return null;
    }
    JsonNode config = openAll(stored).get("config");
    return config instanceof ObjectNode object ? object : null;
  }

  /** The connection as {@code bot} may see it: opened for bots, masked for everyone else. */
  public ObjectNode reveal(ObjectNode stored, boolean bot) {
    if (stored == null) {
      return null;
    }
    ObjectNode copy = stored.deepCopy();
    transformSealed(copy, value -> bot ? openOrMask(value) : MASK);
    return copy;
  }

  private ObjectNode openAll(ObjectNode stored) {
    ObjectNode copy = stored.deepCopy();
    transformSealed(copy, this::openOrMask);
    return copy;
  }

  private String openOrMask(String sealed) {
    try {
      return cipher.open(sealed);
    } catch (SecretCipher.WrongKeyException e) {
      return MASK;
    }
  }

  private static void transformSealed(JsonNode node, java.util.function.UnaryOperator<String> f) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isTextual() && SecretCipher.isSealed(field.getValue().asText())) {
          field.setValue(TextNode.valueOf(f.apply(field.getValue().asText())));
        } else {
          transformSealed(field.getValue(), f);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode item = array.get(i);
        if (item.isTextual() && SecretCipher.isSealed(item.asText())) {
          array.set(i, TextNode.valueOf(f.apply(item.asText())));
        } else {
          transformSealed(item, f);
        }
      }
    }
  }

  private static void set(JsonNode root, String pointer, JsonNode value) {
    JsonPointer path = JsonPointer.compile(pointer);
    JsonNode parent = root.at(path.head());
    String last = path.last().getMatchingProperty();
    if (parent instanceof ObjectNode object) {
      object.set(last, value);
    } else if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), value);
    }
  }
}
