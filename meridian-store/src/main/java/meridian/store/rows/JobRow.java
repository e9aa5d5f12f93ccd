package meridian.store.rows;

import java.util.UUID;

/**
 * One piece of long work (a bulk upsert, a recursive delete or restore), kept in the store so that
 * every replica can report on it: its kind, what it works on, its state and progress ({@code done}
 * of {@code total}), the request it was given (to run it again elsewhere), its result, and the lease
 * of the replica running it ({@code runner}, {@code heartbeatAt}).
 */
public record JobRow(
    UUID id, String kind, String entityType, UUID targetId, String state, String submittedBy, long createdAt, Long finishedAt,
    long done, long total, String request, String result, String runner, Long heartbeatAt) {}
