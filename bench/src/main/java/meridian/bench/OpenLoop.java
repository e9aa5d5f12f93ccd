package meridian.bench;

import java.net.http.HttpClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * A fixed-rate (open-loop) load on the JDK's HttpClient, in the way of wrk2: requests are scheduled
 * at {@code rate} per second, spread over {@code workers} connections, and each one's latency is
 * measured from the time it was <em>scheduled</em> to be sent, not from when it went out. A server
 * that falls behind therefore shows its queueing delay in the percentiles, which a closed loop
 * (wrk) hides by sending less.
 */
final class OpenLoop {
  private OpenLoop() {}

  /** Latency percentiles in milliseconds, the rate asked for and the rate achieved, and failures. */
  record Result(double rate, double achieved, long requests, long failures, double p50, double p99, double p999) {}

  /**
   * Runs the load against {@code base} (http://host:port). Each worker keeps one connection of its
   * own on a plain socket ({@link SocketClient}), or with {@code jdkClient} shares the JDK's
   * HttpClient, to compare the two generators' own cost.
   */
  static Result run(String base, boolean jdkClient, LongFunction<Req> request, double rate, int workers,
      Duration warmUp, Duration measure) throws InterruptedException {
    URI uri = URI.create(base);
    String hostPort = uri.getHost() + ":" + uri.getPort();
    HttpClient client = jdkClient ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build() : null;
    long start = System.nanoTime() + 50_000_000L;
    long measureFrom = start + warmUp.toNanos();
    long end = measureFrom + measure.toNanos();
    double interval = 1e9 / rate;
    AtomicLong failures = new AtomicLong();
    List<long[]> samples = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      long[][] mine = {new long[1024]};
      int[] count = {0};
      Thread thread = new Thread(() -> {
        SocketClient socket = new SocketClient(uri.getHost(), uri.getPort());
        for (long k = 0; ; k++) {
          long index = worker + k * workers;
          long scheduled = start + (long) (index * interval);
          if (scheduled >= end) {
            break;
          }
          long wait;
          while ((wait = scheduled - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
          boolean ok;
          try {
            Req req = request.apply(index);
            int status = client != null
                ? client.send(req.toHttpRequest(base), HttpResponse.BodyHandlers.discarding()).statusCode()
                : socket.exchange(req.encode(hostPort));
            ok = status < 400;
          } catch (Exception e) {
            ok = false;
          }
          long latency = System.nanoTime() - scheduled;
          if (scheduled >= measureFrom) {
            if (!ok) {
              failures.incrementAndGet();
            }
            if (count[0] == mine[0].length) {
              mine[0] = Arrays.copyOf(mine[0], count[0] * 2);
            }
            mine[0][count[0]++] = latency;
          }
        }
        socket.close();
        synchronized (samples) {
          samples.add(Arrays.copyOf(mine[0], count[0]));
        }
      }, "open-loop-" + w);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    // Sent in the measured window and answered, per second of that window (answers may trail it).
    double achieved = all.length / (measure.toNanos() / 1e9);
    return new Result(rate, achieved, all.length, failures.get(), percentile(all, 0.50), percentile(all, 0.99),
        percentile(all, 0.999));
  }

  static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
