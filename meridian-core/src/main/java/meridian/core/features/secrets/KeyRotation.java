package meridian.core.features.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import meridian.core.Json;
import meridian.core.engine.store.Rewrites;
import meridian.core.features.auth.TokenService;

/**
 * Re-seals every stored secret under a new master key, in one transaction: the connection secrets
 * of every entity and of every stored version, and the token-signing key. Either all of it is
 * under the new key afterwards or, if anything fails, nothing changed. A value already under the
 * new key is left as it is, so a rotation that was interrupted can be run again.
 */
public final class KeyRotation {
  /** What a rotation did. */
  public record Result(int values, int rows, String oldKeyId, String newKeyId) {}

  /** A stored value under neither key: the store was sealed with a third one. */
  public static final class ForeignKeyException extends RuntimeException {
    public ForeignKeyException(String where, String keyId) {
      super(where + " is sealed under key " + keyId + ", which is neither the current key nor the new one", null, false, false);
    }
  }

  private final Rewrites store;
  private final Json json;
  private final SecretCipher oldConnections;
  private final SecretCipher newConnections;
  private final SecretCipher oldSigning;
  private final SecretCipher newSigning;

  public KeyRotation(Rewrites store, Json json, MasterKey oldKey, MasterKey newKey) {
    this.store = store;
    this.json = json;
    this.oldConnections = new SecretCipher(oldKey, SecretCipher.CONNECTIONS);
    this.newConnections = new SecretCipher(newKey, SecretCipher.CONNECTIONS);
    this.oldSigning = new SecretCipher(oldKey, SecretCipher.TOKEN_SIGNING);
    this.newSigning = new SecretCipher(newKey, SecretCipher.TOKEN_SIGNING);
  }

  public Result rotate() {
    int[] values = {0};
    int rows = store.rewriteAll((text, where) -> {
      JsonNode doc = json.readStored(text);
      int resealed = reseal(doc, oldConnections, newConnections, where);
      values[0] += resealed;
      return resealed > 0 ? json.write(doc) : null;
    }, (name, value) -> {
      boolean signing = name.equals(TokenService.KEY_NAME);
      String next = resealOne(value, signing ? oldSigning : oldConnections, signing ? newSigning : newConnections, "the server secret " + name);
      if (next != null) {
        values[0]++;
      }
      return next;
    });
    return new Result(values[0], rows, oldConnections.keyId(), newConnections.keyId());
  }

  /** Re-seals every sealed string inside {@code node}, in place; how many. */
  private static int reseal(JsonNode node, SecretCipher from, SecretCipher to, String where) {
    int count = 0;
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String next = field.getValue().isTextual() ? resealOne(field.getValue().asText(), from, to, where) : null;
        if (next != null) {
          field.setValue(TextNode.valueOf(next));
          count++;
        } else {
          count += reseal(field.getValue(), from, to, where);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String next = array.get(i).isTextual() ? resealOne(array.get(i).asText(), from, to, where) : null;
        if (next != null) {
          array.set(i, TextNode.valueOf(next));
          count++;
        } else {
          count += reseal(array.get(i), from, to, where);
        }
      }
    }
    return count;
  }

  /** The value under the new key; null when it is no sealed value or is under the new key already. */
  private static String resealOne(String value, SecretCipher from, SecretCipher to, String where) {
    if (!SecretCipher.isSealed(value)) {
      return null;
    }
    String keyId = SecretCipher.keyIdOf(value);
    if (to.keyId().equals(keyId)) {
      return null;
    }
    if (keyId != null && !from.keyId().equals(keyId)) {
      throw new ForeignKeyException(where, keyId);
    }
    return to.seal(from.open(value));
  }

}
