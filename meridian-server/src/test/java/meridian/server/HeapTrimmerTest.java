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

  /** Ticks with no request answered, the first of them learning the count. */
  private void quiet(int ticks) {
    for (int i = 0; i < ticks; i++) {
      trimmer.run();
    }
  }

  @Test
  void collectsOnlyAfterEnoughQuietTicksInARow() {
    quiet(HeapTrimmer.QUIET_TICKS);
    assertThat(collections).isZero(); // the first tick only learned the count
    answered += 50; // a request: the quiet starts again
    trimmer.run();
    quiet(HeapTrimmer.QUIET_TICKS - 1);
    assertThat(collections).isZero();
    trimmer.run();
    assertThat(collections).isEqualTo(1);
  }

  @Test
  void stopsAfterAFewInARowAndStartsAgainOnlyOnceTheHeapHasGrown() {
    committed = 1000 * MB;
    quiet(HeapTrimmer.QUIET_TICKS + 10);
    assertThat(collections).isEqualTo(HeapTrimmer.MAX_IN_A_ROW);
    assertThat(committed).isEqualTo(1000 * MB / 16);

    // A probe now and then, on a heap that has not grown: nothing.
    for (int i = 0; i < 100; i++) {
      answered += i % 20 == 0 ? 1 : 0;
      trimmer.run();
    }
    assertThat(collections).isEqualTo(HeapTrimmer.MAX_IN_A_ROW);

    // A burst grows it again: trimmed again once quiet long enough.
    committed = 400 * MB;
    answered += 1000;
    trimmer.run();
    quiet(HeapTrimmer.QUIET_TICKS);
    assertThat(collections).isEqualTo(HeapTrimmer.MAX_IN_A_ROW + 1);
  }

  @Test
  void leavesASmallHeapAlone() {
    committed = HeapTrimmer.FLOOR;
    quiet(HeapTrimmer.QUIET_TICKS + 5);
    assertThat(collections).isZero();
  }
}
