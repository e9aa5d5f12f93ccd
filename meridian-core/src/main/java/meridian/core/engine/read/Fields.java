package meridian.core.engine.read;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import meridian.core.Names;
import meridian.core.errors.ApiException;

/** The parsed {@code fields} query parameter (spec §1.9). */
public record Fields(Set<String> names) {
  public static final Fields NONE = new Fields(Set.of());

  public Fields {
    names = Set.copyOf(names);
  }

  /** {@code *} means every allowed field; any other unknown name is a 400 naming it. */
  public static Fields parse(String param, Set<String> allowed) {
    if (param == null || param.isBlank()) {
      return NONE;
    }
    Set<String> names = new LinkedHashSet<>();
    for (String raw : param.split(",")) {
      String name = raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (name.equals("*")) {
        names.addAll(allowed);
      } else if (!allowed.contains(name)) {
        throw ApiException.badRequest("Invalid field name " + Names.abbreviate(name));
      } else {
        names.add(name);
      }
    }
    return new Fields(names);
  }

  public static Fields of(String... names) {
    return new Fields(Set.copyOf(Arrays.asList(names)));
  }

  /** These fields and {@code more}. */
  public Fields plus(Set<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    Set<String> all = new LinkedHashSet<>(names);
    all.addAll(more);
    return new Fields(all);
  }

  public boolean contains(String name) {
    return names.contains(name);
  }
}
