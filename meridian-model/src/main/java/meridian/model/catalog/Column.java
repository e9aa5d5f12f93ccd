package meridian.model.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import meridian.model.TagLabel;

/**
 * OM's {@code entity/data/table.json#/definitions/column} (catalog spec §2.7). {@code dataType} and
 * {@code arrayDataType} stay strings so that an unknown value gets a message naming the column.
 * {@code fullyQualifiedName} is the server's to compute; a client's value is replaced.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Column(
    String name,
    String displayName,
    String dataType,
    String arrayDataType,
    Integer dataLength,
    Integer precision,
    Integer scale,
    String dataTypeDisplay,
    String description,
    String fullyQualifiedName,
    List<TagLabel> tags,
    String constraint,
    Integer ordinalPosition,
    String jsonSchema,
    List<Column> children,
    JsonNode profile,
    JsonNode customMetrics,
    JsonNode extension) {}
