package meridian.core.features.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OM's filterPattern semantics (ingestion spec §2.2): Python's re.match, ignoring case; includes decide alone. */
class FilterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Filter filter(List<String> includes, List<String> excludes) {
    ObjectNode pattern = JSON.createObjectNode();
    includes.forEach(pattern.putArray("includes")::add);
    excludes.forEach(pattern.putArray("excludes")::add);
    return Filter.of(pattern);
  }

  @Test
  void aPatternMatchesFromTheStartOfTheNameButNotNecessarilyToItsEnd() {
    Filter sales = filter(List.of("sales"), List.of());
    assertThat(sales.keeps("sales")).isTrue();
    assertThat(sales.keeps("sales_2024")).as("re.match is not anchored at the end").isTrue();
    assertThat(sales.keeps("SALES")).as("IGNORECASE").isTrue();
    assertThat(sales.keeps("old_sales")).as("anchored at the start").isFalse();
    Filter exact = filter(List.of("^sales$"), List.of());
    assertThat(exact.keeps("sales_2024")).isFalse();
    assertThat(filter(List.of(".*sales"), List.of()).keeps("old_sales")).isTrue();
  }

  @Test
  void includesDecideAloneAndExcludesApplyOnlyWithoutThem() {
    Filter both = filter(List.of("t"), List.of("tmp"));
    assertThat(both.keeps("tmp_1")).as("excludes are ignored when there are includes").isTrue();
    assertThat(both.keeps("orders")).isFalse();
    Filter excludes = filter(List.of(), List.of("tmp", "^scratch$"));
    assertThat(excludes.keeps("tmp_1")).isFalse();
    assertThat(excludes.keeps("scratch")).isFalse();
    assertThat(excludes.keeps("scratch_pad")).isTrue();
    assertThat(excludes.keeps("orders")).isTrue();
  }

  @Test
  void noPatternKeepsEverything() {
    assertThat(Filter.of(null).keeps("anything")).isTrue();
    assertThat(filter(List.of(), List.of()).keeps("anything")).isTrue();
    assertThat(Filter.of(JSON.createObjectNode()).keeps("anything")).isTrue();
  }
}
