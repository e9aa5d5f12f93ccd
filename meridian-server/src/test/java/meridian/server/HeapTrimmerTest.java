package meridian.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryUsage;
import org.junit.jupiter.api.Test;

/** When the idle-time trim collects: only on quiet ticks, a few times in a row, and again only once the heap has grown. */
class HeapTrimmerTest {
  private static final long MB = 1L << 20;

  private double answered;
  private long committed = 300 * MB;
  private int collections;

  private final HeapTrimmer trimmer = new HeapTrimmer(() -> answered,
      () -> new MemoryUsage(32 * MB, 10 * MB, committed, 6000 * MB), () -> {
        collections++;
        committed = Math.max(60 * MB, committed / 2); // the collector gives some back
      });

  @Test
  void collectsOnlyOnTicksWithNoRequestAnsweredSinceTheLast() {
    trimmer.run(); // the first tick only learns the count
    assertThat(collections).isZero();
    answered += 50;
    trimmer.run();
    assertThat(collections).isZero();
    trimmer.run();
    assertThat(collections).isEqualTo(1);
  }

  @Test
  void stopsAfterAFewInARowAndStartsAgainOnlyOnceTheHeapHasGrown() {
    committed = 1000 * MB;
    for (int i = 0; i < 10; i++) {
      trimmer.run();
    }
    assertThat(collections).isEqualTo(HeapTrimmer.MAX_IN_A_ROW);
    assertThat(committed).isEqualTo(1000 * MB / 16);

    // A probe now and then, on a heap that has not grown: nothing.
    for (int i = 0; i < 10; i++) {
      answered += i % 2;
      trimmer.run();
    }
    assertThat(collections).isEqualTo(HeapTrimmer.MAX_IN_A_ROW);

    // A burst grows it again: trimmed again once quiet.
    committed = 400 * MB;
    answered += 1000;
    trimmer.run();
    trimmer.run();
    assertThat(collections).isEqualTo(HeapTrimmer.MAX_IN_A_ROW + 1);
  }

  @Test
  void leavesASmallHeapAlone() {
    committed = HeapTrimmer.FLOOR;
    for (int i = 0; i < 5; i++) {
      trimmer.run();
    }
    assertThat(collections).isZero();
  }
}
