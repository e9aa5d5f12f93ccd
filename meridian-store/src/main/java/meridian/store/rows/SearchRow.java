package meridian.store.rows;

import java.util.UUID;

/**
 * One entity as search finds it: its tokens per field, each field a space-separated list that
 * starts and ends with a space (so a token is matched with {@code LIKE '% token %'}), and the values
 * a search filters and counts by. Null values are stored as SQL NULL.
 */
public record SearchRow(
    UUID id,
    String entityType,
    boolean deleted,
    String nameKey,
    String service,
    String serviceType,
    String database,
    String schema,
    long updatedAt,
    String nameTokens,
    String displayTokens,
    String columnTokens,
    String descriptionTokens) {}
