package meridian.core.kinds.ingestion;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import meridian.core.Names;
import meridian.core.errors.ApiException;

/**
 * A pipeline's {@code airflowConfig} read as a schedule (ingestion spec §3.6): {@code
 * scheduleInterval} a five-field UNIX cron or one of Airflow's presets, in {@code
 * pipelineTimezone} (UTC by default), between {@code startDate} and {@code endDate}; none means
 * manual runs only. Cron parsing is cron-utils'.
 */
public final class Schedule {
  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Map<String, String> PRESETS = Map.of(
      "@hourly", "0 * * * *", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0",
      "@monthly", "0 0 1 * *", "@quarterly", "0 0 1 */3 *", "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");
  private static final Set<String> BOOLEANS = Set.of("pausePipeline", "pipelineCatchup");
  private static final Set<String> NUMBERS = Set.of("concurrency", "retries", "retryDelay", "maxActiveRuns", "workflowTimeout");
  private static final Set<String> STRINGS = Set.of("scheduleInterval", "pipelineTimezone", "workflowDefaultView",
      "workflowDefaultViewOrientation", "email");
  private static final Set<String> DATES = Set.of("startDate", "endDate");

  private final ExecutionTime cron;
  private final ZoneId zone;
  private final Instant start;
  private final Instant end;

  private Schedule(ExecutionTime cron, ZoneId zone, Instant start, Instant end) {
    this.cron = cron;
    this.zone = zone;
    this.start = start;
    this.end = end;
  }

  /** The schedule an {@code airflowConfig} sets; empty for manual runs only (no scheduleInterval, or {@code @once}). */
  public static Optional<Schedule> of(JsonNode airflowConfig) {
    String interval = airflowConfig.path("scheduleInterval").asText("").strip();
    if (interval.isEmpty() || interval.equals("@once")) {
      return Optional.empty();
    }
    Cron parsed = UNIX.parse(PRESETS.getOrDefault(interval, interval));
    parsed.validate();
    ZoneId zone = ZoneId.of(airflowConfig.path("pipelineTimezone").asText("UTC"));
    return Optional.of(new Schedule(ExecutionTime.forCron(parsed), zone, instant(airflowConfig, "startDate"), instant(airflowConfig, "endDate")));
  }

  /** The first time after {@code after} the schedule fires, if it ever does again. */
  public Optional<Instant> next(Instant after) {
    Instant from = start != null && start.isAfter(after) ? start.minusSeconds(1) : after;
    Optional<Instant> next = cron.nextExecution(ZonedDateTime.ofInstant(from, zone)).map(ZonedDateTime::toInstant);
    return next.filter(t -> end == null || !t.isAfter(end));
  }

  /**
   * The latest time at or before {@code now} the schedule fired (or would have), within its start
   * and end dates; empty when it has not fired yet. A run missed while no server ran is one run,
   * not one per missed time (OM's {@code pipelineCatchup: false}).
   */
  public Optional<Instant> lastDue(Instant now) {
    Instant until = end != null && end.isBefore(now) ? end : now;
    Optional<Instant> last = cron.lastExecution(ZonedDateTime.ofInstant(until.plusMillis(1), zone)).map(ZonedDateTime::toInstant);
    return last.filter(t -> start == null || !t.isBefore(start));
  }

  /** A 400 naming the member and its rule for anything in {@code airflowConfig} this server could not schedule by. */
  static void check(ObjectNode airflowConfig) {
    Iterator<Map.Entry<String, JsonNode>> fields = airflowConfig.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      String path = "airflowConfig." + name;
      JsonNode value = field.getValue();
      if (value.isNull()) {
        continue;
      }
      if (BOOLEANS.contains(name)) {
        require(value.isBoolean(), path, "true or false");
      } else if (NUMBERS.contains(name)) {
        require(value.isIntegralNumber() && value.asLong() >= 0, path, "a whole number, 0 or more");
      } else if (STRINGS.contains(name)) {
        require(value.isTextual(), path, "a string");
      } else if (DATES.contains(name)) {
        require(value.isTextual() || value.isIntegralNumber(), path, "a date-time such as 2024-01-31T00:00:00Z");
      } else {
        throw ApiException.badRequest(Names.abbreviate(path) + " is not a field of airflowConfig (additionalProperties: false)");
      }
    }
    String zone = airflowConfig.path("pipelineTimezone").asText("UTC");
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw ApiException.badRequest("airflowConfig.pipelineTimezone \"" + Names.abbreviate(zone) + "\" is not a time zone (e.g. UTC, Europe/Paris)");
    }
    Instant start = checkedInstant(airflowConfig, "startDate");
    Instant end = checkedInstant(airflowConfig, "endDate");
    if (start != null && end != null && end.isBefore(start)) {
      throw ApiException.badRequest("airflowConfig.endDate must not be before airflowConfig.startDate");
    }
    String interval = airflowConfig.path("scheduleInterval").asText("").strip();
    if (!interval.isEmpty() && !interval.equals("@once") && !PRESETS.containsKey(interval)) {
      try {
        UNIX.parse(interval).validate();
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("airflowConfig.scheduleInterval \"" + Names.abbreviate(interval)
            + "\" is not a cron expression of five fields (minute hour day-of-month month day-of-week, e.g. \"0 2 * * *\") or one of "
            + PRESETS.keySet().stream().sorted().toList() + ": " + e.getMessage());
      }
    }
  }

  private static Instant checkedInstant(JsonNode airflowConfig, String member) {
    try {
      return instant(airflowConfig, member);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("airflowConfig." + member + " \"" + Names.abbreviate(airflowConfig.path(member).asText())
          + "\" is not a date-time such as 2024-01-31T00:00:00Z");
    }
  }

  /** An ISO date-time with or without an offset (then UTC), or epoch milliseconds. */
  private static Instant instant(JsonNode airflowConfig, String member) {
    JsonNode value = airflowConfig.get(member);
    if (value == null || value.isNull() || value.asText().isBlank()) {
      return null;
    }
    if (value.isIntegralNumber()) {
      return Instant.ofEpochMilli(value.asLong());
    }
    String text = value.asText().strip();
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return java.time.LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }
  }

  private static void require(boolean ok, String path, String what) {
    if (!ok) {
      throw ApiException.badRequest(path + " must be " + what);
    }
  }
}
