package meridian.store.rows;

import java.util.UUID;

/**
 * One tag applied to one entity, or to one part of it ({@code fieldHash}: a column; "" for the
 * entity), with the label's attributes (OM's TagLabel source, labelType, state).
 */
public record TagUsageRow(UUID targetId, String targetType, String fieldHash, UUID tagId, String source, String labelType, String state) {}
