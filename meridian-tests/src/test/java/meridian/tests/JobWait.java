package meridian.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Following a job at {@code /api/v1/jobs/{id}} until it ends. */
public final class JobWait {
  private JobWait() {}

  /** The job once it is no longer running, or as it is when {@code within} has passed. */
  public static JsonNode await(Api api, String job, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Api.Response response = api.get("/api/v1/jobs/" + job);
      assertThat(response.status()).as(response.toString()).isEqualTo(200);
      JsonNode state = response.json();
      if (!state.get("state").asText().equals("running") || System.nanoTime() > deadline) {
        return state;
      }
      LockSupport.parkNanos(20_000_000);
    }
  }

  /** Whether {@code condition} became true before {@code within} passed, asked every 20 ms. */
  public static boolean until(Duration within, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(20_000_000);
    }
    return true;
  }
}
