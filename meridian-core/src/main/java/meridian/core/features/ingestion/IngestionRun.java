package meridian.core.features.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import meridian.core.Fqn;
import meridian.core.Principal;
import meridian.core.engine.EntityServices;
import meridian.core.engine.ItemOutcome;
import meridian.core.engine.EntityRepository;
import meridian.core.engine.Target;
import meridian.core.engine.kind.Entity;
import meridian.core.engine.read.EntityQueries;
import meridian.core.engine.read.Fields;
import meridian.model.ChangeType;
import meridian.model.Include;
import meridian.model.catalog.Column;
import meridian.model.catalog.CreateDatabase;
import meridian.model.catalog.CreateDatabaseSchema;
import meridian.model.catalog.CreateTable;
import meridian.model.catalog.TableConstraint;

/**
 * One metadata run (ingestion spec §1): the source's databases, schemas, tables and views, in
 * OM's order and shapes, written through the catalog's bulk path as the ingestion bot — an
 * unchanged object makes no write and no version — then the objects the source no longer has
 * soft-deleted, but only where the listing that would show them gone was complete (§1.7: a failed
 * listing deletes nothing). Counts are OM's step summary; failures of one object are recorded and
 * the run goes on.
 */
final class IngestionRun {
  /** Tables written per bulk call. */
  static final int BATCH = 500;

  /** OM's StepSummary counters for the source step. */
  static final class Counts {
    long records;
    long updated;
    long warnings;
    long errors;
    long filtered;
    final List<Map<String, String>> failures = new ArrayList<>();

    void fail(String name, String error) {
      errors++;
      if (failures.size() < 50) {
        failures.add(Map.of("name", name, "error", error));
      }
    }
  }

  private final EntityServices<CreateDatabase> databases;
  private final EntityServices<CreateDatabaseSchema> schemas;
  private final EntityServices<CreateTable> tables;
  private final Principal bot;
  private final boolean override;
  private final JsonNode config;
  private final Consumer<String> log;
  private final LongConsumer progress;
  private final meridian.core.Json json;
  final Counts counts = new Counts();

  IngestionRun(EntityServices<CreateDatabase> databases, EntityServices<CreateDatabaseSchema> schemas, EntityServices<CreateTable> tables,
      Principal bot, JsonNode config, Consumer<String> log, LongConsumer progress, meridian.core.Json json) {
    this.json = json;
    this.databases = databases;
    this.schemas = schemas;
    this.tables = tables;
    this.config = config;
    // overrideMetadata (spec §2.3): the source's descriptions replace those people wrote.
    this.override = flag("overrideMetadata", false);
    this.bot = override ? bot.withSourceWins() : bot;
    this.log = log;
    this.progress = progress;
  }

  private boolean flag(String name, boolean otherwise) {
    JsonNode value = config.get(name);
    return value == null || value.isNull() ? otherwise : value.asBoolean();
  }

  void run(String service, Source source) throws SQLException {
    Filter databaseFilter = Filter.of(config.get("databaseFilterPattern"));
    Filter schemaFilter = Filter.of(config.get("schemaFilterPattern"));
    Filter tableFilter = Filter.of(config.get("tableFilterPattern"));
    boolean fqnFiltering = flag("useFqnForFiltering", false);
    List<String> names = source.databases();
    Set<String> produced = new LinkedHashSet<>();
    for (String database : names) {
      String databaseFqn = service + "." + Fqn.quoteName(database);
      if (names.size() > 1 && !databaseFilter.keeps(fqnFiltering ? databaseFqn : database)) {
        counts.filtered++;
        log.accept("Database Filtered Out: " + database);
        continue;
      }
      source.use(database);
      if (write(databases, List.of(new CreateDatabase(database, null, null, null, null, service, null, null, null, null, null, null, null,
          null, null)), database).isEmpty()) {
        continue;
      }
      produced.add(databaseFqn);
      database(databaseFqn, source, schemaFilter, tableFilter, fqnFiltering);
    }
    if (flag("markDeletedDatabases", false)) {
      Set<String> kept = new HashSet<>(produced);
      // As for tables, a database the filter excludes is left alone (docs/decisions.md).
      markDeleted(databases.queries(), "service", service, kept,
          fqn -> names.size() > 1 && !databaseFilter.keeps(fqnFiltering ? fqn : last(fqn)), true);
    }
  }

