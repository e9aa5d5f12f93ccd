package meridian.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import meridian.core.engine.kind.TrackedField;
import meridian.core.engine.write.Versioning;
import meridian.model.ChangeDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VersioningTest {
  static final Json JSON = new Json();
  static final List<TrackedField> FIELDS =
      List.of(TrackedField.scalar("description"), TrackedField.list("owners", "id"), TrackedField.opaque("connection"));

  /** Version counts to try: the edges, then a fixed seed's worth of random ones (seed printed). */
  static IntStream tenths() {
    long seed = Long.getLong("meridian.seed", 20261201L);
    System.out.println("VersioningTest tenths: seed " + seed + " (rerun with -Dmeridian.seed=" + seed + ")");
    return IntStream.concat(IntStream.of(1, 9, 10, 11, 99, 100, 999_999, 1_000_000),
        new Random(seed).ints(300, 1, 1_000_001));
  }

  @ParameterizedTest
  @MethodSource("tenths")
  void tenthsRoundTripThroughTheWireNumber(int tenths) {
    assertThat(Versioning.toTenths(Versioning.toNumber(tenths))).isEqualTo(tenths);
  }

  @ParameterizedTest
  @MethodSource("tenths")
  void aMinorChangeAddsExactlyOneTenth(int tenths) {
    String expected = new java.math.BigDecimal(tenths + 1).movePointLeft(1).stripTrailingZeros().toPlainString();
    String actual = new java.math.BigDecimal(Double.toString(Versioning.toNumber(Versioning.nextMinor(tenths))))
        .stripTrailingZeros().toPlainString();
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void versionsFollowOm() {
    assertThat(Double.toString(Versioning.toNumber(Versioning.nextMinor(9)))).isEqualTo("1.0");
    assertThat(Versioning.nextMajor(3)).isEqualTo(13);
    assertThat(Versioning.toNumber(Versioning.INITIAL)).isEqualTo(0.1);
    assertThatThrownBy(() -> Versioning.toTenths(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Versioning.toTenths(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Versioning.toTenths(0.15)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scalarsAreAddedUpdatedAndDeleted() {
    ChangeDescription added = diff(doc(null), doc("d1"));
    assertThat(added.fieldsAdded()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("description");
      assertThat(c.oldValue()).isNull();
      assertThat(c.newValue().asText()).isEqualTo("d1");
    });
    assertThat(diff(doc(""), doc("x")).fieldsUpdated()).singleElement().satisfies(c -> assertThat(c.oldValue().asText()).isEmpty());
    assertThat(diff(doc("x"), doc(null)).fieldsDeleted()).singleElement().satisfies(c -> assertThat(c.oldValue().asText()).isEqualTo("x"));
    assertThat(diff(doc("x"), doc("x")).isEmpty()).isTrue();
    assertThat(diff(doc("x"), doc("y")).previousVersion()).isEqualTo(0.3);
  }

  @Test
  void listsRecordAddedAndRemovedItemsAsJsonStrings() {
    ObjectNode before = doc(null);
    before.putArray("owners").add(owner("a")).add(owner("b"));
    ObjectNode after = doc(null);
    after.putArray("owners").add(owner("b")).add(owner("c"));
    ChangeDescription change = diff(before, after);
    assertThat(change.fieldsAdded()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("owners");
      assertThat(c.newValue().isTextual()).isTrue();
      assertThat(c.newValue().asText()).isEqualTo("[{\"id\":\"c\",\"type\":\"user\"}]");
    });
    assertThat(change.fieldsDeleted()).singleElement().satisfies(c -> assertThat(c.oldValue().asText()).contains("\"a\""));
    ObjectNode reordered = doc(null);
    reordered.putArray("owners").add(owner("b")).add(owner("a"));
    assertThat(diff(before, reordered).isEmpty()).isTrue();
  }

  @Test
  void opaqueFieldsNeverRevealTheirValue() {
    ObjectNode before = doc(null);
    before.putObject("connection").put("password", "old");
    ObjectNode after = doc(null);
    after.putObject("connection").put("password", "new");
    ChangeDescription change = diff(before, after);
    assertThat(change.fieldsUpdated()).singleElement().satisfies(c -> {
      assertThat(c.oldValue().asText()).isEqualTo("\"old-encrypted-value\"");
      assertThat(c.newValue().asText()).isEqualTo("\"new-encrypted-value\"");
    });
    assertThat(JSON.write(change)).doesNotContain("old\"").doesNotContain("\"new\"");
  }

  @Test
  void untrackedFieldsAreIgnored() {
    ObjectNode before = doc("same");
    before.put("serviceType", "Mysql");
    ObjectNode after = doc("same");
    after.put("serviceType", "Postgres");
    assertThat(diff(before, after).isEmpty()).isTrue();
  }

  /** Pairs of short descriptions over a small alphabet, so that equal pairs come up often. */
  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> descriptions() {
    Random random = new Random(Long.getLong("meridian.seed", 20261201L));
    return IntStream.range(0, 300).mapToObj(i -> org.junit.jupiter.params.provider.Arguments.of(
        text(random, 3), random.nextInt(4) == 0 ? null : text(random, 3)));
  }

  private static String text(Random random, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(max + 1); i > 0; i--) {
      out.append("ab\u00e9\u0000 \ud83d\ude00".charAt(random.nextInt(7)));
    }
    return out.toString();
  }

  @ParameterizedTest
  @MethodSource("descriptions")
  void aDiffIsEmptyExactlyWhenTheTrackedFieldsAreEqual(String a, String b) {
    assertThat(diff(doc(a), doc(a)).isEmpty()).isTrue();
    assertThat(diff(doc(a), doc(b)).isEmpty()).isEqualTo(a.equals(b));
  }

  private static ChangeDescription diff(ObjectNode before, ObjectNode after) {
    return Versioning.diff(FIELDS, before, after, 3);
  }

  private static ObjectNode doc(String description) {
    ObjectNode doc = JSON.object();
    if (description != null) {
      doc.put("description", description);
    }
    return doc;
  }

  private static ObjectNode owner(String id) {
    return JSON.object().put("id", id).put("type", "user");
  }
}
