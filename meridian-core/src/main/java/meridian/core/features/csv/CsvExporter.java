package meridian.core.features.csv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import meridian.core.Fqn;
import meridian.core.engine.Engine;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.read.EntityQueries;
import meridian.core.engine.read.Fields;
import meridian.core.engine.relations.Link;
import meridian.core.errors.ApiException;
import meridian.model.Include;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a CSV export (catalog spec §7.2–7.4) as it reads: the children of the target a page at a
 * time, in name order, each row printed as soon as it is read, so an export of a service of a
 * hundred thousand tables never holds more than one page of them.
 */
final class CsvExporter {
  /** Children read per page. */
  static final int PAGE = 500;
  private static final Fields FIELDS = Fields.of("owners", "tags", "domains", "extension");

  private final Engine engine;

  CsvExporter(Engine engine) {
    this.engine = engine;
  }

  /** Prints the file of {@code target}'s level to {@code out}; {@code progress} hears the rows written so far. */
  void export(CsvLevel level, Entity target, boolean recursive, Appendable out, LongConsumer progress) {
    boolean deep = recursive && level.recursive();
    try {
      CSVPrinter printer = CSVFormat.DEFAULT.print(new Chunked(out));
      printer.printRecord(level.headers(deep));
      long[] rows = {0};
      Runnable counted = () -> {
        rows[0]++;
        if (rows[0] % 1000 == 0) {
          progress.accept(rows[0]);
        }
      };
      if (level == CsvLevel.TABLE) {
        columns(target.doc().get("columns"), target.fullyQualifiedName(), "", false, printer, counted);
      } else {
        children(level.type(), target, deep, level == CsvLevel.SERVICE, printer, counted);
      }
      printer.flush();
      progress.accept(rows[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of {@code parent}'s children, and with {@code deep} each one's own inside after it. */
  private void children(String parentType, Entity parent, boolean deep, boolean serviceFile, CSVPrinter printer, Runnable counted)
      throws IOException {
    String childType = CsvLevel.of(parentType).orElseThrow().childType();
    EntityQueries<?> queries = engine.services(childType).queries();
    EntityKind<?> kind = queries.kind();
    String param = kind.containment().memberOf(parentType);
    String after = null;
    do {
      EntityQueries.Page page = queries.list(Include.NON_DELETED, PAGE, null, after, FIELDS, Map.of(param, parent.fullyQualifiedName()));
      for (Entity child : page.items()) {
        List<String> row = entityRow(child, !serviceFile || deep);
        if (deep) {
          row.add(childType);
          row.add(child.fullyQualifiedName());
          pad(row, 20);
        }
        printer.printRecord(row);
        counted.run();
        if (deep) {
          if (childType.equals("table")) {
            columns(child.doc().get("columns"), child.fullyQualifiedName(), "", true, printer, counted);
          } else {
            children(childType, child, true, false, printer, counted);
          }
        }
      }
      after = page.after();
    } while (after != null);
  }

  /** The 12 (or, in a service's own file, 10) fields every entity row starts with. */
  static List<String> entityRow(Entity entity, boolean withRetention) {
    ObjectNode doc = entity.doc();
    List<Link> tags = entity.isLoaded("tags") ? entity.links("tags") : List.of();
    List<String> row = new ArrayList<>(20);
    row.add(entity.name());
    row.add(CsvValues.text(doc, "displayName"));
    row.add(CsvValues.text(doc, "description"));
    row.add(own(entity, "owners") ? CsvValues.owners(entity.links("owners")) : "");
    row.add(CsvValues.tags(tags, l -> CsvValues.CLASSIFICATION.equals(l.source()), false));
    row.add(CsvValues.tags(tags, l -> CsvValues.GLOSSARY.equals(l.source()), false));
    row.add(CsvValues.tags(tags, l -> CsvValues.CLASSIFICATION.equals(l.source()), true));
    row.add(""); // certification: not kept by Meridian (docs/decisions.md)
    if (withRetention) {
      row.add(entity.inherited().contains("retentionPeriod") ? "" : CsvValues.text(doc, "retentionPeriod"));
      row.add(CsvValues.text(doc, "sourceUrl"));
    }
    row.add(own(entity, "domains") ? CsvValues.fqns(entity.links("domains")) : "");
    row.add(CsvValues.extension(doc.get("extension")));
    return row;
  }

  /** Whether the entity's own value of a relation field is loaded (an inherited one is the parent's, not exported). */
  private static boolean own(Entity entity, String field) {
    return entity.isLoaded(field) && !entity.inherited().contains(field);
  }

  /**
   * A table's columns, parents before their children: in a table's own file the 9 column fields,
   * in a recursive file a 20-field row of entityType {@code column} with the column's FQN.
   */
  private static void columns(JsonNode columns, String tableFqn, String prefix, boolean recursive, CSVPrinter printer,
      Runnable counted) throws IOException {
    if (columns == null || !columns.isArray()) {
      return;
    }
    for (JsonNode column : columns) {
      String name = Fqn.quoteName(column.path("name").asText());
      String path = prefix.isEmpty() ? name : prefix + "." + name;
      String dataType = CsvValues.text(column, "dataType");
      if (dataType.equals("ARRAY") && CsvValues.text(column, "arrayDataType").isEmpty()) {
        throw ApiException.badRequest("Column " + path + " has dataType=ARRAY but missing arrayDataType");
      }
      JsonNode tags = column.get("tags");
      List<String> row = new ArrayList<>(20);
      row.add(path);
      row.add(CsvValues.text(column, "displayName"));
      row.add(CsvValues.text(column, "description"));
      if (recursive) {
        row.add("");
        row.add(CsvValues.labels(tags, CsvValues.CLASSIFICATION));
        row.add(CsvValues.labels(tags, CsvValues.GLOSSARY));
        pad(row, 12);
        row.add("column");
        row.add(tableFqn + "." + path);
        row.add(CsvValues.text(column, "dataTypeDisplay"));
        row.add(dataType);
        row.add(CsvValues.text(column, "arrayDataType"));
        row.add(CsvValues.text(column, "dataLength"));
        pad(row, 20);
      } else {
        row.add(CsvValues.text(column, "dataTypeDisplay"));
        row.add(dataType);
        row.add(CsvValues.text(column, "arrayDataType"));
        row.add(CsvValues.text(column, "dataLength"));
        row.add(CsvValues.labels(tags, CsvValues.CLASSIFICATION));
        row.add(CsvValues.labels(tags, CsvValues.GLOSSARY));
      }
      printer.printRecord(row);
      counted.run();
      columns(column.get("children"), tableFqn, path, recursive, printer, counted);
    }
  }

  private static void pad(List<String> row, int size) {
    while (row.size() < size) {
      row.add("");
    }
  }
}
