package meridian.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs the same request from many threads released at the same instant, and collects the answers. */
public final class Race {
  /** One writer's request; {@code writer} numbers the threads from 0. */
  public interface Work {
    Api.Response run(int writer) throws Exception;
  }

  private Race() {}

  public static List<Api.Response> run(ExecutorService pool, int writers, Work work) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Api.Response>> futures = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      int writer = i;
      futures.add(pool.submit(() -> {
        go.await();
        return work.run(writer);
      }));
    }
    go.countDown();
    List<Api.Response> responses = new ArrayList<>();
    for (Future<Api.Response> future : futures) {
      responses.add(future.get(120, TimeUnit.SECONDS));
    }
    return responses;
  }
}
