package meridian.core.features.ingestion;

import java.sql.SQLException;
import java.util.List;

/**
 * A database being ingested, read over JDBC in a few set-based catalog queries per schema (ingestion
 * spec §4.3) — never per table — on one connection, read-only, with a statement timeout.
 */
interface Source extends AutoCloseable {
  /** A source object's name and its comment (null when it has none). */
  record Named(String name, String description) {}

  /** A column as read: its native type already in OM's terms. */
  record SourceColumn(String name, SourceTypes.Mapped type, boolean nullable, String description, int position) {}

  /** A key: {@code type} p (primary), u (unique) or f (foreign, with what it refers to). */
  record Key(String type, List<String> columns, String refSchema, String refTable, List<String> refColumns) {}

  /** A table or view of a schema, with everything its CreateTable needs. */
  record SourceTable(String name, String tableType, String description, String definition, List<SourceColumn> columns, List<Key> keys) {}

  /** The databases to ingest, in OM's terms (PostgreSQL's databases; MySQL's one database, named by databaseName or "default"). */
  List<String> databases() throws SQLException;

  /** Reads {@code database} from now on (PostgreSQL connects to it; MySQL has one). */
  void use(String database) throws SQLException;

  /** The schemas of the current database. */
  List<Named> schemas() throws SQLException;

  /** The tables and views of one schema, each with its columns and keys. */
  List<SourceTable> tables(String schema) throws SQLException;

  /** The step name OM's status gives the source ("Postgres", "Mysql", …). */
  String stepName();

  @Override
  void close();
}
