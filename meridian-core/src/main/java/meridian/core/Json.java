package meridian.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration of the server: strict on input (unknown fields, duplicate keys,
 * numbers for strings and trailing tokens are errors, as OM's {@code additionalProperties:
 * false} schemas demand), compact on output.
 */
public final class Json {
  /** The longest string a body may hold: what the largest body (a 64 MiB bulk request) can carry. */
  static final int MAX_STRING_CHARS = 64 * 1024 * 1024;

  private final ObjectMapper mapper;
  /** For what the server wrote itself: no duplicate keys to look for (a request's check costs a large document a tenth of its parse). */
  private final com.fasterxml.jackson.databind.ObjectReader stored;

  public Json() {
    // Jackson's own cap on one string (20,000,000 chars by default) would refuse a whole bulk body
    // for one oversized item; the body limits bound every string already, and an item too large to
    // be an entity fails alone (BulkService).
    com.fasterxml.jackson.core.JsonFactory factory = com.fasterxml.jackson.core.JsonFactory.builder()
        .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS).build())
        .build();
    JsonMapper m =
        JsonMapper.builder(factory)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();
    // "name": 12 must not silently become "12", nor "isAdmin": "yes" a boolean.
    m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Collection).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.POJO).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    this.mapper = m;
    this.stored = m.reader().without(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public ObjectNode object() {
    return mapper.createObjectNode();
  }

  public String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] writeBytes(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a document the server itself wrote (stored JSON); a failure here is a server bug. */
  public ObjectNode readStored(String text) {
    try {
      return (ObjectNode) stored.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is not readable", e);
    }
  }

  /** Reads any JSON the server itself stored (a job's request); a failure here is a server bug. */
  public JsonNode readTree(String text) {
    try {
      return stored.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is not readable", e);
    }
  }

  public JsonNode tree(Object value) {
    return mapper.valueToTree(value);
  }

  public <T> T convert(JsonNode node, Class<T> type) {
    try {
      return mapper.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
