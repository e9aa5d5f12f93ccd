package meridian.model;

/** Values of the {@code X-OpenMetadata-Change} response header (spec §1.3). */
public enum ChangeType {
  ENTITY_CREATED("entityCreated"),
  ENTITY_UPDATED("entityUpdated"),
  ENTITY_NO_CHANGE("entityNoChange"),
  ENTITY_FIELDS_CHANGED("entityFieldsChanged"),
  ENTITY_SOFT_DELETED("entitySoftDeleted"),
  ENTITY_DELETED("entityDeleted"),
  ENTITY_RESTORED("entityRestored");

  private final String header;

  ChangeType(String header) {
    this.header = header;
  }

  public String header() {
    return header;
  }
}
