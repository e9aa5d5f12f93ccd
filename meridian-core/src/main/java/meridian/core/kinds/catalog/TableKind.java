package meridian.core.kinds.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import meridian.core.Fqn;
import meridian.core.Names;
import meridian.core.Principal;
import meridian.core.engine.write.BotDescriptions;
import meridian.core.engine.kind.Containment;
import meridian.core.engine.kind.Field;
import meridian.core.engine.kind.ListFilter;
import meridian.core.engine.kind.PartTag;
import meridian.core.engine.kind.TrackedField;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.Lookup;
import meridian.core.engine.relations.RelationFields;
import meridian.core.engine.relations.Rules;
import meridian.core.errors.ApiException;
import meridian.model.catalog.CreateTable;

/**
 * Tables (OM's {@code /v1/tables}, catalog spec §2.5–2.11, §5.4): under a schema, naming its
 * database and service too; FQN {@code service.db.schema.table}. Columns live in the document,
 * each with its FQN; their tags are labels in the document, checked against the tags when written,
 * shown with the tags' names and descriptions when asked for, and counted as uses of the tags.
 * Columns are compared by OM's rules, and a removed or narrowed column is a major version.
 */
public final class TableKind extends CatalogKind<CreateTable> {
  private static final Set<String> FIELDS =
      Set.of(
          "id", "name", "displayName", "fullyQualifiedName", "description", "version", "updatedAt", "updatedBy", "impersonatedBy",
          "href", "tableType", "columns", "tableConstraints", "tablePartition", "owners", "databaseSchema", "database", "service",
          "serviceType", "location", "locationPath", "schemaDefinition", "tags", "usageSummary", "followers", "joins", "sampleData",
          "tableProfilerConfig", "customMetrics", "profile", "testSuite", "dataModel", "changeDescription",
          "incrementalChangeDescription", "deleted", "retentionPeriod", "compressionEnabled", "compressionCodec",
          "compressionStrategy", "extension", "sourceUrl", "votes", "lifeCycle", "sourceHash", "domains", "domain", "dataProducts",
          "fileFormat", "certification", "processedLineage", "queries", "pipelineObservability", "entityStatus");

  /** Turns the decoded request's parts back into trees for the checks (no reading, so any mapper will do). */
  private static final com.fasterxml.jackson.databind.ObjectMapper TREES = new com.fasterxml.jackson.databind.ObjectMapper()
      .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

  public TableKind() {
    super(
        new Identity("table", "tables", "table_entity"), CreateTable.class, ownFields(), FIELDS,
        Containment.under("databaseSchema", "databaseSchema").withAncestor("database", "database")
            .withAncestor("databaseService", "service").copying("serviceType").inheriting(CatalogFields.INHERITED),
        List.of(),
        List.of(ListFilter.under("database", "database"), ListFilter.under("databaseSchema", "databaseSchema"),
            ListFilter.related("domain", "domains")));
  }

  private static List<Field> ownFields() {
    List<Field> fields = new ArrayList<>();
    fields.add(Field.replace("tableType"));
    fields.add(Field.replace("tableConstraints").asList());
    fields.add(Field.replace("tablePartition"));
    fields.add(Field.replace("schemaDefinition"));
    fields.add(Field.replace("locationPath"));
    fields.add(Field.replace("fileFormat"));
    fields.add(Field.keep("dataModel", null));
    fields.add(Field.keep("tableProfilerConfig", null));
    fields.addAll(CatalogFields.common());
    return fields;
  }

  /** Spec §4.7: shown only when asked for. */
  @Override
  public Set<String> docFieldsOnRequest() {
    return Set.of("tableConstraints", "schemaDefinition", "tableProfilerConfig", "dataModel", CatalogFields.EXTENSION);
  }

  /** Spec §2.11, with OM's messages. */
  @Override
  public void validate(CreateTable request) {
    if (request.tableType() != null && !DataTypes.TABLE_TYPES.contains(request.tableType())) {
      throw ApiException.badRequest("tableType \"" + Names.abbreviate(request.tableType()) + "\" is not a table type; use one of "
          + DataTypes.TABLE_TYPES);
    }
    if (request.fileFormat() != null && !DataTypes.FILE_FORMATS.contains(request.fileFormat())) {
      throw ApiException.badRequest("fileFormat \"" + Names.abbreviate(request.fileFormat()) + "\" is not a file format; use one of "
          + DataTypes.FILE_FORMATS);
    }
    Columns.validate(request.columns() == null ? null : TREES.valueToTree(request.columns()),
        request.tableConstraints() == null ? null : TREES.valueToTree(request.tableConstraints()),
        request.tablePartition());
  }

  /**
   * The columns, normalised (spec §2.11) and, on a PUT, merged with the stored ones (spec §5.2); the
   * table constraints in one spelling, without those whose column went (spec §5.4).
   */
  @Override
  public void applyCustom(ObjectNode current, ObjectNode next, ObjectNode request, Principal principal, boolean put) {
    JsonNode requested = request.get("columns");
    ArrayNode columns = Columns.normalized(requested == null || requested.isNull() ? next.arrayNode() : requested,
        next.get("fullyQualifiedName").asText());
    Map<String, JsonNode> sent = new LinkedHashMap<>();
    if (put && principal.bot()) {
      Columns.walk(columns, (path, column) -> sent.put(path, column.get("description")));
    }
    if (current != null && put) {
      Columns.mergeForPut(current.get("columns"), columns, principal, current, "");
    }
    // A bot's PUT records the column descriptions it sent that the columns now say.
    if (!sent.isEmpty()) {
      Columns.walk(columns, (path, column) -> {
        JsonNode description = sent.get(path);
        if (description != null && description.equals(column.get("description"))) {
          BotDescriptions.record(next, path, description);
        }
      });
    }
    next.set("columns", columns);
    ArrayNode constraints = Columns.keptConstraints(request.get("tableConstraints"), current == null ? null : current.get("tableConstraints"),
        columns);
    if (constraints == null || constraints.isEmpty()) {
      next.remove("tableConstraints");
    } else {
      next.set("tableConstraints", constraints);
    }
  }

