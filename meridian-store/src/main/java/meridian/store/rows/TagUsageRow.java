package meridian.store.rows;

import java.util.UUID;

/** One tag label on one entity; {@code position} keeps the order the client gave. */
public record TagUsageRow(UUID targetId, String targetType, String tagFqn, int position, String labelJson) {}
