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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
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

  /**
   * Where a run reports the records it has done. A report may be skipped when one was made a
   * moment ago; one {@code now} is always made (before anything is marked deleted), and throws
   * when the run is no longer this worker's (killed, taken over, its pipeline deleted).
   */
  @FunctionalInterface
  interface Progress {
    void report(long done, boolean now);
  }

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
  private final Progress progress;
  private final meridian.core.Json json;
  final Counts counts = new Counts();

  IngestionRun(EntityServices<CreateDatabase> databases, EntityServices<CreateDatabaseSchema> schemas, EntityServices<CreateTable> tables,
      Principal bot, JsonNode config, Consumer<String> log, Progress progress, meridian.core.Json json) {
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

  /**
   * Reads {@code source} (and, when there is one, on a second connection {@code helper}, which
   * reads schemas beside it: at most two connections to a source, as the issue allows) and writes
   * what it finds.
   */
  void run(String service, Source source, Source helper) throws SQLException {
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
      // The second connection opens while the first does (a connection costs a round trip or three).
      CompletableFuture<Void> opening = helper == null ? null : CompletableFuture.runAsync(() -> {
        try {
          helper.use(database);
        } catch (SQLException e) {
          throw new CompletionException(e);
        }
      });
      source.use(database);
      Source second = helper;
      if (opening != null) {
        try {
          opening.join();
        } catch (CompletionException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          log.accept("WARN a second connection to " + database + " failed (" + cause.getMessage() + "); reading on one");
          second = null;
        }
      }
      if (write(databases, List.of(new CreateDatabase(database, null, null, null, null, service, null, null, null, null, null, null, null,
          null, null)), database).isEmpty()) {
        continue;
      }
      produced.add(databaseFqn);
      database(databaseFqn, source, second, schemaFilter, tableFilter, fqnFiltering);
    }
    if (flag("markDeletedDatabases", false)) {
      progress.report(counts.records, true);
      Set<String> kept = new HashSet<>(produced);
      // As for tables, a database the filter excludes is left alone (docs/decisions.md).
      markDeleted(databases.queries(), "service", service, kept,
          fqn -> names.size() > 1 && !databaseFilter.keeps(fqnFiltering ? fqn : last(fqn)), true);
    }
  }

  private void database(String databaseFqn, Source source, Source helper, Filter schemaFilter, Filter tableFilter, boolean fqnFiltering) {
    List<Source.Named> listed;
    try {
      listed = source.schemas();
    } catch (SQLException e) {
      counts.fail(databaseFqn, "cannot list the schemas of " + databaseFqn + ": " + e.getMessage());
      log.accept("ERROR cannot list the schemas of " + databaseFqn + ": " + e.getMessage() + "; nothing under it is marked deleted");
      return;
    }
    Set<String> producedSchemas = new LinkedHashSet<>();
    Map<String, UUID> schemaIds = new HashMap<>();
    List<Source.Named> passing = new ArrayList<>();
    List<CreateDatabaseSchema> schemaRequests = new ArrayList<>();
    for (Source.Named schema : listed) {
      String schemaFqn = databaseFqn + "." + Fqn.quoteName(schema.name());
      if (!schemaFilter.keeps(fqnFiltering ? schemaFqn : schema.name())) {
        counts.filtered++;
        log.accept("Schema Filtered Out: " + schema.name());
        continue;
      }
      passing.add(schema);
      schemaRequests.add(new CreateDatabaseSchema(schema.name(), null, schema.description(), null, databaseFqn, null, null, null, null, null,
          null, null, null, null));
    }
    // Each schema is read (on up to two connections, a few schemas ahead), then at once turned
    // into requests, compared with the catalog and written as far as its foreign keys allow: a run
    // holds a few schemas of source rows at a time, and of the rest only what still has to be written.
    // The readers start first; the schemas are written meanwhile, in one write (one transaction),
    // each with its own outcome, and a schema whose write failed has its read dropped.
    Map<String, Set<String>> completeSchemas = new LinkedHashMap<>();
    TableWriter writer = new TableWriter();
    readInOrder(source, helper, passing.stream().map(Source.Named::name).toList(), () -> {
      List<ItemOutcome> outcomes = schemaRequests.isEmpty() ? List.of()
          : schemas.repository().write(schemaRequests, EntityRepository.Mode.UPSERT, bot);
      for (int i = 0; i < outcomes.size(); i++) {
        Source.Named schema = passing.get(i);
        ItemOutcome outcome = outcomes.get(i);
        if (!outcome.succeeded()) {
          counts.fail(schema.name(), outcome.error().getMessage());
          log.accept("ERROR databaseSchema " + schema.name() + ": " + outcome.error().getMessage());
          continue;
        }
        counts.records++;
        String schemaFqn = databaseFqn + "." + Fqn.quoteName(schema.name());
        producedSchemas.add(schemaFqn);
        schemaIds.put(schemaFqn, outcome.result().entity().id());
      }
    }, (name, result) -> {
      String schemaFqn = databaseFqn + "." + Fqn.quoteName(name);
      if (!schemaIds.containsKey(schemaFqn)) {
        return;
      }
      if (result.failure() != null) {
        SQLException e = result.failure();
        counts.fail(schemaFqn, "cannot list the tables of " + schemaFqn + ": " + e.getMessage());
        log.accept("ERROR cannot list the tables of " + schemaFqn + ": " + e.getMessage() + "; none of its tables is marked deleted");
        return;
      }
      log.accept("INFO schema " + name + ": " + result.tables().size() + " tables and views read in " + result.millis() + " ms");
      Set<String> names = new LinkedHashSet<>();
      List<CreateTable> requests = new ArrayList<>();
      for (Source.SourceTable table : result.tables()) {
        String tableFqn = schemaFqn + "." + Fqn.quoteName(table.name());
        boolean view = table.tableType().equals("View");
        if ((view && !flag("includeViews", true)) || (!view && !flag("includeTables", true))) {
          continue;
        }
        if (!tableFilter.keeps(fqnFiltering ? tableFqn : table.name())) {
          counts.filtered++;
          log.accept("Table Filtered Out: " + name + "." + table.name());
          continue;
        }
        names.add(tableFqn);
        requests.add(request(databaseFqn, schemaFqn, table));
      }
      completeSchemas.put(schemaFqn, names);
      writer.add(schemaFqn, schemaIds.get(schemaFqn), requests);
    });
    writer.finish();
    progress.report(counts.records, true);
    if (flag("markDeletedTables", true)) {
      // Only tables of schemas listed completely in this run, and only those the filter keeps
      // (Meridian's choice: a table excluded by the filter is left alone, docs/decisions.md).
      // The tables each schema had before the run were listed once, before writing (TableWriter#add).
      completeSchemas.forEach((schemaFqn, kept) -> existing.getOrDefault(schemaFqn, Map.of()).forEach((fqn, table) -> {
        if (!kept.contains(fqn) && tableFilter.keeps(fqnFiltering ? fqn : last(fqn))) {
          softDelete(tables, table.id(), fqn, false);
        }
      }));
    }
    if (flag("markDeletedSchemas", false)) {
      progress.report(counts.records, true);
      markDeleted(schemas.queries(), "database", databaseFqn, producedSchemas,
          fqn -> !schemaFilter.keeps(fqnFiltering ? fqn : last(fqn)), true);
    }
  }

  /** One schema's tables as read, or why they could not be. */
  record Read(List<Source.SourceTable> tables, SQLException failure, long millis) {}

  /** Schemas read ahead of the one being written, at most. */
  static final int READ_AHEAD = 3;

  /**
   * Reads the tables of {@code names} on reader threads, one per connection ({@code source}, and
   * {@code helper} when there is one), each taking the next schema not yet read, at most
   * {@link #READ_AHEAD} ahead of this thread, which hands each schema's result to {@code each} in
   * the order of {@code names}, after running {@code meanwhile} while the first reads go. When {@code each} throws (the run was killed), the readers stop
   * before their next schema; the connections' close ends a query still going.
   */
  private static void readInOrder(Source source, Source helper, List<String> names, Runnable meanwhile,
      java.util.function.BiConsumer<String, Read> each) {
    List<CompletableFuture<Read>> results = new ArrayList<>();
    names.forEach(n -> results.add(new CompletableFuture<>()));
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.Semaphore ahead = new java.util.concurrent.Semaphore(READ_AHEAD);
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    List<Source> connections = helper == null || names.size() < 2 ? List.of(source) : List.of(source, helper);
    for (Source on : connections) {
      Thread reader = new Thread(() -> {
        while (!stop.get()) {
          try {
            ahead.acquire();
          } catch (InterruptedException e) {
            return;
          }
          int i = next.getAndIncrement();
          if (i >= names.size() || stop.get()) {
            return;
          }
          long start = System.nanoTime();
          Read read;
          try {
            read = new Read(on.tables(names.get(i)), null, (System.nanoTime() - start) / 1_000_000);
          } catch (SQLException e) {
            read = new Read(null, e, (System.nanoTime() - start) / 1_000_000);
          } catch (RuntimeException e) {
            read = new Read(null, new SQLException(String.valueOf(e.getMessage()), e), (System.nanoTime() - start) / 1_000_000);
          } catch (Error e) {
            // Out of memory, say: the run fails on its own thread (join throws) instead of waiting forever.
            results.get(i).completeExceptionally(e);
            stop.set(true);
            return;
          }
          results.get(i).complete(read);
        }
      }, "meridian-ingestion-reader");
      reader.setDaemon(true);
      reader.start();
    }
    try {
      meanwhile.run();
      for (int i = 0; i < names.size(); i++) {
        Read read = results.get(i).join();
        results.set(i, null);
        each.accept(names.get(i), read);
        ahead.release();
      }
    } finally {
      stop.set(true);
      ahead.release(connections.size());
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
   * Writes tables so that a foreign key's table is there before the key. Each schema's requests
   * come as it is read: those whose sourceHash is the stored one are not sent (OM's sourceHash,
   * spec §1.1; unless the source wins, when what people changed since goes back to the source's),
   * and the others are written as soon as every table their keys refer to is in the catalog. At the
   * end, what is left (keys to tables of later schemas, cycles) is written in rounds: what a cycle
   * leaves goes first without its unresolved keys, then again with them; a key to a table this run
   * does not catalogue (outside its filters) is left out.
   */
  private final class TableWriter {
    private final Map<String, CreateTable> pending = new LinkedHashMap<>();
    /** Tables in the catalog now: listed live before the run, or written by it. */
    private final Set<String> known = new HashSet<>();
    private long unchanged;
    private long sent;

    void add(String schemaFqn, UUID schemaId, List<CreateTable> all) {
      long start = System.nanoTime();
      Map<String, String> stored = storedHashes(schemaFqn, schemaId);
      long listed = System.nanoTime();
      known.addAll(existing.getOrDefault(schemaFqn, Map.of()).keySet());
      for (CreateTable r : all) {
        CreateTable hashed = withHash(r);
        String fqn = r.databaseSchema() + "." + Fqn.quoteName(r.name());
        if (!override && hashed.sourceHash().equals(stored.get(fqn))) {
          counts.records++;
          unchanged++;
        } else {
          pending.put(fqn, hashed);
        }
      }
      long hashed = System.nanoTime();
      progress.report(counts.records, false);
      writeReady(Set.of());
      log.accept("INFO schema " + schemaFqn + ": catalog listed in " + (listed - start) / 1_000_000 + " ms, requests hashed in "
          + (hashed - listed) / 1_000_000 + " ms, " + pending.size() + " tables left to write");
    }

    /** Writes, in rounds, the pending tables whose keys refer only to known tables or to {@code outside} ones (keys to those dropped). */
    private void writeReady(Set<String> outside) {
      while (true) {
        List<CreateTable> ready = new ArrayList<>();
        pending.forEach((fqn, r) -> {
          if (referredTables(r).stream().allMatch(t -> known.contains(t) || outside.contains(t))) {
            ready.add(withoutKeysTo(r, outside));
          }
        });
        if (ready.isEmpty()) {
          return;
        }
        send(ready, true);
        ready.forEach(r -> {
          String fqn = r.databaseSchema() + "." + Fqn.quoteName(r.name());
          pending.remove(fqn);
          known.add(fqn);
        });
      }
    }

    void finish() {
      Set<String> outside = new HashSet<>();
      for (CreateTable r : pending.values()) {
        for (String table : referredTables(r)) {
          if (!pending.containsKey(table) && !known.contains(table) && !outside.contains(table)) {
            if (tables.queries().find(Target.byName(table), Include.NON_DELETED, Fields.NONE).isPresent()) {
              known.add(table);
            } else {
              outside.add(table);
            }
          }
        }
      }
      writeReady(outside);
      while (!pending.isEmpty()) {
        // A cycle: first without the keys still unresolved, so that the tables exist, then with them.
        List<CreateTable> first = pending.values().stream().map(r -> withoutKeysTo(r, notIn(referredTables(r), known))).toList();
        send(first, false);
        known.addAll(pending.keySet());
        writeReady(outside);
      }
      log.accept("INFO " + unchanged + " of " + (unchanged + sent) + " tables unchanged at the source (same sourceHash): not sent");
    }

    private void send(List<CreateTable> requests, boolean count) {
      if (count) {
        sent += requests.size();
      }
      writeBatches(requests, count);
    }
  }

  /** A live table of the catalog before the run: its id and its sourceHash (null when it has none). */
  record Existing(UUID id, String hash) {}

  /** The live tables of each schema before the run wrote any, by schema FQN, then table FQN. */
  private final Map<String, Map<String, Existing>> existing = new HashMap<>();

  /**
   * The sourceHash of each live table of the schema, by FQN; listed once, for the skip and for
   * markDeletedTables, by the store without reading the tables' documents.
   */
  private Map<String, String> storedHashes(String schemaFqn, UUID schemaId) {
    Map<String, String> out = new HashMap<>();
    Map<String, Existing> tablesOf = existing.computeIfAbsent(schemaFqn, s -> new LinkedHashMap<>());
    for (EntityQueries.ChildMember table : tables.queries().childMembers(schemaId, "sourceHash")) {
      String fqn = schemaFqn + "." + Fqn.quoteName(table.name());
      tablesOf.put(fqn, new Existing(table.id(), table.value()));
      if (table.value() != null) {
        out.put(fqn, table.value());
      }
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

  /**
   * The request with its sourceHash: the MD5 of the request without one (its JSON in UTF-8, as
   * {@link meridian.core.Json#write} gives it; 32 hex digits, as OM's field allows). The JSON
   * streams into the digest: a schema's thousand requests make no thousand strings.
   */
  private CreateTable withHash(CreateTable r) {
    CreateTable bare = r.sourceHash() == null ? r : new CreateTable(r.name(), r.displayName(), r.description(), r.tableType(), r.columns(),
        r.dataModel(), r.locationPath(), r.tableConstraints(), r.tablePartition(), r.tableProfilerConfig(), r.owners(),
        r.databaseSchema(), r.tags(), r.schemaDefinition(), r.retentionPeriod(), r.extension(), r.sourceUrl(),
        r.lifeCycle(), r.domains(), r.domain(), r.dataProducts(), r.fileFormat(), null);
    digest.reset();
    try (java.io.OutputStream sink = new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), digest)) {
      json.mapper().writeValue(sink, bare);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String hash = java.util.HexFormat.of().formatHex(digest.digest());
    return new CreateTable(r.name(), r.displayName(), r.description(), r.tableType(), r.columns(), r.dataModel(), r.locationPath(),
        r.tableConstraints(), r.tablePartition(), r.tableProfilerConfig(), r.owners(), r.databaseSchema(), r.tags(), r.schemaDefinition(),
        r.retentionPeriod(), r.extension(), r.sourceUrl(), r.lifeCycle(), r.domains(), r.domain(), r.dataProducts(), r.fileFormat(), hash);
  }

  /** The run's MD5 (one thread: the run's). */
  private final java.security.MessageDigest digest = md5();

  private static java.security.MessageDigest md5() {
    try {
      return java.security.MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
      progress.report(counts.records, false);
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
