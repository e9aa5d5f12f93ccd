package meridian.core.kinds.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import meridian.core.Names;
import meridian.core.errors.ApiException;

/**
 * {@code sourceConfig.config} of a metadata pipeline: OM's {@code DatabaseServiceMetadataPipeline}
 * (ingestion spec §2.1), with the fields added after 1.4 accepted as well (§2.3). Its members are
 * checked by type, unknown ones refused as OM's schema does ({@code additionalProperties: false}),
 * and every filter regex compiled, so that a bad one is a 400 now rather than a failed run.
 */
public final class SourceConfig {
  public static final String TYPE = "DatabaseMetadata";

  private enum Type { BOOLEAN, INTEGER, STRING, FILTER, OBJECT }

  private static final Map<String, Type> MEMBERS = new LinkedHashMap<>();

  static {
    for (String flag : new String[] {"markDeletedTables", "markDeletedStoredProcedures", "includeTables", "includeViews", "includeTags",
        "includeOwners", "includeStoredProcedures", "includeDDL", "useFqnForFiltering", "markDeletedSchemas", "markDeletedDatabases",
        "overrideMetadata", "extractJsonSchema"}) {
      MEMBERS.put(flag, Type.BOOLEAN);
    }
    for (String number : new String[] {"queryLogDuration", "queryParsingTimeoutLimit", "threads", "jsonSchemaSampleSize"}) {
      MEMBERS.put(number, Type.INTEGER);
    }
    for (String filter : new String[] {"databaseFilterPattern", "schemaFilterPattern", "tableFilterPattern",
        "storedProcedureFilterPattern"}) {
      MEMBERS.put(filter, Type.FILTER);
    }
    MEMBERS.put("type", Type.STRING);
    MEMBERS.put("incremental", Type.OBJECT);
    MEMBERS.put("ownerConfig", Type.OBJECT);
  }

  private static final Set<String> FILTER_MEMBERS = Set.of("includes", "excludes");

  private SourceConfig() {}

  static void check(ObjectNode sourceConfig) {
    Iterator<String> names = sourceConfig.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("config")) {
        throw unknown("sourceConfig." + name, "sourceConfig");
      }
    }
    JsonNode config = sourceConfig.get("config");
    if (!(config instanceof ObjectNode members)) {
      throw ApiException.badRequest("sourceConfig.config must be an object (a DatabaseServiceMetadataPipeline)");
    }
    String type = members.path("type").asText(TYPE);
    if (!TYPE.equals(type)) {
      throw ApiException.badRequest("sourceConfig.config.type \"" + Names.abbreviate(type) + "\" is not one this server runs; use "
          + TYPE);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = members.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = "sourceConfig.config." + field.getKey();
      Type expected = MEMBERS.get(field.getKey());
      if (expected == null) {
        throw unknown(path, "DatabaseServiceMetadataPipeline");
      }
      JsonNode value = field.getValue();
      if (value.isNull()) {
        continue;
      }
      switch (expected) {
        case BOOLEAN -> require(value.isBoolean(), path, "true or false");
        case INTEGER -> require(value.isIntegralNumber() && value.asLong() >= 0, path, "a whole number, 0 or more");
        case STRING -> require(value.isTextual(), path, "a string");
        case OBJECT -> require(value.isObject(), path, "an object");
        case FILTER -> filter(value, path);
      }
    }
    JsonNode threads = members.get("threads");
    if (threads != null && threads.isIntegralNumber() && threads.asInt() < 1) {
      throw ApiException.badRequest(path("threads") + " must be at least 1");
    }
  }

  private static String path(String member) {
    return "sourceConfig.config." + member;
  }

  /** OM's filterPattern: {@code {includes: [regex], excludes: [regex]}}, each a regex this server can compile. */
  private static void filter(JsonNode value, String path) {
    require(value.isObject(), path, "an object {\"includes\": [...], \"excludes\": [...]}");
    Iterator<Map.Entry<String, JsonNode>> lists = value.fields();
    while (lists.hasNext()) {
      Map.Entry<String, JsonNode> list = lists.next();
      String listPath = path + "." + list.getKey();
      if (!FILTER_MEMBERS.contains(list.getKey())) {
        throw unknown(listPath, "filterPattern");
      }
      if (list.getValue().isNull()) {
        continue;
      }
      require(list.getValue().isArray(), listPath, "a list of regular expressions");
      int i = 0;
      for (JsonNode regex : list.getValue()) {
        String itemPath = listPath + "[" + i++ + "]";
        require(regex.isTextual(), itemPath, "a regular expression");
        try {
          Pattern.compile(regex.asText(), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
          throw ApiException.badRequest(itemPath + ": Invalid regex [" + Names.abbreviate(regex.asText()) + "]: "
              + e.getDescription());
        }
      }
    }
  }

  private static void require(boolean ok, String path, String what) {
    if (!ok) {
      throw ApiException.badRequest(path + " must be " + what);
    }
  }

  private static ApiException unknown(String path, String schema) {
    return ApiException.badRequest(Names.abbreviate(path) + " is not a field of " + schema + " (additionalProperties: false)");
  }
}
