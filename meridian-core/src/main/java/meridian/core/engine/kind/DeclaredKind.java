package meridian.core.engine.kind;

import java.util.List;
import java.util.Set;
import meridian.core.engine.relations.RelationField;

/**
 * The declarations every kind makes, given once to the constructor: names, table, request type,
 * its own fields, its relation fields, the {@code fields=} names and what a write echoes. A kind
 * then overrides only the hooks where it differs.
 */
public abstract class DeclaredKind<C> implements EntityKind<C> {
  /** A kind's names: OM's entity type, its collection under {@code /api/v1}, its table. */
  public record Identity(String entityType, String collectionPath, String table) {}

  private final Identity names;
  private final Class<C> requestType;
  private final List<Field> fields;
  private final List<RelationField> relations;
  private final Set<String> fieldNames;
  private final Set<String> echoed;

  protected DeclaredKind(
      Identity names, Class<C> requestType, List<Field> fields, List<RelationField> relations, Set<String> fieldNames,
      Set<String> echoed) {
    this.names = names;
    this.requestType = requestType;
    this.fields = List.copyOf(fields);
    this.relations = List.copyOf(relations);
    this.fieldNames = Set.copyOf(fieldNames);
    this.echoed = Set.copyOf(echoed);
  }

  @Override
  public final String entityType() {
    return names.entityType();
  }

  @Override
  public final String collectionPath() {
    return names.collectionPath();
  }

  @Override
  public final String table() {
    return names.table();
  }

  @Override
  public final Class<C> requestType() {
    return requestType;
  }

  @Override
  public final List<Field> fields() {
    return fields;
  }

  @Override
  public final List<RelationField> relations() {
    return relations;
  }

  @Override
  public final Set<String> fieldNames() {
    return fieldNames;
  }

  @Override
  public final Set<String> echoedFields() {
    return echoed;
  }
}