  private void database(String databaseFqn, Source source, Filter schemaFilter, Filter tableFilter, boolean fqnFiltering) {
    List<Source.Named> listed;
    try {
      listed = source.schemas();
    } catch (SQLException e) {
      counts.fail(databaseFqn, "cannot list the schemas of " + databaseFqn + ": " + e.getMessage());
      log.accept("ERROR cannot list the schemas of " + databaseFqn + ": " + e.getMessage() + "; nothing under it is marked deleted");
      return;
    }
    Set<String> producedSchemas = new LinkedHashSet<>();
    Map<String, Set<String>> completeSchemas = new LinkedHashMap<>();
    List<CreateTable> requests = new ArrayList<>();
    for (Source.Named schema : listed) {
      String schemaFqn = databaseFqn + "." + Fqn.quoteName(schema.name());
      if (!schemaFilter.keeps(fqnFiltering ? schemaFqn : schema.name())) {
        counts.filtered++;
        log.accept("Schema Filtered Out: " + schema.name());
        continue;
      }
      if (write(schemas, List.of(new CreateDatabaseSchema(schema.name(), null, schema.description(), null, databaseFqn, null, null, null,
          null, null, null, null, null, null)), schema.name()).isEmpty()) {
        continue;
      }
      producedSchemas.add(schemaFqn);
      List<Source.SourceTable> read;
      long readStart = System.nanoTime();
      try {
        read = source.tables(schema.name());
        log.accept("INFO schema " + schema.name() + ": " + read.size() + " tables and views read in "
            + (System.nanoTime() - readStart) / 1_000_000 + " ms");
      } catch (SQLException e) {
        counts.fail(schemaFqn, "cannot list the tables of " + schemaFqn + ": " + e.getMessage());
        log.accept("ERROR cannot list the tables of " + schemaFqn + ": " + e.getMessage() + "; none of its tables is marked deleted");
        continue;
      }
      Set<String> names = new LinkedHashSet<>();
      for (Source.SourceTable table : read) {
        String tableFqn = schemaFqn + "." + Fqn.quoteName(table.name());
        boolean view = table.tableType().equals("View");
        if ((view && !flag("includeViews", true)) || (!view && !flag("includeTables", true))) {
          continue;
        }
        if (!tableFilter.keeps(fqnFiltering ? tableFqn : table.name())) {
          counts.filtered++;
          log.accept("Table Filtered Out: " + schema.name() + "." + table.name());
          continue;
        }
        names.add(tableFqn);
        requests.add(request(databaseFqn, schemaFqn, table));
      }
      completeSchemas.put(schemaFqn, names);
    }
    writeTables(requests, List.copyOf(completeSchemas.keySet()));
    if (flag("markDeletedTables", true)) {
      // Only tables of schemas listed completely in this run, and only those the filter keeps
      // (Meridian's choice: a table excluded by the filter is left alone, docs/decisions.md).
      // The tables each schema had before the run were listed once, before writing (writeTables).
      completeSchemas.forEach((schemaFqn, kept) -> existing.getOrDefault(schemaFqn, Map.of()).forEach((fqn, table) -> {
        if (!kept.contains(fqn) && tableFilter.keeps(fqnFiltering ? fqn : last(fqn))) {
          softDelete(tables, table.id(), fqn, false);
        }
      }));
    }
    if (flag("markDeletedSchemas", false)) {
      markDeleted(schemas.queries(), "database", databaseFqn, producedSchemas,
          fqn -> !schemaFilter.keeps(fqnFiltering ? fqn : last(fqn)), true);
    }
  }

