package meridian.core.features.ingestion;

import java.time.Duration;

/**
 * An operator's settings for ingestion runs ({@code serve --ingestion-…}): how many runs' statuses
 * each pipeline keeps in the store, and how long one statement against a source may take.
 */
public record IngestionSettings(int keptRuns, Duration statementTimeout) {
  /** The figure: the last 100 runs of a pipeline. */
  public static final int DEFAULT_KEPT_RUNS = 100;
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMinutes(2);
  public static final IngestionSettings DEFAULT = new IngestionSettings(DEFAULT_KEPT_RUNS, DEFAULT_STATEMENT_TIMEOUT);

  public IngestionSettings {
    if (keptRuns < 1 || keptRuns > 10_000) {
      throw new IllegalArgumentException("--ingestion-kept-runs must be between 1 and 10000, not " + keptRuns);
    }
    if (statementTimeout == null || statementTimeout.toMillis() < 1000 || statementTimeout.toHours() > 1) {
      throw new IllegalArgumentException("--ingestion-statement-timeout must be at least 1s and at most 1h, not "
          + (statementTimeout == null ? "none" : statementTimeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT)));
    }
  }

  /** The statement timeout in whole seconds, as the sources' session settings take it. */
  public int statementSeconds() {
    return (int) Math.max(1, statementTimeout.toSeconds());
  }
}
