package meridian.core.engine.kind;

/**
 * A member of a parent's response that lists its children of one kind when {@code fields} asks for
 * it (a database's {@code databaseSchemas}, a schema's {@code tables}): EntityReferences read from
 * the children's parent index, live ones only unless the read includes deleted ones.
 */
public record ChildList(String member, String childKind) {}