  /** OM's CreateTable for a source table (spec §1.3–1.5): single-column keys on the column, composite ones and foreign keys on the table. */
  private CreateTable request(String databaseFqn, String schemaFqn, Source.SourceTable table) {
    Map<String, String> columnConstraint = new HashMap<>();
    List<TableConstraint> constraints = new ArrayList<>();
    for (Source.Key key : table.keys()) {
      switch (key.type()) {
        case "p", "u" -> {
          String type = key.type().equals("p") ? "PRIMARY_KEY" : "UNIQUE";
          if (key.columns().size() == 1) {
            columnConstraint.putIfAbsent(key.columns().get(0), type);
          } else {
            key.columns().forEach(c -> columnConstraint.putIfAbsent(c, "COMPOSITE"));
            constraints.add(new TableConstraint(type, key.columns(), null, null));
          }
        }
        default -> {
          if (key.refTable() != null && key.refColumns().size() == key.columns().size()) {
            String referred = databaseFqn + "." + Fqn.quoteName(key.refSchema()) + "." + Fqn.quoteName(key.refTable());
            constraints.add(new TableConstraint("FOREIGN_KEY", key.columns(),
                key.refColumns().stream().map(c -> referred + "." + Fqn.quoteName(c)).toList(), null));
          }
        }
      }
    }
    List<Column> columns = new ArrayList<>();
    for (Source.SourceColumn c : table.columns()) {
      String constraint = columnConstraint.get(c.name());
      if (constraint == null) {
        constraint = c.nullable() ? "NULL" : "NOT_NULL";
      } else if (constraint.equals("COMPOSITE")) {
        constraint = null; // OM leaves members of a composite key without one (spec §1.4)
      }
      SourceTypes.Mapped t = c.type();
      columns.add(new Column(c.name(), null, t.dataType(), t.arrayDataType(), t.dataLength(), t.precision(), t.scale(), t.display(),
          c.description(), null, null, constraint, null, null, null, null, null, null));
    }
    String definition = table.tableType().equals("View") ? table.definition() : null;
    return new CreateTable(table.name(), null, table.description(), table.tableType(), columns, null, null,
        constraints.isEmpty() ? null : constraints, null, null, null, schemaFqn, null, definition, null, null, null, null, null, null,
        null, null, null);
  }

  /**
   * Writes tables so that a foreign key's table is there before the key: in rounds, each the
   * tables whose referred tables exist already or were written in an earlier round; what a cycle
   * leaves goes first without its unresolved keys, then again with them.
   */
  private void writeTables(List<CreateTable> all, List<String> schemaFqns) {
    // OM's sourceHash (spec §1.1): a table whose request hashes as the stored one did is not sent
    // at all (unless the source wins: then what people changed since goes back to the source's);
    // the stored hashes come with one list per schema.
    Map<String, String> stored = storedHashes(schemaFqns);
    Set<String> known = new HashSet<>();
    List<CreateTable> requests = new ArrayList<>();
    for (CreateTable r : all) {
      CreateTable hashed = withHash(r);
      String fqn = r.databaseSchema() + "." + Fqn.quoteName(r.name());
      if (!override && hashed.sourceHash().equals(stored.get(fqn))) {
        counts.records++;
        known.add(fqn);
      } else {
        requests.add(hashed);
      }
    }
    progress.accept(counts.records);
    log.accept("INFO " + (all.size() - requests.size()) + " of " + all.size() + " tables unchanged at the source (same sourceHash): not sent");
    Map<String, CreateTable> pending = new LinkedHashMap<>();
    requests.forEach(r -> pending.put(r.databaseSchema() + "." + Fqn.quoteName(r.name()), r));
    Set<String> outside = new HashSet<>();
    for (CreateTable r : requests) {
      for (String table : referredTables(r)) {
        if (!pending.containsKey(table) && !outside.contains(table)) {
          if (tables.queries().find(Target.byName(table), Include.NON_DELETED, Fields.NONE).isPresent()) {
            known.add(table);
          } else {
            outside.add(table);
          }
        }
      }
    }
    while (!pending.isEmpty()) {
      List<CreateTable> ready = new ArrayList<>();
      pending.forEach((fqn, r) -> {
        if (known.containsAll(referredTables(r).stream().filter(t -> !outside.contains(t)).toList())) {
          ready.add(withoutKeysTo(r, outside));
        }
      });
      if (ready.isEmpty()) {
        // A cycle: first without the keys still unresolved, so that the tables exist, then with them.
        List<CreateTable> first = pending.values().stream().map(r -> withoutKeysTo(r, notIn(referredTables(r), known))).toList();
        writeBatches(first, false);
        known.addAll(pending.keySet());
        continue;
      }
      writeBatches(ready, true);
      ready.forEach(r -> {
        String fqn = r.databaseSchema() + "." + Fqn.quoteName(r.name());
        pending.remove(fqn);
        known.add(fqn);
      });
    }
  }

