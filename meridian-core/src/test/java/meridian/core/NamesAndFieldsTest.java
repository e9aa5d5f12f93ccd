package meridian.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import meridian.core.engine.read.Fields;
import meridian.core.errors.ApiException;
import org.junit.jupiter.api.Test;

class NamesAndFieldsTest {
  @Test
  void fqnsQuoteDottedNames() {
    assertThat(Fqn.quoteName("snowflake.prod")).isEqualTo("\"snowflake.prod\"");
    assertThat(Fqn.quoteName("snowflake_prod")).isEqualTo("snowflake_prod");
    assertThat(Fqn.quoteName("\"already.quoted\"")).isEqualTo("\"already.quoted\"");
    assertThat(Fqn.hash(Fqn.fromPath("a.b"))).isEqualTo(Fqn.hash(Fqn.fromPath("\"a.b\"")));
    assertThat(Fqn.hash("x")).hasSize(64).matches("[0-9a-f]+").isEqualTo(Fqn.hash("x"));
  }

  @Test
  void nameRulesUseOmsMessages() {
    assertMessage(() -> Names.requireValidName("name", null), "[query param name must not be null]");
    assertMessage(() -> Names.requireValidName("name", ""), "[query param name size must be between 1 and 256]");
    assertMessage(() -> Names.requireValidName("name", "a".repeat(257)), "[query param name size must be between 1 and 256]");
    assertThatThrownBy(() -> Names.requireValidName("name", "a::b")).hasMessageContaining("name must match");
    assertThatThrownBy(() -> Names.requireValidName("name", "a\u0000b")).hasMessageContaining("control characters");
    Names.requireValidName("name", "😀".repeat(256));
    assertMessage(() -> Names.requireValidName("name", "😀".repeat(257)), "[query param name size must be between 1 and 256]");
  }

  @Test
  void fieldsParameter() {
    Set<String> allowed = Set.of("owners", "tags");
    assertThat(Fields.parse("*", allowed).names()).isEqualTo(allowed);
    assertThat(Fields.parse(" owners , ,", allowed).names()).containsExactly("owners");
    assertThat(Fields.parse(null, allowed)).isEqualTo(Fields.NONE);
    assertMessage(() -> Fields.parse("owners,invalidField", allowed), "Invalid field name invalidField");
  }

  static void assertMessage(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOf(ApiException.class).hasMessage(message);
  }
}
