package meridian.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import meridian.core.errors.ApiException;

/**
 * Strict decoding of request bodies. Malformed JSON is OM's plain {@code Invalid request format};
 * well-formed JSON that does not fit the request type gets the same prefix plus the field and the
 * rule, so that a client can see what to fix.
 */
public final class RequestReader {
  public static final String INVALID = "Invalid request format";
  /** The largest body a single entity's request may have, and so the largest item of a bulk request (contract §6). */
  public static final int MAX_ENTITY_BYTES = 16 * 1024 * 1024;
  /**
   * The deepest a request may nest objects and arrays. OM's deepest request (a connection config
   * with its auth and SSL members) is under ten levels; a hundred leaves room and keeps every
   * recursive walk of a stored document far from the stack's end.
   */
  public static final int MAX_DEPTH = 100;

  private final Json json;

  public RequestReader(Json json) {
    this.json = json;
  }

  /** Parses a body into a tree; 400 {@code Invalid request format} when it is not JSON. */
  public JsonNode tree(byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest(INVALID + ": the request body is empty");
    }
    try {
      JsonNode node = json.mapper().readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badRequest(INVALID + ": the request body is empty");
      }
      return node;
    } catch (StreamConstraintsException e) {
      // Jackson's own limits (nesting depth, string and number lengths): say which one.
      String rule = String.valueOf(e.getOriginalMessage());
      int from = rule.indexOf(", from `");
      throw ApiException.badRequest(INVALID + ": " + (from < 0 ? rule : rule.substring(0, from) + ")"));
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(INVALID);
    } catch (java.io.IOException e) {
      throw ApiException.badRequest(INVALID);
    }
  }

  public <T> T read(byte[] body, Class<T> type) {
    return read(tree(body), type);
  }

  /** Maps a tree onto {@code type}; 400 naming the field and the rule when it does not fit. */
  public <T> T read(JsonNode node, Class<T> type) {
    if (!node.isObject()) {
      throw ApiException.badRequest(INVALID + ": the body must be a JSON object");
    }
    if (deeperThan(node, MAX_DEPTH)) {
      throw ApiException.badRequest(INVALID + ": the request nests objects and arrays deeper than " + MAX_DEPTH + " levels");
    }
    try {
      return json.mapper().treeToValue(node, type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.badRequest(INVALID + ": field \"" + path(e) + "\" is not allowed (additionalProperties: false)");
    } catch (InvalidFormatException e) {
      throw ApiException.badRequest(
          INVALID + ": field \"" + path(e) + "\" must be " + describe(e.getTargetType()) + ", not "
              + Names.abbreviate(String.valueOf(e.getValue())));
    } catch (MismatchedInputException e) {
      throw ApiException.badRequest(INVALID + ": field \"" + path(e) + "\" must be " + describe(e.getTargetType()));
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(INVALID);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(INVALID);
    }
  }

  /** Whether {@code node} nests containers more than {@code levels} deep; stops as soon as it does. */
  static boolean deeperThan(JsonNode node, int levels) {
    if (!node.isContainerNode()) {
      return false;
    }
    if (levels == 0) {
      return true;
    }
    for (JsonNode child : node) {
      if (deeperThan(child, levels - 1)) {
        return true;
      }
    }
    return false;
  }

  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.isEmpty() ? "(body)" : out.toString();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (type == UUID.class) {
      return "a UUID";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray() || type == List.class) {
      return "an array";
    }
    return "an object";
  }
}