  /** A live table of the catalog before the run: its id and its sourceHash (null when it has none). */
  record Existing(UUID id, String hash) {}

  /** The live tables of each schema before the run wrote any, by schema FQN, then table FQN. */
  private final Map<String, Map<String, Existing>> existing = new HashMap<>();

  /** The sourceHash of each live table of these schemas, by FQN; listed once, for the skip and for markDeletedTables. */
  private Map<String, String> storedHashes(List<String> schemaFqns) {
    Map<String, String> out = new HashMap<>();
    for (String schema : schemaFqns) {
      Map<String, Existing> tablesOf = existing.computeIfAbsent(schema, s -> new LinkedHashMap<>());
      String after = null;
      do {
        EntityQueries.Page page = tables.queries().list(Include.NON_DELETED, 1000, null, after, Fields.NONE, Map.of("databaseSchema", schema));
        for (Entity e : page.items()) {
          JsonNode hash = e.doc().get("sourceHash");
          String text = hash != null && hash.isTextual() ? hash.asText() : null;
          tablesOf.put(e.fullyQualifiedName(), new Existing(e.id(), text));
          if (text != null) {
            out.put(e.fullyQualifiedName(), text);
          }
        }
        after = page.after();
      } while (after != null);
    }
    return out;
  }

  private void softDelete(EntityServices<?> services, UUID id, String fqn, boolean recursive) {
    try {
      services.repository().delete(Target.byId(id), false, recursive, bot, null);
      log.accept("INFO marked deleted: " + services.kind().entityType() + " " + fqn);
    } catch (RuntimeException e) {
      counts.fail(fqn, "cannot mark it deleted: " + e.getMessage());
    }
  }

