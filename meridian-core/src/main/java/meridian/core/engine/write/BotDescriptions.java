package meridian.core.engine.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The descriptions a bot's last PUT sent, kept in the stored document and never shown: an entity's
 * own under {@code ""}, a column's under its path of names. A bot's PUT does not overwrite a
 * description people wrote, but it does update one that is still what a bot sent (ingestion spec:
 * "a source comment fills an empty description and updates one that came from the source").
 */
public final class BotDescriptions {
  /** The stored member; {@link meridian.core.engine.read.EntityView} never renders it. */
  public static final String MEMBER = "botDescriptions";

  /** The key of the entity's own description. */
  public static final String ENTITY = "";

  private BotDescriptions() {}

  /** Whether {@code stored} (a non-empty description) is what a bot last sent for {@code path} of {@code doc}. */
  public static boolean sentByBot(JsonNode doc, String path, String stored) {
    JsonNode sent = doc == null ? null : doc.path(MEMBER).get(path);
    return sent != null && sent.isTextual() && sent.asText().equals(stored);
  }

  /** Whether a PUT of {@code principal} leaves the stored description of {@code path} as it is. */
  public static boolean keeps(meridian.core.Principal principal, JsonNode doc, String path, JsonNode stored) {
    String text = stored == null ? "" : stored.asText("");
    return principal.keepsCurated() && !text.isEmpty() && !sentByBot(doc, path, text);
  }

  /** Starts the record of what this bot PUT sends (the previous record goes). */
  public static void reset(ObjectNode next) {
    next.remove(MEMBER);
  }

  /** Records that this bot PUT sent {@code description} for {@code path} (nothing when it sent none). */
  public static void record(ObjectNode next, String path, JsonNode description) {
    if (description != null && description.isTextual() && !description.asText().isEmpty()) {
      JsonNode member = next.get(MEMBER);
      ObjectNode record = member instanceof ObjectNode o ? o : next.putObject(MEMBER);
      record.set(path, description);
    }
  }
}
