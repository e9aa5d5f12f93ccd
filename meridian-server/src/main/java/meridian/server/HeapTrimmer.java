package meridian.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Gives memory back once the server goes quiet. The serial collector grows the heap for a burst (a
 * bulk of 10,000 tables takes the process past 300 MB) and keeps it, though a tenth of it is live
 * afterwards (docs/performance.md, "Memory"). Once no request has been answered for
 * {@link #QUIET_TICKS} ticks in a row, and the heap has grown by a quarter since the last trim (and
 * is past {@link #FLOOR}), it runs a full collection a tick, which lets the collector shrink the
 * heap; {@link #MAX_IN_A_ROW} in a row, as it gives back a growing share each time. Never under
 * load, nor in the short pauses of a load that comes and goes: a heap shrunk there is grown again
 * through full collections, which under load cost more than the memory (p99 of GETs at 80% load
 * went from 17 to 170 ms when it trimmed after two quiet seconds). A health probe every few seconds
 * does not start it again for a heap that has not grown.
 */
final class HeapTrimmer implements Runnable {
  static final long FLOOR = 64L << 20;
  static final int MAX_IN_A_ROW = 4;
  /** Quiet ticks before the first collection (at a tick every two seconds, half a minute). */
  static final int QUIET_TICKS = 15;

  private final DoubleSupplier requestsAnswered;
  private final Supplier<MemoryUsage> heap;
  private final Runnable collect;
  private double lastAnswered = -1;
  private int inARow;
  private int quietTicks;
  private long trimmedTo;

  HeapTrimmer(DoubleSupplier requestsAnswered, Supplier<MemoryUsage> heap, Runnable collect) {
    this.requestsAnswered = requestsAnswered;
    this.heap = heap;
    this.collect = collect;
  }

  /** Watches the server's own request timers ({@code http.server.requests}) and the JVM's heap. */
  static HeapTrimmer of(MeterRegistry metrics) {
    return new HeapTrimmer(
        () -> metrics.find("http.server.requests").timers().stream().mapToDouble(Timer::count).sum(),
        () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage(),
        System::gc);
  }

  @Override
  public void run() {
    double answered = requestsAnswered.getAsDouble();
    boolean idle = answered == lastAnswered;
    lastAnswered = answered;
    quietTicks = idle ? quietTicks + 1 : 0;
    long committed = heap.get().getCommitted();
    if (quietTicks < QUIET_TICKS || committed <= FLOOR) {
      return;
    }
    if (inARow == MAX_IN_A_ROW) {
      if (committed <= trimmedTo + trimmedTo / 4) {
        return;
      }
      inARow = 0;
    }
    collect.run();
    if (++inARow == MAX_IN_A_ROW) {
      trimmedTo = heap.get().getCommitted();
    }
  }
}
