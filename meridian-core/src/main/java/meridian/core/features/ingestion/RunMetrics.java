package meridian.core.features.ingestion;

/**
 * What the server measures of ingestion runs, per pipeline (its FQN) and never per run: the
 * serving module exports it to Prometheus. A replica reports the runs it ran; a scrape of every
 * replica adds up to all of them.
 */
public interface RunMetrics {
  /** Measures nothing (tools that open the catalog without serving it). */
  RunMetrics NONE = new RunMetrics() {
    @Override
    public void started(String pipeline) {}

    @Override
    public void ended(String pipeline, String state, Ended counts) {}
  };

  /** A run of {@code pipeline} starts on this replica. */
  void started(String pipeline);

  /**
   * It ended: {@code state} is its pipelineState, or {@link #INTERRUPTED} when it stopped because
   * it was killed or another replica took it over ({@code run} then holds what it did so far).
   */
  void ended(String pipeline, String state, Ended run);

  /** What a run did (OM's step summary) and how long it took. */
  record Ended(long records, long updated, long errors, long filtered, long millis) {}

  /** The state of a run this replica stopped running before its end: killed, or taken over. */
  String INTERRUPTED = "interrupted";
}
