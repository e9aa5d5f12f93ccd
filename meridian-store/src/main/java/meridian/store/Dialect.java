package meridian.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Everything that differs between the three supported databases (ARCHITECTURE rule 7): where the
 * migrations are, how a JSON document is written, how a write locks the rows it read, and what
 * the driver's error codes mean. All other SQL sticks to the portable subset. Binary name order
 * and the JSON column types are set in each dialect's migrations.
 */
public enum Dialect {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql"),
  MARIADB("mysql");

  private final String migrationFolder;

  Dialect(String migrationFolder) {
    this.migrationFolder = migrationFolder;
  }

  public static Dialect fromJdbcUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
      return MARIADB;
    }
    throw new IllegalArgumentException(
        "unsupported database URL '" + url + "': use jdbc:postgresql://… or jdbc:mariadb://…");
  }

  /** Flyway location holding this dialect's {@code V*__*.sql} files. */
  public String migrationLocation() {
    return "classpath:db/migration/" + migrationFolder;
  }

  /**
   * Whether the store's work is done by this process's own CPU (the embedded store, a library in the
   * JVM), rather than by a database server's: then a search's time is the server's cores, and
   * more searches at once than cores only share them ({@code SearchService}).
   */
  public boolean runsInProcess() {
    return this == SQLITE;
  }

  /**
   * SQLite allows one writer at a time for the whole file. Serialising writers inside the JVM
   * (see {@link Database#inTransaction}) is cheaper than letting them spin on SQLITE_BUSY; the
   * server and row versions still guard against writers in other processes.
   */
  public boolean needsProcessWriteLock() {
    return this == SQLITE;
  }

  /**
   * What ends a SELECT that a write transaction makes on the rows it is about to change. On
   * PostgreSQL and MariaDB the rows are locked until commit, so concurrent writers of one entity
   * queue behind each other instead of all reading the same version and all but one failing the
   * row-version guard (which stays, as the proof). SQLite's BEGIN IMMEDIATE already holds the
   * whole database for the writer, and it has no FOR UPDATE.
   */
  public String lockForUpdate() {
    return this == SQLITE ? "" : " FOR UPDATE";
  }

  /**
   * What ends a SELECT that takes a shared lock on the rows it reads until the transaction ends: a
   * create under a parent holds its parent this way, so that a recursive delete of the parent, which
   * must lock it exclusively, waits for the create and then sees its child (see
   * {@code EntityDao#lockShared}). SQLite has one writer at a time and needs none.
   */
  public String lockForShare() {
    return switch (this) {
      case SQLITE -> "";
      case POSTGRESQL -> " FOR SHARE";
      case MARIADB -> " LOCK IN SHARE MODE";
    };
  }

  /**
   * How many rows each table's list totals are spread over ({@code entity_count.stripe}): one on
   * SQLite, whose writers take turns anyway; several where writers run at once, so that two
   * creates rarely wait for each other's counter row.
   */
  public int countStripes() {
    return this == SQLITE ? 1 : 16;
  }

  /**
   * Adds {@code :n} to one counter row, making it when it is not there yet: the upsert form,
   * which is the one statement whose spelling differs between the three.
   */
  public String addToCount() {
    String insert =
        "INSERT INTO entity_count_by_parent (name, parent_id, stripe, deleted, n) VALUES (:name, :parentId, :stripe, :deleted, :n)";
    return switch (this) {
      case SQLITE, POSTGRESQL ->
          insert + " ON CONFLICT (name, parent_id, stripe, deleted) DO UPDATE SET n = entity_count_by_parent.n + excluded.n";
      case MARIADB -> insert + " ON DUPLICATE KEY UPDATE n = n + VALUES(n)";
    };
  }

  /** Adds {@code :n} to one stripe of one combination's count in {@code search_count}, making the row when it is not there. */
  public String addToSearchCount() {
    String insert = "INSERT INTO search_count (facet_hash, stripe, entity_type, deleted, service, service_type, database_name, schema_name, n)"
        + " VALUES (:hash, :stripe, :entityType, :deleted, :service, :serviceType, :database, :schema, :n)";
    return switch (this) {
      case SQLITE, POSTGRESQL -> insert + " ON CONFLICT (facet_hash, stripe) DO UPDATE SET n = search_count.n + excluded.n";
      case MARIADB -> insert + " ON DUPLICATE KEY UPDATE n = n + VALUES(n)";
    };
  }

  /**
   * The SQL expression that stores the bound text parameter {@code name} in a JSON column:
   * PostgreSQL needs the cast from text to its {@code json} type written out; the others store text.
   */
  public String jsonValue(String name) {
    return this == POSTGRESQL ? "CAST(:" + name + " AS JSON)" : ":" + name;
  }

  /**
   * The SQL expression for the text of the top-level member {@code member} of the JSON document in
   * {@code column} (SQL NULL when it has none). {@code member} must be a plain name: it is put in
   * the SQL text.
   */
  public String jsonMemberText(String column, String member) {
    if (!member.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain member name: " + member);
    }
    return switch (this) {
      case SQLITE -> "json_extract(" + column + ", '$." + member + "')";
      case POSTGRESQL -> column + "->>'" + member + "'";
      // JSON_UNQUOTE gives a JSON null as the text "null": as SQL NULL, as the others give it.
      case MARIADB -> "CASE WHEN JSON_TYPE(JSON_EXTRACT(" + column + ", '$." + member + "')) = 'NULL' THEN NULL"
          + " ELSE JSON_UNQUOTE(JSON_EXTRACT(" + column + ", '$." + member + "')) END";
    };
  }

  /**
   * A search token as this store's full-text index keeps it. InnoDB's FULLTEXT skips words shorter
   * than {@code innodb_ft_min_token_size} (3 by default, a server setting) and its stop words
   * ("a", "the", "in", …): on MariaDB every token carries the prefix {@code zz}, so that every
   * stored word is long enough and none is a stop word. The others keep tokens as they are.
   */
  public String searchToken(String token) {
    return this == MARIADB ? "zz" + token : token;
  }

  /**
   * The FROM clause of a search: {@code search_entry} as {@code s}, and on SQLite, when the search
   * has words, the FTS5 table first, so that the plan starts from the words' matches (joined by
   * rowid) instead of reading every row of the entity types and probing the matches.
   */
  public String searchFrom(boolean words) {
    return this == SQLITE && words ? "search_fts CROSS JOIN search_entry s" : "search_entry s";
  }

  /**
   * Whether a search row's rowid carries its combination of facets (the id of its row in {@code search_count}
   * shifted 32 bits left, plus a number within it), so that a search counts its matches per facet
   * and finds the score's tiers from the full-text index alone ({@link TieredSearch}): the embedded
   * store. PostgreSQL's and MariaDB's rows have no rowid a search could read.
   */
  public boolean searchRowsByCombination() {
    return this == SQLITE;
  }

  /**
   * Whether a write notes what the full-text index must catch up on ({@code search_pending}), rather
   * than writing the index in its own transaction ({@link FullTextUpkeep#catchUp}): the embedded store,
   * where FTS5 writes a segment of its own per transaction. PostgreSQL's and MariaDB's indexes are
   * written with the row.
   */
  public boolean searchIndexCatchesUp() {
    return this == SQLITE;
  }

  /**
   * What goes between {@code WITH name AS} and the query of a common table expression that a
   * statement reads more than once, so that it is computed once: SQLite and PostgreSQL take the
   * {@code MATERIALIZED} hint. MariaDB has no such keyword, and computes such an expression again
   * for each place that reads it (it copies the expression per reference): see
   * {@link #computesSharedSetsOnce}.
   */
  public String materialized() {
    return this == MARIADB ? "" : "MATERIALIZED ";
  }

  /**
   * Whether a common table expression read in several places of a statement is computed once
   * ({@link #materialized}): true on SQLite and PostgreSQL. On MariaDB a statement that reads a
   * set of matches in many places would match the words that many times over.
   */
  public boolean computesSharedSetsOnce() {
    return this != MARIADB;
  }

  /**
   * How a search that starts from another table (the tag usages or relationships an aggregation
   * counts, usually far fewer than a broad search's matches) joins {@code search_entry s}: on SQLite
   * a CROSS JOIN, which keeps that table as the outer loop (its planner has no statistics to know
   * which side is smaller); elsewhere a plain JOIN the planner orders from its statistics.
   */
  public String searchJoinAfter() {
    return this == SQLITE ? "CROSS JOIN" : "JOIN";
  }

  /**
   * {@link #searchCondition} for a search whose FROM clause is not {@link #searchFrom} (one that
   * starts from another table): on SQLite the words' matches are a set the row's rowid is looked up in.
   */
  public String searchConditionOnEntry() {
    return this == SQLITE ? "s.seq IN (SELECT rowid FROM search_fts WHERE search_fts MATCH :match)" : searchCondition();
  }

  /**
   * The condition that a {@code search_entry} row (alias {@code s}) holds every one of
   * {@code tokens} (as {@link #searchToken} stores them), the last as a prefix, in any of its token
   * columns; it binds {@code :match} to {@link #searchMatch}. Goes with {@link #searchFrom}.
   */
  public String searchCondition() {
    return switch (this) {
      case SQLITE -> "search_fts MATCH :match AND s.seq = search_fts.rowid";
      case POSTGRESQL -> "to_tsvector('simple'::regconfig, s.t_name || ' ' || s.t_display || ' ' || s.t_columns || ' ' || s.t_description)"
          + " @@ to_tsquery('simple'::regconfig, :match)";
      case MARIADB -> "MATCH (s.t_name, s.t_display, s.t_columns, s.t_description) AGAINST (:match IN BOOLEAN MODE)";
    };
  }

  /** The text {@link #searchCondition} binds: every token required, the last one as a prefix. Tokens are letters and digits only. */
  public String searchMatch(java.util.List<String> tokens) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      String token = searchToken(tokens.get(i));
      boolean prefix = i == tokens.size() - 1;
      switch (this) {
        case SQLITE -> out.append(i > 0 ? " AND " : "").append('"').append(token).append('"').append(prefix ? "*" : "");
        case POSTGRESQL -> out.append(i > 0 ? " & " : "").append('\'').append(token).append('\'').append(prefix ? ":*" : "");
        case MARIADB -> out.append(i > 0 ? " " : "").append('+').append(token).append(prefix ? "*" : "");
      }
    }
    return out.toString();
  }

  /**
   * The typed failure for a driver error, or the error itself when it is none of the kinds callers
   * act on. Codes, never message text (ARCHITECTURE rule 5).
   */
  public RuntimeException classify(RuntimeException failure) {
    if (failure instanceof StoreFailure) {
      return failure;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        StoreFailure typed = classify(sql);
        if (typed != null) {
          return typed;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return failure;
  }

  private StoreFailure classify(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (isUniqueViolation(e)) {
      return new StoreFailure.UniqueViolation(e);
    }
    boolean conflict = switch (this) {
      case POSTGRESQL -> state.equals("40P01") || state.equals("40001");
      case MARIADB -> e.getErrorCode() == 1213 || e.getErrorCode() == 1205 || state.equals("40001");
      case SQLITE -> e instanceof SQLiteException s
          && (s.getResultCode() == SQLiteErrorCode.SQLITE_BUSY || s.getResultCode() == SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT);
    };
    if (conflict) {
      return new StoreFailure.WriteConflict(e);
    }
    // SQLState class 08 is "connection exception" in the SQL standard; 57P01-57P03 are PostgreSQL's
    // administrator shutdown, crash shutdown and "cannot connect now" (starting up); Hikari's
    // "connection is not available" after its timeout is a transient connection exception.
    boolean unavailable = state.startsWith("08")
        || (this == POSTGRESQL && (state.equals("57P01") || state.equals("57P02") || state.equals("57P03")))
        || (this == MARIADB && (e.getErrorCode() == 1927 || e.getErrorCode() == 2006 || e.getErrorCode() == 2013))
        || e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException;
    return unavailable ? new StoreFailure.Unavailable(e) : null;
  }

  /**
   * A unique-key violation, recognised by vendor code, never by message text (ARCHITECTURE rule
   * 5): PostgreSQL SQLState 23505, MariaDB error 1062, SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY.
   */
  boolean isUniqueViolation(SQLException e) {
    return switch (this) {
      case POSTGRESQL -> "23505".equals(e.getSQLState());
      case MARIADB -> e.getErrorCode() == 1062;
      case SQLITE ->
          e instanceof SQLiteException s
              && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                  || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    };
  }
}
