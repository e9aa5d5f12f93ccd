package meridian.core.engine.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one tokenizer every store's index is fed by (docs/decisions.md, "Search"). */
class TokensTest {
  @Test
  void textSplitsOnPunctuationUnderscoresCaseChangesAndDigits() {
    assertThat(Tokens.index("customer_orders")).containsExactly("customer", "orders");
    assertThat(Tokens.index("CustomerOrders")).containsExactly("customer", "orders", "customerorders");
    assertThat(Tokens.index("HTTPServerLog")).containsExactly("http", "server", "log", "httpserverlog");
    assertThat(Tokens.index("orders2024.v2-final")).containsExactly("orders", "2024", "v", "2", "final");
    assertThat(Tokens.index("  the a  of ")).as("no stop words, no minimum length").containsExactly("the", "a", "of");
    assertThat(Tokens.index(null)).isEmpty();
    assertThat(Tokens.index("—_—")).isEmpty();
  }

  @Test
  void tokensAreLowerCaseWithoutAccents() {
    assertThat(Tokens.index("Café_Crème")).containsExactly("cafe", "creme");
    assertThat(Tokens.index("CAFÉ")).containsExactly("cafe");
    assertThat(Tokens.index("Ångström")).containsExactly("angstrom");
    assertThat(Tokens.index("ﬁle")).as("compatibility forms fold too").containsExactly("file");
    assertThat(Tokens.index("客户_订单")).as("other scripts keep their letters").containsExactly("客户", "订单");
    assertThat(Tokens.fold("x".repeat(100))).hasSize(Tokens.MAX_TOKEN);
  }

  @Test
  void aQueryAsksForThePartsNotTheWholeWord() {
    assertThat(Tokens.query("CustomerOrders")).containsExactly("customer", "orders");
    assertThat(Tokens.query("customer_orders customer")).containsExactly("customer", "orders");
    assertThat(Tokens.query("*")).isEmpty();
    assertThat(Tokens.query("a b c d e f g h i j k l m n o")).hasSize(Tokens.MAX_QUERY_WORDS);
  }

  /** Whatever the text, tokens are non-empty runs of lower-case letters or digits that the index and a query agree on. */
  @Test
  void everyTokenIsLettersOrDigitsAndAQueryOfATextFindsIt() {
    Random random = new Random(17);
    String alphabet = "aAbBzZéÉ_- .09ß客";
    for (int round = 0; round < 2_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(24); i > 0; i--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      var indexed = Tokens.index(text.toString());
      for (String token : indexed) {
        assertThat(token).as(text.toString()).isNotEmpty();
        assertThat(token.codePoints().allMatch(c -> Character.isLetterOrDigit(c) && !Character.isUpperCase(c))).as(token).isTrue();
      }
      List<String> asked = Tokens.query(text.toString());
      assertThat(indexed).as("a text finds itself: " + text).containsAll(asked.subList(0, Math.min(asked.size(), Tokens.MAX_QUERY_WORDS)));
    }
  }
}
