package meridian.model.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * OM's {@code tableConstraint} (catalog spec §2.9): {@code columns} are this table's column names,
 * {@code referredColumns} column FQNs of another table (a foreign key).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableConstraint(String constraintType, List<String> columns, List<String> referredColumns, String relationshipType) {}