  /** The request with its sourceHash: the MD5 of the request without one (32 hex digits, as OM's field allows). */
  private CreateTable withHash(CreateTable r) {
    CreateTable bare = r;
    String text = json.write(new CreateTable(bare.name(), bare.displayName(), bare.description(), bare.tableType(), bare.columns(),
        bare.dataModel(), bare.locationPath(), bare.tableConstraints(), bare.tablePartition(), bare.tableProfilerConfig(), bare.owners(),
        bare.databaseSchema(), bare.tags(), bare.schemaDefinition(), bare.retentionPeriod(), bare.extension(), bare.sourceUrl(),
        bare.lifeCycle(), bare.domains(), bare.domain(), bare.dataProducts(), bare.fileFormat(), null));
    String hash;
    try {
      hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new CreateTable(r.name(), r.displayName(), r.description(), r.tableType(), r.columns(), r.dataModel(), r.locationPath(),
        r.tableConstraints(), r.tablePartition(), r.tableProfilerConfig(), r.owners(), r.databaseSchema(), r.tags(), r.schemaDefinition(),
        r.retentionPeriod(), r.extension(), r.sourceUrl(), r.lifeCycle(), r.domains(), r.domain(), r.dataProducts(), r.fileFormat(), hash);
  }

  private static Set<String> notIn(Set<String> all, Set<String> known) {
    Set<String> out = new HashSet<>(all);
    out.removeAll(known);
    return out;
  }

  private static Set<String> referredTables(CreateTable r) {
    Set<String> out = new LinkedHashSet<>();
    if (r.tableConstraints() != null) {
      for (TableConstraint c : r.tableConstraints()) {
        if (c.referredColumns() != null) {
          c.referredColumns().forEach(col -> out.add(Fqn.prefix(col, 4)));
        }
      }
    }
    return out;
  }

  /** The request without the foreign keys to {@code tables} (tables this run can't find: outside its filters, or not there). */
  private static CreateTable withoutKeysTo(CreateTable r, Set<String> tables) {
    if (r.tableConstraints() == null || tables.isEmpty()) {
      return r;
    }
    List<TableConstraint> kept = r.tableConstraints().stream()
        .filter(c -> c.referredColumns() == null || c.referredColumns().stream().noneMatch(col -> tables.contains(Fqn.prefix(col, 4))))
        .toList();
    return new CreateTable(r.name(), r.displayName(), r.description(), r.tableType(), r.columns(), r.dataModel(), r.locationPath(),
        kept.isEmpty() ? null : kept, r.tablePartition(), r.tableProfilerConfig(), r.owners(), r.databaseSchema(), r.tags(),
        r.schemaDefinition(), r.retentionPeriod(), r.extension(), r.sourceUrl(), r.lifeCycle(), r.domains(), r.domain(), r.dataProducts(),
        r.fileFormat(), r.sourceHash());
  }

  private void writeBatches(List<CreateTable> requests, boolean count) {
    long start = System.nanoTime();
    for (int from = 0; from < requests.size(); from += BATCH) {
      List<CreateTable> batch = requests.subList(from, Math.min(requests.size(), from + BATCH));
      List<ItemOutcome> outcomes = tables.repository().write(batch, EntityRepository.Mode.UPSERT, bot);
      for (ItemOutcome outcome : outcomes) {
        if (!outcome.succeeded()) {
          counts.fail(outcome.name(), outcome.error().getMessage());
          log.accept("ERROR table " + outcome.name() + ": " + outcome.error().getMessage());
        } else if (count) {
          counts.records++;
          if (outcome.result().change() != ChangeType.ENTITY_NO_CHANGE && outcome.result().change() != ChangeType.ENTITY_CREATED) {
            counts.updated++;
          }
        }
      }
      progress.accept(counts.records);
    }
    if (!requests.isEmpty()) {
      log.accept("INFO wrote " + requests.size() + " tables in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
  }

  /** Writes databases or schemas one by one (few); the written entities, or none when it failed (recorded). */
  private <C> List<Entity> write(EntityServices<C> services, List<C> requests, String name) {
    List<Entity> out = new ArrayList<>();
    for (ItemOutcome outcome : services.repository().write(requests, EntityRepository.Mode.UPSERT, bot)) {
      if (outcome.succeeded()) {
        counts.records++;
        out.add(outcome.result().entity());
      } else {
        counts.fail(name, outcome.error().getMessage());
        log.accept("ERROR " + services.kind().entityType() + " " + name + ": " + outcome.error().getMessage());
      }
    }
    return out;
  }

  /**
   * Soft-deletes the children of {@code parentFqn} that this run did not produce: never one
   * {@code leftAlone} says to keep (one the run's filter excludes).
   */
  private void markDeleted(EntityQueries<?> queries, String filter, String parentFqn, Set<String> produced,
      java.util.function.Predicate<String> leftAlone, boolean recursive) {
    List<Entity> gone = new ArrayList<>();
    String after = null;
    do {
      EntityQueries.Page page = queries.list(Include.NON_DELETED, 1000, null, after, Fields.NONE, Map.of(filter, parentFqn));
      for (Entity e : page.items()) {
        String fqn = e.fullyQualifiedName();
        if (!produced.contains(fqn) && !leftAlone.test(fqn)) {
          gone.add(e);
        }
      }
      after = page.after();
    } while (after != null);
    for (Entity e : gone) {
      try {
        (queries.kind().entityType().equals("table") ? tables : queries.kind().entityType().equals("databaseSchema") ? schemas : databases)
            .repository().delete(Target.byId(e.id()), false, recursive, bot, null);
        log.accept("Marked deleted: " + queries.kind().entityType() + " " + e.fullyQualifiedName());
      } catch (RuntimeException ex) {
        counts.fail(e.fullyQualifiedName(), "cannot mark it deleted: " + ex.getMessage());
      }
    }
  }

  /** The last part of an FQN: the name the filters match when useFqnForFiltering is off. */
  private static String last(String fqn) {
    List<String> parts = Fqn.split(fqn);
    return parts.get(parts.size() - 1);
  }

}
