package meridian.tests.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import meridian.tests.Api;

/**
 * The totals a list reports ({@code paging.total}, kept by every write in the store's counters)
 * against the rows the same list returns, live, deleted and both: after concurrent writers or a
 * crash they must still agree exactly.
 */
final class ListTotals {
  private ListTotals() {}

  static void assertExact(Api api) {
    for (String include : new String[] {"non-deleted", "deleted", "all"}) {
      JsonNode list = api.get("/api/v1/services/databaseServices?limit=1000000&include=" + include).json();
      assertThat(list.at("/paging/total").asInt()).as("paging.total of include=" + include)
          .isEqualTo(list.get("data").size());
    }
  }
}
