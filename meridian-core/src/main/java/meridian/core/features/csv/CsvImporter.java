package meridian.core.features.csv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import meridian.core.Fqn;
import meridian.core.Principal;
import meridian.core.engine.Engine;
import meridian.core.engine.EntityRepository;
import meridian.core.engine.ItemOutcome;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.kind.EntityKind;
import meridian.core.engine.relations.Link;
import meridian.core.engine.relations.RelationField;
import meridian.core.kinds.catalog.DataTypes;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV import (catalog spec §7.5, §7.6), streamed: the file is read twice, once to check its
 * header and that it parses (an import that would abort writes nothing), then a batch of rows at a
 * time, each batch written through the repository's import path in one transaction, so that a
 * hundred thousand tables never sit in memory together. A row that fails fails alone; the result
 * CSV is written as the rows are, to {@code results}.
 */
final class CsvImporter {
  /** Entities per transaction. */
  static final int BATCH = 500;

  private final Engine engine;

  CsvImporter(Engine engine) {
    this.engine = engine;
  }

  /** OM's CsvImportResult without its result CSV (which went to the {@code results} the run was given). */
  record Summary(boolean dryRun, String status, String abortReason, long processed, long passed, long failed) {}

  Summary run(CsvLevel level, Entity target, boolean recursive, CsvService.Input input, boolean dryRun, Principal principal,
      Appendable results, LongConsumer progress) {
    boolean deep = recursive && level.recursive();
    List<String> expected = level.headers(deep);
    String abort = check(input, expected);
    if (abort != null) {
      return new Summary(dryRun, "aborted", abort, 1, 0, 1);
    }
    try (Reader reader = input.open(); CSVParser parser = CSVFormat.DEFAULT.parse(reader)) {
      CSVPrinter out = CSVFormat.DEFAULT.print(new Chunked(results));
      List<String> header = new ArrayList<>(List.of("status", "details"));
      header.addAll(expected);
      out.printRecord(header);
      Run run = new Run(level, target, deep, dryRun, principal, out, expected.size(), progress);
      Iterator<CSVRecord> records = parser.iterator();
      records.next();
      while (records.hasNext()) {
        run.add(records.next());
      }
      run.flush();
      out.flush();
      progress.accept(run.processed - 1);
      String status = run.passed == run.processed ? "success" : run.passed >= 1 ? "partialSuccess" : "failure";
      return new Summary(dryRun, status, null, run.processed, run.passed, run.processed - run.passed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Why the file is refused as a whole (OM's aborted import), or null: its header, then that all of it parses. */
  private static String check(CsvService.Input input, List<String> expected) {
    try (Reader reader = input.open(); CSVParser parser = CSVFormat.DEFAULT.parse(reader)) {
      Iterator<CSVRecord> records = parser.iterator();
      List<String> header = records.hasNext() ? records.next().toList() : List.of();
      if (!header.equals(expected)) {
        return "#INVALID_HEADER: Headers [" + String.join(",", header) + "] doesn't match [" + String.join(",", expected) + "]";
      }
      while (records.hasNext()) {
        records.next();
      }
      return null;
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      String reason = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause().getMessage() : e.getMessage();
      return "#PARSER_FAILURE: Failed to parse the CSV filed - reason " + reason;
    }
  }

  // ------------------------------------------------------------------ one import

  /** One record of the file, and what became of it. */
  private static final class Entry {
    final List<String> values;
    String error;
    Group group;
    boolean column;

    Entry(List<String> values) {
      this.values = values;
    }
  }

  /** One entity the batch writes: its own row's values (if the file has that row) and its column rows. */
  private static final class Group {
    final String kind;
    final String parentFqn;
    final String name;
    final String fqn;
    Values values;
    final List<ColumnRow> columns = new ArrayList<>();
    final Map<ColumnRow, String> columnErrors = new HashMap<>();
    ItemOutcome outcome;
    boolean simulatedCreate;
    /** The entity's own row failed: nothing of it is written, its column rows fail with it. */
    boolean failedRow;

    Group(String kind, String parentFqn, String name) {
      this.kind = kind;
      this.parentFqn = parentFqn;
      this.name = name;
      this.fqn = parentFqn + "." + Fqn.quoteName(name);
    }
  }

  /** An entity row's values, as its fields said them. */
  private record Values(String displayName, String description, List<String[]> owners, List<String> tags, List<String> glossary,
      boolean withRetention, String retentionPeriod, String sourceUrl, List<String> domains, ObjectNode extension) {}

  /** A column row's values; {@code path} are the names from the table down to the column. */
  private record ColumnRow(Entry entry, List<String> path, String displayName, String description, String dataTypeDisplay,
      String dataType, String arrayDataType, Integer dataLength, List<String> tags, List<String> glossary, boolean recursive) {}

  /** A reference a row makes, with the (1-based) field that makes it. */
  private record Ref(int field, String type, String fqn) {}

  private final class Run {
    final CsvLevel level;
    final Entity target;
    final boolean deep;
    final boolean dryRun;
    final Principal principal;
    final CSVPrinter out;
    final int width;
    final LongConsumer progress;
    long processed = 1;
    long passed = 1;
    /** What a dry run would have created: the parents of later rows, which the store does not have. */
    final Set<String> simulated = new HashSet<>();
    /** Whether an entity of a type exists, by {@code type + '\0' + fqn}: tags, users, teams, domains are few and asked often. */
    final Map<String, Boolean> known = new HashMap<>();
    final List<Entry> entries = new ArrayList<>();
    final Map<String, Group> groups = new LinkedHashMap<>();
    final Map<Entry, List<Ref>> refs = new HashMap<>();
    String batchKind;

    Run(CsvLevel level, Entity target, boolean deep, boolean dryRun, Principal principal, CSVPrinter out, int width,
        LongConsumer progress) {
      this.level = level;
      this.target = target;
      this.deep = deep;
      this.dryRun = dryRun;
      this.principal = principal;
      this.out = out;
      this.width = width;
      this.progress = progress;
    }

    void add(CSVRecord record) {
      List<String> values = new ArrayList<>(record.toList());
      if (deep) {
        // OM's recursive files pad or trim each row to the header (spec §7.5).
        while (values.size() < width) {
          values.add("");
        }
        while (values.size() > width) {
          values.remove(values.size() - 1);
        }
      }
      Entry entry = new Entry(values);
      try {
        if (!deep && values.size() != width) {
          throw new RowError("#INVALID_FIELD_COUNT: Field count " + values.size() + " does not match the expected field count of " + width);
        }
        if (level == CsvLevel.TABLE) {
          addColumn(entry, tableGroup(), false);
        } else if (!deep) {
          addEntity(entry, level.childType(), target.fullyQualifiedName());
        } else {
          addRecursive(entry);
        }
      } catch (RowError e) {
        entry.error = e.getMessage();
        entries.add(entry);
      }
    }

    private void addRecursive(Entry entry) {
      List<String> v = entry.values;
      String type = v.get(12);
      String fqn = v.get(13);
      if (type.isEmpty()) {
        throw new RowError(required(v, Set.of(0, 12)));
      }
      switch (type) {
        case "database", "databaseSchema", "table" -> {
          if (!allowed(type)) {
            throw new RowError("#INVALID_FIELD: Field 13 error - a " + level.type() + " file has no " + type + " rows");
          }
          String parent;
          if (fqn.isEmpty()) {
            if (!CsvLevel.of(level.type()).orElseThrow().childType().equals(type)) {
              throw new RowError((type.equals("table") ? "Table" : "Schema") + " import requires fullyQualifiedName to determine the "
                  + (type.equals("table") ? "schema" : "database") + " it belongs to");
            }
            parent = target.fullyQualifiedName();
          } else {
            List<String> parts = Fqn.split(fqn);
            parent = String.join(".", parts.subList(0, parts.size() - 1));
            inside(parent, fqn);
          }
          addEntity(entry, type, parent);
        }
        case "column" -> {
          if (fqn.isEmpty()) {
            throw new RowError("Column import requires fullyQualifiedName to determine the table it belongs to");
          }
          List<String> parts = Fqn.split(fqn);
          if (parts.size() < 5) {
            throw new RowError("#INVALID_FIELD: Field 14 error - " + fqn + " is not the fullyQualifiedName of a column");
          }
          String table = String.join(".", parts.subList(0, 4));
          inside(String.join(".", parts.subList(0, 3)), table);
          Group group = group("table", String.join(".", parts.subList(0, 3)), unquote(parts.get(3)));
          addColumn(entry, group, true);
        }
        case "storedProcedure" -> throw new RowError(
            "#INVALID_FIELD: Field 13 error - stored procedures are not kept by Meridian (docs/decisions.md)");
        default -> throw new RowError("#INVALID_FIELD: Field 13 error - Unknown entityType " + type);
      }
    }

    private boolean allowed(String type) {
      return switch (level) {
        case SERVICE -> true;
        case DATABASE -> !type.equals("database");
        case SCHEMA -> type.equals("table");
        case TABLE -> false;
      };
    }

    private void inside(String parent, String fqn) {
      String root = target.fullyQualifiedName();
      if (!parent.equals(root) && !parent.startsWith(root + ".")) {
        throw new RowError("#INVALID_FIELD: Field 14 error - " + fqn + " is not inside " + level.type() + " " + root);
      }
    }

    private Group tableGroup() {
      Group group = groups.get(target.fullyQualifiedName());
      if (group == null) {
        String schema = target.doc().path("databaseSchema").path("fullyQualifiedName").asText();
        group = new Group("table", schema, target.name());
        batchKind = "table";
        groups.put(group.fqn, group);
      }
      return group;
    }

    /** The batch's group of this entity: a new batch when the kind changes or the batch is full. */
    private Group group(String kind, String parentFqn, String name) {
      String fqn = parentFqn + "." + Fqn.quoteName(name);
      Group group = groups.get(fqn);
      if (group == null || !kind.equals(batchKind)) {
        if (!kind.equals(batchKind) || groups.size() >= BATCH) {
          flush();
          batchKind = kind;
        }
        group = new Group(kind, parentFqn, name);
        groups.put(fqn, group);
      }
      return group;
    }

    private void addEntity(Entry entry, String kind, String parentFqn) {
      List<String> v = entry.values;
      String missing = required(v, Set.of(0));
      if (missing != null) {
        throw new RowError(missing);
      }
      boolean service = level == CsvLevel.SERVICE && !deep;
      int domainsAt = service ? 8 : 10;
      List<Ref> refs = new ArrayList<>();
      List<String[]> owners = new ArrayList<>();
      for (String owner : CsvValues.split(v.get(3))) {
        int colon = owner.indexOf(':');
        String type = colon < 0 ? "" : owner.substring(0, colon);
        if (!type.equals("user") && !type.equals("team") || colon == owner.length() - 1) {
          throw new RowError(invalid(4, "Owner should be of format user:userName or team:teamName"));
        }
        String name = owner.substring(colon + 1);
        owners.add(new String[] {type, name});
        refs.add(new Ref(4, type, Fqn.quoteName(name)));
      }
      List<String> tags = CsvValues.split(v.get(4));
      tags.forEach(t -> refs.add(new Ref(5, "tag", t)));
      List<String> glossary = CsvValues.split(v.get(5));
      glossary.forEach(t -> refs.add(new Ref(6, "glossaryTerm", t)));
      List<String> tiers = CsvValues.split(v.get(6));
      if (tiers.size() > 1) {
        throw new RowError(invalid(7, "an entity has one tier, the field names " + tiers.size()));
      }
      for (String tier : tiers) {
        if (!CsvValues.isTier(tier)) {
          throw new RowError(invalid(7, "a tier is a tag of the Tier classification, such as Tier.Tier1; " + tier + " is not"));
        }
        refs.add(new Ref(7, "tag", tier));
      }
      if (!v.get(7).isEmpty()) {
        throw new RowError(invalid(8, "certification is not kept by Meridian: leave the field empty (docs/decisions.md)"));
      }
      List<String> domains = CsvValues.split(v.get(domainsAt));
      domains.forEach(d -> refs.add(new Ref(domainsAt + 1, "domain", d)));
      ObjectNode extension = extension(v.get(domainsAt + 1), domainsAt + 2);
      List<String> allTags = new ArrayList<>(tags);
      allTags.addAll(tiers);
      Values values = new Values(v.get(1), v.get(2), owners, allTags, glossary, !service, service ? null : v.get(8),
          service ? null : v.get(9), domains, extension);
      Group group = group(kind, parentFqn, v.get(0));
      if (group.values != null) {
        // The same entity twice in one file: the second row is the next write of it.
        flush();
        batchKind = kind;
        group = new Group(kind, parentFqn, v.get(0));
        groups.put(group.fqn, group);
      }
      group.values = values;
      entry.group = group;
      entries.add(entry);
      this.refs.put(entry, refs);
    }

    private ObjectNode extension(String field, int fieldNumber) {
      try {
        return CsvValues.parseExtension(field);
      } catch (IllegalArgumentException e) {
        throw new RowError(invalid(fieldNumber, e.getMessage()));
      }
    }

    private void addColumn(Entry entry, Group group, boolean recursive) {
      List<String> v = entry.values;
      // Where the fields are: a table's own file, or a recursive row (spec §7.3).
      int typeAt = recursive ? 15 : 4;
      int displayAt = recursive ? 14 : 3;
      int arrayAt = recursive ? 16 : 5;
      int lengthAt = recursive ? 17 : 6;
      int tagsAt = recursive ? 4 : 7;
      int glossaryAt = recursive ? 5 : 8;
      List<String> path;
      if (recursive) {
        List<String> parts = Fqn.split(v.get(13));
        path = parts.subList(4, parts.size()).stream().map(CsvImporter::unquote).toList();
      } else {
        String missing = required(v, Set.of(0, 4));
        if (missing != null) {
          throw new RowError(missing);
        }
        path = Fqn.split(v.get(0)).stream().map(CsvImporter::unquote).toList();
      }
      String column = String.join(".", path);
      String dataType = v.get(typeAt);
      if (dataType.isEmpty()) {
        throw new RowError("Column dataType is mandatory for column: " + column);
      }
      if (!DataTypes.isColumnType(dataType)) {
        throw new RowError(recursive ? "Invalid dataType '" + dataType + "' for column: " + column
            : invalid(typeAt + 1, "Invalid dataType '" + dataType + "' for column: " + column));
      }
      String arrayType = v.get(arrayAt);
      if (dataType.equals("ARRAY") && arrayType.isEmpty()) {
        throw new RowError("Array data type is mandatory for ARRAY columns: " + column);
      }
      if (!arrayType.isEmpty() && !DataTypes.isColumnType(arrayType)) {
        throw new RowError(invalid(arrayAt + 1, "Invalid arrayDataType '" + arrayType + "' for column: " + column));
      }
      Integer length = null;
      if (!v.get(lengthAt).isEmpty()) {
        try {
          length = Integer.valueOf(v.get(lengthAt));
        } catch (NumberFormatException e) {
          throw new RowError(invalid(lengthAt + 1, "Invalid data length for column: " + column + " (a whole number)"));
        }
      } else if (DataTypes.needsLength(dataType)) {
        throw new RowError("Data length is mandatory for " + dataType + " columns: " + column);
      }
      List<Ref> refs = new ArrayList<>();
      List<String> tags = CsvValues.split(v.get(tagsAt));
      tags.forEach(t -> refs.add(new Ref(tagsAt + 1, "tag", t)));
      List<String> glossary = CsvValues.split(v.get(glossaryAt));
      glossary.forEach(t -> refs.add(new Ref(glossaryAt + 1, "glossaryTerm", t)));
      ColumnRow row = new ColumnRow(entry, path, v.get(1), v.get(2), v.get(displayAt), dataType, arrayType, length, tags, glossary,
          recursive);
      group.columns.add(row);
      entry.group = group;
      entry.column = true;
      entries.add(entry);
      this.refs.put(entry, refs);
    }

    // ---------------------------------------------------------------- a batch

    void flush() {
      if (entries.isEmpty()) {
        groups.clear();
        return;
      }
      resolve();
      List<Group> writes = new ArrayList<>();
      for (Group group : groups.values()) {
        if (group.failedRow) {
          for (ColumnRow column : group.columns) {
            if (column.entry().error == null) {
              column.entry().error = "the row of " + group.kind + " " + group.fqn + " failed, and its columns with it";
            }
          }
          continue;
        }
        if (group.values == null && group.columns.stream().allMatch(c -> c.entry().error != null)) {
          continue;
        }
        if (dryRun && (simulated.contains(group.parentFqn) || simulated.contains(group.fqn))) {
          // A dry run's rows under what it would have created: checked as far as the store allows.
          group.simulatedCreate = !simulated.contains(group.fqn);
          simulated.add(group.fqn);
        } else {
          writes.add(group);
        }
      }
      if (!writes.isEmpty()) {
        String kind = writes.get(0).kind;
        EntityRepository<?> repository = engine.services(kind).repository();
        List<EntityRepository.ImportRow> rows = new ArrayList<>();
        for (Group group : writes) {
          rows.add(new EntityRepository.ImportRow(base(repository.kind(), group), request -> set(repository.kind(), group, request)));
        }
        List<ItemOutcome> outcomes = repository.importRows(rows, dryRun, principal);
        for (int i = 0; i < writes.size(); i++) {
          Group group = writes.get(i);
          group.outcome = outcomes.get(i);
          if (dryRun && group.outcome.succeeded() && group.outcome.result().status() == 201) {
            simulated.add(group.fqn);
          }
        }
      }
      try {
        for (Entry entry : entries) {
          emit(entry);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      progress.accept(processed - 1);
      entries.clear();
      groups.clear();
      refs.clear();
    }

    /** Marks the rows that name a tag, user, team or domain the store does not have (the first such field of each). */
    private void resolve() {
      Map<String, Set<String>> unknown = new HashMap<>();
      refs.values().forEach(list -> list.forEach(ref -> {
        if (!known.containsKey(key(ref))) {
          unknown.computeIfAbsent(ref.type(), t -> new HashSet<>()).add(ref.fqn());
        }
      }));
      if (!unknown.isEmpty()) {
        engine.storeAccess().read(tx -> {
          var lookup = engine.links().lookup(tx);
          unknown.forEach((type, fqns) -> {
            // Meridian has no glossaries yet: no term is found (docs/decisions.md).
            Map<String, Link> found = type.equals("glossaryTerm") ? Map.of() : lookup.byFqns(type, fqns);
            fqns.forEach(fqn -> known.put(type + '\0' + fqn, found.containsKey(fqn) && !found.get(fqn).deleted()));
          });
          return null;
        });
      }
      refs.forEach((entry, list) -> {
        for (Ref ref : list) {
          if (!known.get(key(ref))) {
            entry.error = invalid(ref.field(), "Entity " + ref.fqn() + " of type " + ref.type() + " not found");
            if (!entry.column && entry.group != null) {
              entry.group.failedRow = true;
            }
            return;
          }
        }
      });
    }

    private String key(Ref ref) {
      return ref.type() + '\0' + ref.fqn();
    }

    private ObjectNode base(EntityKind<?> kind, Group group) {
      ObjectNode base = JsonNodeFactory.instance.objectNode();
      base.put("name", group.name);
      base.put(kind.containment().parentMembers().get(0), group.parentFqn);
      if (group.kind.equals("table")) {
        base.putArray("columns");
      }
      return base;
    }

    /** What a group's rows say, written into the entity's request form. */
    private ObjectNode set(EntityKind<?> kind, Group group, ObjectNode request) {
      group.columnErrors.clear();
      Values v = group.values;
      if (v != null) {
        CsvValues.setOrRemove(request, "displayName", v.displayName());
        CsvValues.setOrRemove(request, "description", v.description());
        ArrayNode owners = JsonNodeFactory.instance.arrayNode();
        for (String[] owner : v.owners()) {
          owners.addObject().put("type", owner[0]).put("fullyQualifiedName", Fqn.quoteName(owner[1]));
        }
        put(request, member(kind, "owners"), owners);
        put(request, member(kind, "tags"), CsvValues.labels(request.get(member(kind, "tags")), v.tags(), v.glossary()));
        ArrayNode domains = JsonNodeFactory.instance.arrayNode();
        v.domains().forEach(domains::add);
        put(request, member(kind, "domains"), domains);
        if (v.withRetention()) {
          CsvValues.setOrRemove(request, "retentionPeriod", v.retentionPeriod());
          CsvValues.setOrRemove(request, "sourceUrl", v.sourceUrl());
        }
        if (v.extension() == null) {
          request.remove("extension");
        } else {
          request.set("extension", v.extension());
        }
      }
      if (!group.columns.isEmpty()) {
        JsonNode columns = request.get("columns");
        ArrayNode top = columns != null && columns.isArray() ? (ArrayNode) columns : request.putArray("columns");
        for (ColumnRow row : group.columns) {
          if (row.entry().error == null) {
            String error = applyColumn(top, row);
            if (error != null) {
              group.columnErrors.put(row, error);
            }
          }
        }
      }
      return request;
    }

    private static void put(ObjectNode request, String member, ArrayNode values) {
      if (values.isEmpty()) {
        request.remove(member);
      } else {
        request.set(member, values);
      }
    }

    private static String member(EntityKind<?> kind, String field) {
      for (RelationField relation : kind.relations()) {
        if (relation.name().equals(field)) {
          return relation.member();
        }
      }
      return field;
    }

    private void emit(Entry entry) throws IOException {
      String error = entry.error;
      String details = null;
      if (error == null) {
        Group group = entry.group;
        if (entry.column && group.columnErrors.containsKey(columnOf(entry))) {
          error = group.columnErrors.get(columnOf(entry));
        } else if (group.outcome != null && !group.outcome.succeeded()) {
          error = group.outcome.error().getMessage();
        } else {
          boolean created = group.outcome != null ? group.outcome.result().status() == 201 : group.simulatedCreate;
          details = created && !entry.column ? "Entity created" : "Entity updated";
        }
      }
      List<String> row = new ArrayList<>(entry.values.size() + 2);
      row.add(error == null ? "success" : "failure");
      row.add(error == null ? details : error);
      row.addAll(entry.values);
      out.printRecord(row);
      processed++;
      if (error == null) {
        passed++;
      }
    }

    private ColumnRow columnOf(Entry entry) {
      for (ColumnRow row : entry.group.columns) {
        if (row.entry() == entry) {
          return row;
        }
      }
      return null;
    }
  }

  /**
   * Sets a column row into a table's columns: the column its path names is changed, or added under
   * its parent (which must come earlier, spec §7.6). Returns why it could not be, or null.
   */
  private static String applyColumn(ArrayNode top, ColumnRow row) {
    ArrayNode siblings = top;
    List<String> path = row.path();
    for (int i = 0; i < path.size() - 1; i++) {
      ObjectNode parent = find(siblings, path.get(i));
      if (parent == null) {
        return row.recursive() ? "Parent column not found: " + String.join(".", path.subList(0, i + 1))
            : "Parent Column not found. Check the order of the columns in the CSV file.";
      }
      JsonNode children = parent.get("children");
      siblings = children != null && children.isArray() ? (ArrayNode) children : parent.putArray("children");
    }
    ObjectNode column = find(siblings, path.get(path.size() - 1));
    if (column == null) {
      column = siblings.addObject();
      column.put("name", path.get(path.size() - 1));
      if (row.dataType().equals("STRUCT")) {
        column.putArray("children");
      }
    }
    CsvValues.setOrRemove(column, "displayName", row.displayName());
    CsvValues.setOrRemove(column, "description", row.description());
    CsvValues.setOrRemove(column, "dataTypeDisplay", row.dataTypeDisplay());
    column.put("dataType", row.dataType());
    CsvValues.setOrRemove(column, "arrayDataType", row.arrayDataType());
    if (row.dataLength() == null) {
      column.remove("dataLength");
    } else {
      column.put("dataLength", row.dataLength());
    }
    ArrayNode tags = CsvValues.labels(column.get("tags"), row.tags(), row.glossary());
    if (tags.isEmpty()) {
      column.remove("tags");
    } else {
      column.set("tags", tags);
    }
    return null;
  }

  private static ObjectNode find(ArrayNode columns, String name) {
    for (JsonNode column : columns) {
      if (name.equals(column.path("name").asText(null))) {
        return (ObjectNode) column;
      }
    }
    return null;
  }

  /** OM's message for required fields left empty: the (1-based) numbers of all of them, or null. */
  private static String required(List<String> values, Collection<Integer> at) {
    List<String> missing = new ArrayList<>();
    at.stream().sorted().forEach(i -> {
      if (i >= values.size() || values.get(i).isEmpty()) {
        missing.add("#FIELD_REQUIRED: Field " + (i + 1) + " is required");
      }
    });
    return missing.isEmpty() ? null : String.join(";", missing);
  }

  private static String invalid(int field, String why) {
    return "#INVALID_FIELD: Field " + field + " error - " + why;
  }

  private static String unquote(String part) {
    return part.length() >= 2 && part.startsWith("\"") && part.endsWith("\"") ? part.substring(1, part.length() - 1) : part;
  }

  /** A record the file cannot be imported from, with OM's message. */
  private static final class RowError extends RuntimeException {
    RowError(String message) {
      super(message, null, false, false);
    }
  }
}
