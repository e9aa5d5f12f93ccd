package meridian.core.engine.search;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * At most a number of callers at once; the others wait their turn in the order they came (a fair
 * semaphore). With no limit, every caller runs at once.
 */
final class Turns {
  private final Semaphore turns;

  /** {@code atOnce} callers at a time; 0 for no limit. */
  Turns(int atOnce) {
    if (atOnce < 0) {
      throw new IllegalArgumentException("turns at once must be 0 (no limit) or more, not " + atOnce);
    }
    this.turns = atOnce == 0 ? null : new Semaphore(atOnce, true);
  }

  /** How many callers wait for a turn now. */
  int waiting() {
    return turns == null ? 0 : turns.getQueueLength();
  }

  /** {@code work}'s answer, run when a turn is free. */
  <T> T take(Supplier<T> work) {
    if (turns == null) {
      return work.get();
    }
    turns.acquireUninterruptibly();
    try {
      return work.get();
    } finally {
      turns.release();
    }
  }
}
