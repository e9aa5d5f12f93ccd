package meridian.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * OM's {@code type/tagLabel.json}. {@code source}, {@code labelType} and {@code state} default to
 * Classification / Manual / Confirmed (spec §2.4) when the client leaves them out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TagLabel(
    String tagFQN,
    String name,
    String displayName,
    String description,
    JsonNode style,
    String source,
    String labelType,
    String state,
    String href,
    String reason,
    String appliedBy,
    Long appliedAt,
    JsonNode metadata) {

  public TagLabel withDefaults() {
    return new TagLabel(
        tagFQN,
        name,
        displayName,
        description,
        style,
        source == null ? "Classification" : source,
        labelType == null ? "Manual" : labelType,
        state == null ? "Confirmed" : state,
        href,
        reason,
        appliedBy,
        appliedAt,
        metadata);
  }
}
