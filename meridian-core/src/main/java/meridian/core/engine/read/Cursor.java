package meridian.core.engine.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import meridian.core.Json;
import meridian.core.Names;
import meridian.core.errors.ApiException;

/**
 * A list cursor: the (name, id) key of an entity, as OM writes it — base64url of
 * {@code {"name": …, "id": …}} (spec §3.1). Clients treat it as opaque.
 */
record Cursor(String name, String id) {
  static final Cursor START = new Cursor("", "");

  String encode(Json json) {
    var node = json.object().put("name", name).put("id", id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.write(node).getBytes(StandardCharsets.UTF_8));
  }

  static Cursor decode(String param, String value, Json json) {
    try {
      JsonNode node = json.mapper().readTree(Base64.getUrlDecoder().decode(value));
      if (node != null && node.path("name").isTextual() && node.path("id").isTextual()) {
        return new Cursor(node.get("name").asText(), node.get("id").asText());
      }
    } catch (IllegalArgumentException | java.io.IOException e) {
      // Falls through to the 400 below.
    }
    throw ApiException.badRequest("query param " + param + " is not a cursor this server gave out: " + Names.abbreviate(value));
  }
}
