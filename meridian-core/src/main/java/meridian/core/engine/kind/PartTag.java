package meridian.core.engine.kind;

/**
 * A tag on a part of an entity (a table's column), as the kind's document holds it: the part's path
 * in the entity ({@code c2.b}), the tag's FQN and the label's own attributes.
 */
public record PartTag(String part, String tagFQN, String source, String labelType, String state) {}
