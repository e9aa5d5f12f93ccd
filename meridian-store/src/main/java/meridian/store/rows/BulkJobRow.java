package meridian.store.rows;

import java.util.UUID;

/** An asynchronous bulk request; kept in the database so that every replica can answer for it. */
public record BulkJobRow(
    UUID id, String entityType, String status, String submittedBy, long createdAt, Long finishedAt, String result) {}
