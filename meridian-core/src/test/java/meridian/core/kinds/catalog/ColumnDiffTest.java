package meridian.core.kinds.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import meridian.model.FieldChange;
import org.junit.jupiter.api.Test;

/** OM's column rules (catalog spec §5.4) as change records and major flags, column by column. */
class ColumnDiffTest {
  static final ObjectMapper JSON = new ObjectMapper();

  record Result(List<FieldChange> added, List<FieldChange> updated, List<FieldChange> deleted, boolean major) {
    List<String> names(List<FieldChange> list) {
      return list.stream().map(FieldChange::name).toList();
    }
  }

  private static Result diff(String before, String after) throws Exception {
    List<FieldChange> added = new ArrayList<>();
    List<FieldChange> updated = new ArrayList<>();
    List<FieldChange> deleted = new ArrayList<>();
    JsonNode a = before == null ? null : JSON.readTree(before);
    JsonNode b = after == null ? null : JSON.readTree(after);
    boolean major = new ColumnDiff().diff(a, b, added, updated, deleted);
    return new Result(added, updated, deleted, major);
  }

  @Test
  void columnsMatchByNameIgnoringCaseTypeAndArrayType() throws Exception {
    Result same = diff("[{\"name\":\"c1\",\"dataType\":\"INT\",\"ordinalPosition\":1}]", "[{\"name\":\"C1\",\"dataType\":\"INT\",\"ordinalPosition\":9}]");
    assertThat(same.added()).isEmpty();
    assertThat(same.updated()).isEmpty();
    assertThat(same.deleted()).isEmpty();
    assertThat(same.major()).isFalse();
    Result retyped = diff("[{\"name\":\"c1\",\"dataType\":\"INT\"}]", "[{\"name\":\"c1\",\"dataType\":\"BIGINT\"}]");
    assertThat(retyped.names(retyped.added())).containsExactly("columns");
    assertThat(retyped.names(retyped.deleted())).containsExactly("columns");
    assertThat(retyped.major()).isTrue();
    Result array = diff("[{\"name\":\"a\",\"dataType\":\"ARRAY\",\"arrayDataType\":\"INT\"}]",
        "[{\"name\":\"a\",\"dataType\":\"ARRAY\",\"arrayDataType\":\"CHAR\"}]");
    assertThat(array.major()).as("the array's element type is part of the match").isTrue();
  }

  /** {@code id} and {@code ID} may both be columns: each pairs with its exact namesake, and a column pairs once. */
  @Test
  void columnsPairOneToOneExactNamesFirst() throws Exception {
    Result both = diff("[{\"name\":\"id\",\"dataType\":\"INT\"},{\"name\":\"ID\",\"dataType\":\"INT\",\"description\":\"upper\"}]",
        "[{\"name\":\"ID\",\"dataType\":\"INT\",\"description\":\"upper\"},{\"name\":\"id\",\"dataType\":\"INT\"}]");
    assertThat(both.added()).isEmpty();
    assertThat(both.updated()).isEmpty();
    assertThat(both.deleted()).isEmpty();
    Result one = diff("[{\"name\":\"id\",\"dataType\":\"INT\"},{\"name\":\"ID\",\"dataType\":\"INT\"}]", "[{\"name\":\"Id\",\"dataType\":\"INT\"}]");
    assertThat(one.names(one.deleted())).as("two stored columns can't both pair with one new one").containsExactly("columns");
    assertThat(one.deleted().get(0).oldValue().asText()).contains("\"ID\"").doesNotContain("\"id\"");
    assertThat(one.major()).isTrue();
  }

  @Test
  void lengthsPrecisionAndScaleAreMajorOnlyWhenTheyNarrow() throws Exception {
    assertThat(diff("[{\"name\":\"c\",\"dataType\":\"VARCHAR\",\"dataLength\":10}]", "[{\"name\":\"c\",\"dataType\":\"VARCHAR\",\"dataLength\":20}]").major())
        .isFalse();
    Result shorter = diff("[{\"name\":\"c\",\"dataType\":\"VARCHAR\",\"dataLength\":20}]", "[{\"name\":\"c\",\"dataType\":\"VARCHAR\",\"dataLength\":10}]");
    assertThat(shorter.major()).isTrue();
    assertThat(shorter.updated().get(0).name()).isEqualTo("columns.c.dataLength");
    assertThat(diff("[{\"name\":\"c\",\"dataType\":\"VARCHAR\"}]", "[{\"name\":\"c\",\"dataType\":\"VARCHAR\",\"dataLength\":10}]").major())
        .as("a length that was unknown").isTrue();
    assertThat(diff("[{\"name\":\"n\",\"dataType\":\"DECIMAL\",\"precision\":10,\"scale\":2}]",
        "[{\"name\":\"n\",\"dataType\":\"DECIMAL\",\"precision\":12,\"scale\":2}]").major()).isFalse();
    assertThat(diff("[{\"name\":\"n\",\"dataType\":\"DECIMAL\",\"precision\":10,\"scale\":2}]",
        "[{\"name\":\"n\",\"dataType\":\"DECIMAL\",\"precision\":10}]").major()).as("a scale removed").isTrue();
  }

  @Test
  void descriptionsTagsAndConstraintsAreMinorUnderTheColumnsPath() throws Exception {
    Result r = diff("[{\"name\":\"col.umn\",\"dataType\":\"INT\",\"description\":\"a\",\"constraint\":\"NULL\"}]",
        "[{\"name\":\"col.umn\",\"dataType\":\"INT\",\"description\":\"b\",\"constraint\":\"NOT_NULL\",\"tags\":[{\"tagFQN\":\"PII.Sensitive\"}]}]");
    assertThat(r.names(r.updated())).containsExactly("columns.\"col.umn\".description", "columns.\"col.umn\".constraint");
    assertThat(r.names(r.added())).containsExactly("columns.\"col.umn\".tags");
    assertThat(r.added().get(0).newValue().asText()).isEqualTo("[{\"tagFQN\":\"PII.Sensitive\"}]");
    assertThat(r.major()).isFalse();
    Result removed = diff("[{\"name\":\"c\",\"dataType\":\"INT\",\"constraint\":\"NULL\"}]", "[{\"name\":\"c\",\"dataType\":\"INT\"}]");
    assertThat(removed.names(removed.deleted())).containsExactly("columns.c.constraint");
  }

  /** OM's post_put_patch_complexColumnTypes: changes inside a struct are named by the parent's path. */
  @Test
  void nestedColumnsAreNamedByTheirParentsPath() throws Exception {
    Result r = diff(
        "[{\"name\":\"c2\",\"dataType\":\"STRUCT\",\"children\":[{\"name\":\"a\",\"dataType\":\"INT\"},{\"name\":\"b\",\"dataType\":\"CHAR\"}]}]",
        "[{\"name\":\"c2\",\"dataType\":\"STRUCT\",\"children\":[{\"name\":\"b\",\"dataType\":\"CHAR\",\"tags\":[{\"tagFQN\":\"T.x\"}]},"
            + "{\"name\":\"f\",\"dataType\":\"INT\"}]}]");
    assertThat(r.names(r.added())).containsExactly("columns.c2", "columns.c2.b.tags");
    assertThat(r.names(r.deleted())).containsExactly("columns.c2");
    assertThat(r.deleted().get(0).oldValue().asText()).contains("\"a\"");
    assertThat(r.major()).isTrue();
  }
}
