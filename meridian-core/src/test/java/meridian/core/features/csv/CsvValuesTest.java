package meridian.core.features.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The field formats of catalog spec §7.4, both ways, and through Commons CSV's own quoting. */
class CsvValuesTest {
  @Test
  void severalValuesSplitOnSemicolonsOutsideQuotes() {
    assertThat(CsvValues.split("")).isEmpty();
    assertThat(CsvValues.split("PII.Sensitive; Tier.Tier1;;")).containsExactly("PII.Sensitive", "Tier.Tier1");
    assertThat(CsvValues.split("Classification.\"a;b\".c;x")).containsExactly("Classification.\"a;b\".c", "x");
  }

  @Test
  void aPairWithoutANameIsOmsError() {
    assertThat(CsvValues.parseExtension("")).isNull();
    assertThatThrownBy(() -> CsvValues.parseExtension("novalue")).hasMessage(
        "Invalid key-value pair in extension string: Key = novalue, Value =  . Extensions should be of format"
            + " customPropertyName:customPropertyValue");
    assertThatThrownBy(() -> CsvValues.parseExtension(":x")).hasMessageContaining("Key = , Value = x");
  }

  /**
   * A seeded property loop: custom properties whose values hold the characters both formats use
   * (`;`, `,`, `"`, `:`, `|`, line breaks) come back the same after being written as the field,
   * printed by Commons CSV into a record, parsed back and read.
   */
  @Test
  void customPropertiesSurviveTheFieldAndTheRecord() throws IOException {
    Random random = new Random(7);
    String alphabet = "ab;,\":|\n\r xyz";
    for (int round = 0; round < 2_000; round++) {
      ObjectNode extension = JsonNodeFactory.instance.objectNode();
      int pairs = 1 + random.nextInt(4);
      for (int p = 0; p < pairs; p++) {
        StringBuilder value = new StringBuilder();
        int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
          value.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        // Values are kept as written, but an item's outer spaces go (as in "a; b"): none at the ends here.
        extension.put("k" + p + "_" + random.nextInt(100), value.toString().strip());
      }
      String field = CsvValues.extension(extension);
      StringBuilder record = new StringBuilder();
      CSVFormat.DEFAULT.print(record).printRecord("name", field, "");
      List<CSVRecord> parsed = CSVFormat.DEFAULT.parse(new StringReader(record.toString())).getRecords();
      assertThat(parsed).hasSize(1);
      assertThat(CsvValues.parseExtension(parsed.get(0).get(1))).as("round %d: %s", round, field).isEqualTo(extension);
    }
  }

  @Test
  void tagsSplitIntoTagsGlossaryTermsAndTheTier() {
    assertThat(CsvValues.isTier("Tier.Tier1")).isTrue();
    assertThat(CsvValues.isTier("PII.Sensitive")).isFalse();
    assertThat(CsvValues.isTier("Tier")).isFalse();
    var labels = JsonNodeFactory.instance.arrayNode();
    labels.add(CsvValues.tagLabel("PII.Sensitive", "Classification"));
    labels.add(CsvValues.tagLabel("Glossary.Term", "Glossary"));
    labels.addObject().put("tagFQN", "PII.NonSensitive").put("source", "Classification").put("labelType", "Derived");
    assertThat(CsvValues.labels(labels, "Classification")).isEqualTo("PII.Sensitive");
    assertThat(CsvValues.labels(labels, "Glossary")).isEqualTo("Glossary.Term");
    var kept = CsvValues.labels(labels, List.of("PII.NonSensitive", "Tier.Tier2"), List.of());
    assertThat(kept.get(0).get("labelType").asText()).as("a label the column had is kept as it was").isEqualTo("Derived");
    assertThat(kept.get(1).get("labelType").asText()).isEqualTo("Manual");
  }
}
