package meridian.core.features.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * OM's filterPattern as OM's ingestion applies it (ingestion spec §2.2): each regex matched at the
 * start of the name, not necessarily to its end, ignoring case (Python's {@code re.match});
 * includes, when there are any, decide alone; otherwise a name any exclude matches is dropped.
 */
final class Filter {
  static final Filter ALL = new Filter(List.of(), List.of());

  private final List<Pattern> includes;
  private final List<Pattern> excludes;

  private Filter(List<Pattern> includes, List<Pattern> excludes) {
    this.includes = includes;
    this.excludes = excludes;
  }

  /** The filter of a pipeline's {@code sourceConfig.config} member (checked when the pipeline was written). */
  static Filter of(JsonNode pattern) {
    if (pattern == null || !pattern.isObject()) {
      return ALL;
    }
    return new Filter(compile(pattern.get("includes")), compile(pattern.get("excludes")));
  }

  private static List<Pattern> compile(JsonNode list) {
    List<Pattern> out = new ArrayList<>();
    if (list != null && list.isArray()) {
      list.forEach(regex -> out.add(Pattern.compile(regex.asText(), Pattern.CASE_INSENSITIVE)));
    }
    return out;
  }

  boolean keeps(String name) {
    if (!includes.isEmpty()) {
      return includes.stream().anyMatch(p -> p.matcher(name).lookingAt());
    }
    return excludes.stream().noneMatch(p -> p.matcher(name).lookingAt());
  }
}
