package meridian.core.features.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Native types in OM's terms (ingestion spec §1.4). */
class SourceTypesTest {
  @Test
  void postgresTypesMapAsOmsTablesSay() {
    assertThat(SourceTypes.postgres("numeric(10,2)", null, false, null))
        .isEqualTo(new SourceTypes.Mapped("NUMERIC", 1, 10, 2, null, "numeric(10,2)"));
    assertThat(SourceTypes.postgres("numeric", null, false, null)).isEqualTo(new SourceTypes.Mapped("NUMERIC", 1, null, null, null, "numeric"));
    assertThat(SourceTypes.postgres("character varying(50)", null, false, null).dataLength()).isEqualTo(50);
    assertThat(SourceTypes.postgres("character varying", null, false, null).dataLength()).isEqualTo(1);
    assertThat(SourceTypes.postgres("character(2)", null, false, null)).isEqualTo(new SourceTypes.Mapped("CHAR", 2, null, null, null, "character(2)"));
    assertThat(SourceTypes.postgres("timestamp(3) with time zone", null, false, null).dataType()).isEqualTo("TIMESTAMP");
    assertThat(SourceTypes.postgres("time without time zone", null, false, null).dataType()).isEqualTo("TIME");
    assertThat(SourceTypes.postgres("time(6) without time zone", null, false, null).dataType()).isEqualTo("TIME");
    assertThat(SourceTypes.postgres("bit(8)", null, false, null)).isEqualTo(new SourceTypes.Mapped("BINARY", 8, null, null, null, "bit(8)"));
    assertThat(SourceTypes.postgres("integer[]", "integer", false, null))
        .isEqualTo(new SourceTypes.Mapped("ARRAY", 1, null, null, "INT", "integer[]"));
    assertThat(SourceTypes.postgres("mood", null, true, null).dataType()).isEqualTo("ENUM");
    assertThat(SourceTypes.postgres("email", null, false, "character varying(200)").dataLength()).isEqualTo(200);
    assertThat(SourceTypes.postgres("hstore", null, false, null).dataType()).isEqualTo("UNKNOWN");
  }

  @Test
  void mysqlTypesKeepTheirUnsignedTextAndEnumValuesInTheDisplay() {
    assertThat(SourceTypes.mysql("int(10) unsigned")).isEqualTo(new SourceTypes.Mapped("INT", 1, null, null, null, "int(10) unsigned"));
    assertThat(SourceTypes.mysql("decimal(8,2)")).isEqualTo(new SourceTypes.Mapped("DECIMAL", 1, 8, 2, null, "decimal(8,2)"));
    assertThat(SourceTypes.mysql("varchar(20)").dataLength()).isEqualTo(20);
    assertThat(SourceTypes.mysql("enum('a','b')")).isEqualTo(new SourceTypes.Mapped("ENUM", 1, null, null, null, "enum('a','b')"));
    assertThat(SourceTypes.mysql("tinyint(1)").dataType()).isEqualTo("TINYINT");
    assertThat(SourceTypes.mysql("longtext").dataType()).isEqualTo("TEXT");
    assertThat(SourceTypes.mysql("datetime(6)").dataType()).isEqualTo("DATETIME");
  }
}
