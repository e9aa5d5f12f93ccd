package meridian.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import meridian.core.features.ingestion.RunMetrics;

/**
 * Ingestion runs at {@code /metrics}, labelled by pipeline FQN and never by run (a label per run
 * would grow without end): runs by end state, records, updates, errors and filtered objects, run
 * durations, the runs going now and the time of the last successful run. Each replica counts
 * the runs it ran.
 */
final class IngestionMeters implements RunMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> running = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

  IngestionMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void started(String pipeline) {
    running(pipeline).incrementAndGet();
  }

  @Override
  public void ended(String pipeline, String state, Ended run) {
    running(pipeline).decrementAndGet();
    Counter.builder("meridian.ingestion.runs").description("Ingestion runs ended on this replica, by pipeline and end state")
        .tags("pipeline", pipeline, "state", state).register(registry).increment();
    count("meridian.ingestion.records", "Objects read and catalogued (OM's records)", pipeline, run.records());
    count("meridian.ingestion.updated", "Objects whose catalog entry changed", pipeline, run.updated());
    count("meridian.ingestion.errors", "Objects that could not be read or written", pipeline, run.errors());
    count("meridian.ingestion.filtered", "Objects left out by the pipeline's filters", pipeline, run.filtered());
    Timer.builder("meridian.ingestion.run.duration").description("How long ingestion runs took")
        .tags("pipeline", pipeline).register(registry).record(Duration.ofMillis(run.millis()));
    if (state.equals("success") || state.equals("partialSuccess")) {
      lastSuccess.computeIfAbsent(pipeline, p -> {
        AtomicLong at = new AtomicLong();
        Gauge.builder("meridian.ingestion.last.success.timestamp", at, a -> a.get() / 1000.0).baseUnit("seconds")
            .description("When the last run that succeeded (fully or partly) ended, in seconds since the epoch")
            .tags("pipeline", p).register(registry);
        return at;
      }).set(System.currentTimeMillis());
    }
  }

  private AtomicLong running(String pipeline) {
    return running.computeIfAbsent(pipeline, p -> {
      AtomicLong going = new AtomicLong();
      Gauge.builder("meridian.ingestion.running", going, AtomicLong::get).description("Ingestion runs going on this replica")
          .tags("pipeline", p).register(registry);
      return going;
    });
  }

  private void count(String name, String description, String pipeline, long amount) {
    Counter.builder(name).description(description).tags("pipeline", pipeline).register(registry).increment(amount);
  }
}
