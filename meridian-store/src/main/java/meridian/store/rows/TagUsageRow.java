package meridian.store.rows;

import java.util.UUID;

/** One tag applied to one entity, with the label's attributes (OM's TagLabel source, labelType, state). */
public record TagUsageRow(UUID targetId, String targetType, UUID tagId, String source, String labelType, String state) {}
