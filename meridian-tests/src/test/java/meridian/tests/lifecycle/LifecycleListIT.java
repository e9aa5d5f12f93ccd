package meridian.tests.lifecycle;

import static meridian.tests.lifecycle.Lifecycle.delete;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import meridian.tests.Api;
import meridian.tests.Fixtures;
import meridian.tests.ServerIT;
import meridian.tests.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Lists with keyset paging (spec §3.1, §8.4 cases 25–27). */
class LifecycleListIT extends LifecycleIT {

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void pagingForwardAndBackReproducesTheFullList(KindFixture kind) {
    String prefix = Fixtures.uniqueName("page");
    for (int i = 0; i < 9; i++) {
      server.admin().post(kind.path(), kind.newRequest(prefix + "_" + i).toString());
    }
    String deletedId = server.admin().post(kind.path(), kind.newRequest(prefix + "_deleted").toString()).json().get("id").asText();
    delete(server.admin(), kind, deletedId);

    for (String include : List.of("non-deleted", "all", "deleted")) {
      List<String> full = names(list(kind, "?limit=1000000&include=" + include));
      int total = list(kind, "?limit=0&include=" + include).at("/paging/total").asInt();
      assertThat(full).hasSize(total);
      assertThat(full).isSortedAccordingTo(String::compareTo);
      assertThat(full.contains(prefix + "_deleted")).isEqualTo(!include.equals("non-deleted"));
      // The page sizes where paging can go wrong: the smallest ones, one that splits the list unevenly,
      // and those around the list's length (one short, exact, one over). Every size between them
      // walks the same code with the same boundaries, and made this suite quadratic in the list.
      for (int limit : new java.util.TreeSet<>(List.of(1, 2, 3, Math.max(1, full.size() / 2 + 1), Math.max(1, full.size() - 1),
          Math.max(1, full.size()), full.size() + 1))) {
        walk(kind, include, limit, full);
      }
    }
  }

  /** Forward to the end through {@code after}, then back to the start through {@code before}. */
  private static void walk(KindFixture kind, String include, int limit, List<String> full) {
    String query = "?include=" + include + "&limit=" + limit;
    List<JsonNode> pages = new ArrayList<>();
    JsonNode page = list(kind, query);
    assertThat(page.at("/paging/before").isMissingNode()).as("first page has no before").isTrue();
    pages.add(page);
    while (page.at("/paging/after").isTextual()) {
      page = list(kind, query + "&after=" + encode(page.at("/paging/after").asText()));
      pages.add(page);
    }
    List<String> forward = new ArrayList<>();
    pages.forEach(p -> forward.addAll(names(p)));
    assertThat(forward).as("forward at limit " + limit).isEqualTo(full);
    assertThat(page.at("/paging/total").asInt()).isEqualTo(full.size());

    for (int i = pages.size() - 1; i > 0; i--) {
      JsonNode back = list(kind, query + "&before=" + encode(pages.get(i).at("/paging/before").asText()));
      assertThat(names(back)).as("back from page " + i + " at limit " + limit).isEqualTo(names(pages.get(i - 1)));
      assertThat(back.at("/paging/before").isTextual()).isEqualTo(i - 1 > 0);
    }
  }

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void limitsAndCursorsAreChecked(KindFixture kind) {
    assertMessage(kind, "?limit=-1", "[query param limit must be greater than or equal to 0]");
    assertMessage(kind, "?limit=1000001", "[query param limit must be less than or equal to 1000000]");
    assertMessage(kind, "?before=&after=", "Only one of before or after query parameter allowed");
    assertMessage(kind, "?include=bogus", "query param include must be one of [all, deleted, non-deleted]");
    assertMessage(kind, "?fields=invalidField", "Invalid field name invalidField");
    assertThat(server.admin().get(kind.path() + "?after=garbage").status()).isEqualTo(400);
    assertThat(server.admin().get(kind.path() + "?limit=ten").status()).isEqualTo(400);
    JsonNode countOnly = list(kind, "?limit=0");
    assertThat(countOnly.get("data")).isEmpty();
    assertThat(countOnly.at("/paging/total").asInt()).isPositive();
    assertThat(list(kind, "").get("data").size()).isLessThanOrEqualTo(10);
  }

  @ParameterizedTest
  @MethodSource("meridian.tests.lifecycle.KindFixture#all")
  void aWalkDuringInsertsSeesEveryEarlierEntityExactlyOnce(KindFixture kind) throws Exception {
    String prefix = Fixtures.uniqueName("stable");
    for (int i = 0; i < 30; i++) {
      server.admin().post(kind.path(), kind.newRequest(prefix + "_" + String.format("%03d", i)).toString());
    }
    List<String> before = names(list(kind, "?limit=1000000"));
    AtomicBoolean walking = new AtomicBoolean(true);
    AtomicInteger inserted = new AtomicInteger();
    Thread writer = new Thread(() -> {
      while (walking.get() && inserted.get() < 500) {
        int n = inserted.incrementAndGet();
        // Names that sort before, between and after the existing ones.
        String name = (n % 3 == 0 ? "0" : n % 3 == 1 ? prefix + "_0" : "zz") + "_" + prefix + "_new_" + n;
        server.admin().post(kind.path(), kind.newRequest(name).toString());
      }
    });
    writer.start();
    List<String> seen = new ArrayList<>();
    JsonNode page = list(kind, "?limit=3");
    seen.addAll(names(page));
    while (page.at("/paging/after").isTextual()) {
      page = list(kind, "?limit=3&after=" + encode(page.at("/paging/after").asText()));
      seen.addAll(names(page));
    }
    walking.set(false);
    writer.join(60_000);
    assertThat(inserted.get()).isPositive();
    assertThat(new HashSet<>(seen)).as("no entity twice").hasSize(seen.size());
    assertThat(seen).containsAll(before);
    assertThat(seen).isSortedAccordingTo(String::compareTo);
  }

  static JsonNode list(KindFixture kind, String query) {
    Api.Response response = server.admin().get(kind.path() + query);
    assertThat(response.status()).as(query + " → " + response.body()).isEqualTo(200);
    return response.json();
  }

  static List<String> names(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.get("data").forEach(item -> names.add(item.get("name").asText()));
    return names;
  }

  private static void assertMessage(KindFixture kind, String query, String message) {
    Api.Response response = server.admin().get(kind.path() + query);
    assertThat(response.status()).as(query).isEqualTo(400);
    assertThat(response.json().get("message").asText()).isEqualTo(message);
  }

  static String encode(String cursor) {
    return URLEncoder.encode(cursor, StandardCharsets.UTF_8);
  }

}
