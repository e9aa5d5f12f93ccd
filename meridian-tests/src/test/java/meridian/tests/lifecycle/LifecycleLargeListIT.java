package meridian.tests.lifecycle;

import static meridian.tests.lifecycle.LifecycleListIT.encode;
import static meridian.tests.lifecycle.LifecycleListIT.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * 10,000 services paged through in keyset order. The times of page 1 and page 1,000 are printed
 * for the record; performance is measured by the benchmark, never asserted here.
 */
class LifecycleLargeListIT extends LifecycleIT {
  static final String PATH = "/api/v1/services/databaseServices";

  @Test
  void everyServiceAppearsExactlyOnceInOrder() {
    String prefix = Fixtures.uniqueName("big");
    ArrayNode items = Api.JSON.createArrayNode();
    for (int i = 0; i < 10_000; i++) {
      items.add(Fixtures.minimal(prefix + "_" + String.format("%05d", i)));
    }
    assertThat(server.admin().put(PATH + "/bulk", items.toString()).json().get("numberOfRowsPassed").asInt()).isEqualTo(10_000);

    List<String> seen = new ArrayList<>();
    long firstPageNanos = 0;
    long thousandthPageNanos = 0;
    JsonNode page = null;
    for (int number = 1; number == 1 || page.at("/paging/after").isTextual(); number++) {
      String query = number == 1 ? "?limit=10" : "?limit=10&after=" + encode(page.at("/paging/after").asText());
      long start = System.nanoTime();
      Api.Response response = server.admin().get(PATH + query);
      long elapsed = System.nanoTime() - start;
      if (number == 1) {
        firstPageNanos = elapsed;
      } else if (number == 1000) {
        thousandthPageNanos = elapsed;
      }
      page = response.json();
      seen.addAll(names(page));
    }
    System.out.printf("list of 10,000 at limit 10: page 1 took %.2f ms, page 1,000 took %.2f ms%n",
        firstPageNanos / 1e6, thousandthPageNanos / 1e6);
    // The suite's other services (the lifecycle fixtures' parent) are listed too.
    List<String> ours = seen.stream().filter(name -> name.startsWith(prefix)).toList();
    assertThat(ours).hasSize(10_000);
    assertThat(new HashSet<>(seen)).hasSize(seen.size());
    assertThat(seen).isSortedAccordingTo(String::compareTo);
    assertThat(page.at("/paging/total").asInt()).isEqualTo(seen.size());
  }
}
