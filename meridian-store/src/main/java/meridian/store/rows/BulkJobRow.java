package meridian.store.rows;

import java.util.UUID;

/**
 * An asynchronous bulk request; kept in the database so that every replica can answer for it,
 * with its request and the lease of the replica running it ({@code runner}, {@code heartbeatAt}),
 * so that another replica can take it over when that one dies.
 */
public record BulkJobRow(
    UUID id, String entityType, String status, String submittedBy, long createdAt, Long finishedAt, String result,
    String request, String runner, Long heartbeatAt) {}
