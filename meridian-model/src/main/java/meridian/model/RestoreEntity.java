package meridian.model;

import java.util.UUID;

/** OM's {@code api/data/restoreEntity.json}: the body of {@code PUT …/restore} (spec §2.9). */
public record RestoreEntity(UUID id) {}
