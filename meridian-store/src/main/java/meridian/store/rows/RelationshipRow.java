package meridian.store.rows;

import java.util.UUID;

/** One edge: {@code from} relates to {@code to} by {@code relation} (e.g. a user OWNS a service). */
public record RelationshipRow(UUID fromId, String fromType, UUID toId, String toType, String relation) {}
