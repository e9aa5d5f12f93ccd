package meridian.core.engine.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The turns searches take on the embedded store: at most so many at once, the rest in the order they came. */
class TurnsTest {
  /**
   * {@code callers} at once, each holding its turn until {@code inside} of them are in and the rest
   * wait for a turn; answers their answers, in order, and sets {@code most} to how many were in at once.
   */
  private static List<Integer> run(Turns turns, int callers, int inside, AtomicInteger most) throws Exception {
    AtomicInteger now = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(inside);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        int n = i;
        answers.add(pool.submit(() -> turns.take(() -> {
          most.accumulateAndGet(now.incrementAndGet(), Math::max);
          entered.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          now.decrementAndGet();
          return n * n;
        })));
      }
      // Those with a turn are inside; the others wait for it.
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (turns.waiting() < callers - inside) {
        assertThat(System.nanoTime()).as("callers waiting for a turn: %d of %d", turns.waiting(), callers - inside).isLessThan(deadline);
        Thread.onSpinWait();
      }
      release.countDown();
      List<Integer> out = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        out.add(answer.get(10, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void atMostSoManyRunAtOnceAndEveryOneGetsItsAnswer() throws Exception {
    AtomicInteger most = new AtomicInteger();
    List<Integer> answers = run(new Turns(2), 8, 2, most);
    assertThat(most.get()).isEqualTo(2);
    assertThat(answers).containsExactly(0, 1, 4, 9, 16, 25, 36, 49);
  }

  @Test
  void withoutALimitEveryCallerRunsAtOnce() throws Exception {
    AtomicInteger most = new AtomicInteger();
    List<Integer> answers = run(new Turns(0), 8, 8, most);
    assertThat(most.get()).isEqualTo(8);
    assertThat(answers).hasSize(8);
  }

  @Test
  void aTurnIsGivenBackWhenTheWorkFails() {
    Turns turns = new Turns(1);
    assertThatThrownBy(() -> turns.take(() -> {
      throw new IllegalStateException("the search failed");
    })).hasMessage("the search failed");
    assertThat(turns.take(() -> "next")).isEqualTo("next");
  }

  @Test
  void aNegativeLimitIsRefused() {
    assertThatThrownBy(() -> new Turns(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not -1");
  }
}