  @Override
  public List<TrackedField> customTracked() {
    return List.of(TrackedField.custom("columns", new ColumnDiff()));
  }

  /**
   * Column tags are checked as entity tags are (spec §5.1): a label a write adds must name a tag
   * that exists and is enabled (OM's 404 and 400), and no two tags of a mutually exclusive parent
   * may sit on one column. Labels a column already had are not checked again: a tag deleted or
   * disabled since must not stop the table's next write (the label is no longer shown, and goes
   * when a PATCH takes it off). Foreign keys name existing tables (spec §2.9).
   */
  @Override
  public void checkEntity(ObjectNode current, ObjectNode doc, Map<String, List<Link>> links, Lookup lookup) {
    Map<String, Set<String>> before = new LinkedHashMap<>();
    if (current != null) {
      Columns.walk(current.get("columns"), (path, column) -> column.path("tags")
          .forEach(tag -> before.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(tag.path("tagFQN").asText())));
    }
    Map<String, List<String>> changed = new LinkedHashMap<>();
    Set<String> all = new LinkedHashSet<>();
    Columns.walk(doc.get("columns"), (path, column) -> {
      List<String> tags = new ArrayList<>();
      column.path("tags").forEach(tag -> tags.add(tag.path("tagFQN").asText()));
      if (!before.getOrDefault(path, Set.of()).containsAll(tags)) {
        changed.put(path, tags);
        all.addAll(tags);
      }
    });
    if (!all.isEmpty()) {
      Map<String, Link> found = lookup.byFqns("tag", all);
      changed.forEach((path, tags) -> {
        Set<String> old = before.getOrDefault(path, Set.of());
        List<Link> fresh = new ArrayList<>();
        List<Link> kept = new ArrayList<>();
        for (String fqn : tags) {
          Link tag = found.get(fqn);
          if (old.contains(fqn)) {
            if (tag != null && !tag.deleted()) {
              kept.add(tag);
            }
          } else if (tag == null || tag.deleted()) {
            throw ApiException.notFound("tag", Names.abbreviate(fqn));
          } else {
            fresh.add(tag);
          }
        }
        Rules.TAGS.check(RelationFields.tags(), fresh, Map.of(), lookup);
        List<Link> together = new ArrayList<>(kept);
        together.addAll(fresh);
        together.sort(Comparator.comparing(Link::fullyQualifiedName));
        Rules.exclusive(together, lookup);
      });
    }
    Set<String> tables = new LinkedHashSet<>();
    for (JsonNode constraint : doc.path("tableConstraints")) {
      for (JsonNode referred : constraint.path("referredColumns")) {
        tables.add(Fqn.prefix(referred.asText(), 4));
      }
    }
    if (!tables.isEmpty()) {
      Map<String, Link> found = lookup.byFqns("table", tables);
      for (String table : tables) {
        if (!found.containsKey(table)) {
          throw ApiException.notFound("table", Names.abbreviate(table));
        }
      }
    }
  }

  @Override
  public boolean taggedParts() {
    return true;
  }

  /** Each column tag is a use of its tag, kept where usage counts and tag deletes see it. */
  @Override
  public List<PartTag> partTags(ObjectNode doc) {
    List<PartTag> out = new ArrayList<>();
    Columns.walk(doc.get("columns"), (path, column) -> {
      for (JsonNode tag : column.path("tags")) {
        out.add(new PartTag(path, tag.path("tagFQN").asText(), tag.path("source").asText(), tag.path("labelType").asText(),
            tag.path("state").asText()));
      }
    });
    return out;
  }

  /**
   * Spec §4.7: column tags are shown when {@code fields} asks for tags, as TagLabels of the tags as
   * they are now (a tag deleted since is left out); otherwise columns come without them.
   */
  @Override
  public void showParts(ObjectNode doc, Map<String, Link> tags) {
    Columns.walk(doc.get("columns"), (path, column) -> {
      ObjectNode col = (ObjectNode) column;
      if (tags == null) {
        col.remove("tags");
        return;
      }
      ArrayNode shown = col.arrayNode();
      for (JsonNode label : col.path("tags")) {
        Link tag = tags.get(label.path("tagFQN").asText());
        if (tag == null || tag.deleted()) {
          continue;
        }
        ObjectNode item = shown.addObject();
        item.put("tagFQN", tag.fullyQualifiedName());
        item.put("name", tag.name());
        if (tag.displayName() != null) {
          item.put("displayName", tag.displayName());
        }
        item.put("description", tag.target().path("description").asText(""));
        if (tag.target().hasNonNull("style")) {
          item.set("style", tag.target().get("style"));
        }
        item.put("source", label.path("source").asText());
        item.put("labelType", label.path("labelType").asText());
        item.put("state", label.path("state").asText());
      }
      col.set("tags", shown);
    });
  }

  @Override
  public String searchIndex() {
    return "table_search_index";
  }
}
